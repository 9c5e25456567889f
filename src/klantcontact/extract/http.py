"""GET one page of a system's API: retries, credentials, and one clear error otherwise.

requests with urllib3's Retry: 429 and 500/502/503/504 and connection failures are retried
a bounded number of times with exponential backoff, honouring Retry-After (capped, so a
misconfigured server cannot park the extract for hours). A 401 gets one retry with a
fresh credential (a token that expired in between). Anything else that is not a 200 with
a JSON body stops the extract with ExtractError naming the endpoint, the page and, for
401/403, the settings to check. Messages never hold a credential: they name paths relative
to the base URL, not full URLs, and never echo request headers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from klantcontact.extract.errors import ExtractError
from klantcontact.extract.tokens import Credentials

RETRY_STATUSES = (429, 500, 502, 503, 504)
# (connect, read) seconds; a page of 5000 KISS records can take a while to compute.
TIMEOUT = (15.0, 300.0)
USER_AGENT = "klantcontact-extract"


class _CutOff(Exception):
    """Every attempt's body stopped before its end."""


class _Retry(Retry):
    # At most this many seconds of a Retry-After header are honoured.
    RETRY_AFTER_MAX = 300.0

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.RETRY_AFTER_MAX)


@dataclass(frozen=True)
class HttpOptions:
    # Retries after the first attempt; backoff doubles from backoff_factor seconds.
    retries: int = 5
    backoff_factor: float = 1.0
    backoff_max: float = 120.0
    timeout: tuple[float, float] = TIMEOUT

    def backoff(self, retry: int) -> float:
        """Seconds before retry number retry (1, 2, ...), as urllib3's Retry waits: none
        before the first, then backoff_factor * 2, * 4, * 8, ... up to backoff_max."""
        if retry <= 1:
            return 0.0
        return min(self.backoff_factor * 2 ** (retry - 1), self.backoff_max)


@dataclass(frozen=True)
class Page:
    body: bytes
    document: Any
    api_version: str | None
    # "GET <path> page N", for messages about this page.
    label: str

    def results(self, *, bare_list: bool = False) -> list[dict[str, Any]]:
        """The records: the envelope's results list (or, with bare_list, the page itself
        when it is a list: KISS up to v0.5.0). Any other shape stops the extract."""
        document = self.document
        if bare_list and isinstance(document, list):
            records = document
        elif isinstance(document, dict) and isinstance(document.get("results"), list):
            records = document["results"]
        else:
            expected = "an envelope with a results list" + (" or a list" if bare_list else "")
            raise ExtractError(f"{self.label}: unexpected shape, not {expected}")
        if not all(isinstance(record, dict) for record in records):
            raise ExtractError(f"{self.label}: unexpected shape, a result that is not an object")
        return records

    @property
    def has_next(self) -> bool:
        """The envelope names a next page."""
        return isinstance(self.document, dict) and bool(self.document.get("next"))


def strip_credentials(url: str) -> str:
    """url without user:password@ (never shown)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def session(options: HttpOptions) -> requests.Session:
    retry = _Retry(
        total=options.retries,
        connect=options.retries,
        read=options.retries,
        status=options.retries,
        other=0,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=options.backoff_factor,
        backoff_max=options.backoff_max,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    result = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    result.mount("http://", adapter)
    result.mount("https://", adapter)
    result.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return result


class ApiClient:
    """GETs below one system's base URL with its credentials."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        auth_settings: str,
        url_setting: str,
        options: HttpOptions,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._credentials = credentials
        # The variables to check on 401/403, e.g. "KCC_KISS_API_KEY", and on a redirect.
        self._auth_settings = auth_settings
        self._url_setting = url_setting
        self._options = options
        self._session = session(options)
        # Paths that answered 200 once: a 404 there is a vanished page, not a wrong URL.
        self._found: set[str] = set()

    def close(self) -> None:
        self._session.close()

    def _request(
        self, url: str, params: Mapping[str, str | int], headers: Mapping[str, str]
    ) -> requests.Response:
        response = self._session.get(
            url,
            params=dict(params),
            headers={**headers, **self._credentials.headers()},
            timeout=self._options.timeout,
            allow_redirects=False,
        )
        # Read the body here: a connection cut off mid-body fails now, not later.
        _ = response.content
        return response

    def _complete(
        self, url: str, params: Mapping[str, str | int], headers: Mapping[str, str]
    ) -> requests.Response:
        """_request, again (with the backoff) when the body is cut off: urllib3 retries
        failed connections and statuses, not a body that stops half-way."""
        for attempt in range(self._options.retries + 1):
            try:
                return self._request(url, params, headers)
            except (requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as error:  # fmt: skip
                last = error
                if attempt < self._options.retries:
                    time.sleep(self._options.backoff(attempt + 1))
        raise _CutOff(type(last).__name__)

    def get(
        self,
        path: str,
        params: Mapping[str, str | int],
        where: str,
        headers: Mapping[str, str] | None = None,
    ) -> Page:
        """The page at base_url + path with params; where says which page for messages
        ("page 3", "page 1 for zaak <uuid>")."""
        label = f"GET {path} {where}"
        url = self.base_url + path
        attempts = self._options.retries + 1
        try:
            response = self._complete(url, params, headers or {})
            if response.status_code == HTTPStatus.UNAUTHORIZED:
                self._credentials.renew()
                response = self._complete(url, params, headers or {})
        except _CutOff as error:
            raise ExtractError(
                f"{label}: the response was cut off {attempts} times ({error})"
            ) from None
        except requests.RequestException as error:
            raise ExtractError(
                f"{label}: no response after {attempts} attempts ({type(error).__name__})"
            ) from None
        status = response.status_code
        if status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
            raise ExtractError(
                f"{label}: HTTP {status} {_reason(status)}: the system refused the "
                f"credentials (or they lack the rights); check {self._auth_settings}"
            )
        if status in RETRY_STATUSES:
            raise ExtractError(
                f"{label}: HTTP {status} {_reason(status)} after "
                f"{self._options.retries + 1} attempts"
            )
        if status == HTTPStatus.NOT_FOUND and path not in self._found:
            raise ExtractError(
                f"{label}: HTTP 404 Not Found: no such endpoint below "
                f"{strip_credentials(self.base_url)}; "
                f"check {self._url_setting}"
            )
        if status == HTTPStatus.NOT_FOUND:
            raise ExtractError(
                f"{label}: HTTP 404 Not Found: a page announced as next no longer exists "
                "(records changed during the extract); run it again"
            )
        if status == HTTPStatus.PRECONDITION_FAILED:
            raise ExtractError(f"{label}: HTTP 412 Precondition Failed{_detail(response)}")
        if 300 <= status < 400:
            target = strip_credentials(response.headers.get("Location", "")) or "elsewhere"
            raise ExtractError(
                f"{label}: HTTP {status} {_reason(status)}, redirected to {target}; "
                f"check {self._url_setting}"
            )
        if status != HTTPStatus.OK:
            raise ExtractError(f"{label}: HTTP {status} {_reason(status)}{_detail(response)}")
        try:
            document = json.loads(response.content)
        except ValueError:
            kind = response.headers.get("Content-Type", "no content type")
            raise ExtractError(f"{label}: the response is not JSON ({kind})") from None
        self._found.add(path)
        return Page(response.content, document, response.headers.get("API-version"), label)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _detail(response: requests.Response) -> str:
    """The start of an error body (a system's own explanation, e.g. KISS's 400 text)."""
    text = response.text.strip().replace("\n", " ")
    return f": {text[:200]}" if text else ""

