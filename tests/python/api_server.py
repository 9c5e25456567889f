"""A real HTTP server that answers like KISS, Open Klant 2 and Open Zaak, for the extract's
tests (tests/python/test_extract.py) and anyone who wants to try `klantcontact extract`.

    with ApiServer() as server:
        server.kiss_url, server.openklant_url, server.openzaak_url  # the base URLs

It serves the records of tests/python/fixtures/api/<system>/<resource>.json, in which
`{kiss}`, `{openklant}` and `{openzaak}` stand for the systems' base URLs (all three on one
127.0.0.1 port, below /kiss, /openklant and /openzaak), and behaves as the real systems do
in what the extract relies on:

- KISS GET /api/contactmomentendetails: from/to required in exactly yyyy-MM-ddTHH:mm:ssZ
  (else 400 with KISS's plain-text message), inclusive on startdatum, newest first;
  pageSize 1..5000 (else 400), page >= 1; the envelope {count, next, previous, results}
  with absolute next/previous URLs; a page past the last one 404 with KISS's body; an
  HS256 JWT signed with the key, exp required and not past (else 401); JSON written as
  ASP.NET's System.Text.Json writes it (compact, `+`, `'`, `<`, `>`, `&` and non-ASCII
  escaped). `kiss_bare_array` answers as KISS up to v0.5.0: a bare list, no envelope.
- Open Klant /klantinteracties/api/v1/{klantcontacten, internetaken, actoren, betrokkenen,
  partijen, digitaleadressen, onderwerpobjecten}: `Authorization: Token <token>` (else 401),
  pageSize default 100, at most 500, a page past the last one 404, unknown query
  parameters 400, `expand` on klantcontacten (its six values), klantcontacten newest
  plaatsgevondenOp first, the others newest created first (the fixture lists are in
  creation order); header API-version.
- Open Zaak /zaken/api/v1/{zaken, statussen, resultaten, rollen} and
  /catalogi/api/v1/{zaaktypen, statustypen, resultaattypen}: an HS256 JWT signed with the
  secret whose client_id/iss is the client id and whose iat is at most JWT_EXPIRY (3600 s)
  old (else 403, as Open Zaak answers); /zaken needs `Accept-Crs: EPSG:4326` (missing: 412,
  another value: 406) and answers Content-Crs; pages of `zaken_page_size` (100, the
  standard's) or pageSize; the filters einddatum__isnull, einddatum__gt, einddatum__lt,
  zaak, omschrijvingGeneriek and (catalogi) status (default definitief: concepts hidden);
  any other query parameter 400 (this server knows fewer filters than Open Zaak); newest
  created first; headers API-version.

Faults for tests: `server.fault(path_suffix, kind, page=..., times=...)`, kind one of
`status` (with status= and retry_after=), `not_json`, `wrong_shape`, `truncate` (the body
cut off mid-way), `redirect` (302 to a login page); and `server.inflate_next(path_suffix)`
(the last page still names a next page, which then 404s). `server.seen` lists every
request (path, query, headers, status).

`extract_fixture_world(raw_dir)` serves the records and extracts the window 14 April -
31 May 2025 into raw_dir, as a municipality's `make extract` would.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import jwt

FIXTURES = Path(__file__).parent / "fixtures" / "api"
KISS_KEY = "a-kiss-managementinformatie-key-of-44-chars!"
OPENKLANT_TOKEN = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b"
OPENZAAK_CLIENT_ID = "klantcontact"
OPENZAAK_SECRET = "open-zaak-client-secret-for-tests"
JWT_EXPIRY = 3600
KISS_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
KISS_BAD_DATE = (
    "Ongeldig datumnotatie. Gebruik de ISO 8601-notatie (yyyy-MM-ddTHH:mm:ssZ)."
)
OPENKLANT_VERSION = "0.9.0"
ZAKEN_VERSION = "1.5.1"
CATALOGI_VERSION = "1.3.1"
OPENKLANT_RESOURCES = {
    "klantcontacten": {"expand"},
    "internetaken": set(),
    "actoren": set(),
    "betrokkenen": set(),
    "partijen": set(),
    "digitaleadressen": set(),
    "onderwerpobjecten": set(),
}
KLANTCONTACT_EXPAND = {
    "hadBetrokkenen", "hadBetrokkenen.digitaleAdressen", "hadBetrokkenen.wasPartij",
    "gingOverOnderwerpobjecten", "leiddeTotInterneTaken", "omvatteBijlagen",
}  # fmt: skip
ZAKEN_RESOURCES = {
    "zaken": {"einddatum__isnull", "einddatum__gt", "einddatum__lt"},
    "statussen": {"zaak"},
    "resultaten": {"zaak"},
    "rollen": {"zaak", "omschrijvingGeneriek"},
}
CATALOGI_RESOURCES = {"zaaktypen": {"status"}, "statustypen": {"status"},
                      "resultaattypen": {"status"}}  # fmt: skip


def dotnet_json(document: Any) -> bytes:
    """JSON as System.Text.Json's default encoder writes it: compact, non-ASCII and
    HTML-sensitive characters escaped with upper-case hex."""
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=True)
    text = re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), text)
    for char in "+'<>&":
        text = text.replace(char, f"\\u{ord(char):04X}")
    return text.encode("utf-8")


def drf_json(document: Any) -> bytes:
    """JSON as Django REST framework writes it: compact, UTF-8."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def problem(status: int, code: str, title: str, detail: str = "", **extra: Any) -> bytes:
    return drf_json({
        "type": f"http://testserver/ref/fouten/{code}/", "code": code, "title": title,
        "status": status, "detail": detail, "instance": f"urn:uuid:{uuid.uuid4()}", **extra,
    })  # fmt: skip


def load(system: str, base: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The fixture records of system with the placeholders replaced by base URLs."""
    records = {}
    for path in sorted((FIXTURES / system).glob("*.json")):
        text = path.read_text(encoding="utf-8")
        for name, url in base.items():
            text = text.replace("{" + name + "}", url)
        records[path.stem] = json.loads(text)
    return records


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0


@dataclass
class Fault:
    suffix: str
    kind: str
    page: int | None
    times: int | None
    status: int = 503
    retry_after: str | None = None

    def matches(self, path: str, page: int) -> bool:
        return (
            path.endswith(self.suffix)
            and (self.page is None or self.page == page)
            and (self.times is None or self.times > 0)
        )


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    truncate: bool = False


class ApiServer:
    def __init__(
        self,
        *,
        kiss_key: str = KISS_KEY,
        openklant_token: str = OPENKLANT_TOKEN,
        openzaak_client_id: str = OPENZAAK_CLIENT_ID,
        openzaak_secret: str = OPENZAAK_SECRET,
        zaken_page_size: int = 100,
        kiss_bare_array: bool = False,
        port: int = 0,
    ) -> None:
        self.port = port  # 0: any free port
        self.kiss_key = kiss_key
        self.openklant_token = openklant_token
        self.openzaak_client_id = openzaak_client_id
        self.openzaak_secret = openzaak_secret
        self.zaken_page_size = zaken_page_size
        self.kiss_bare_array = kiss_bare_array
        self.seen: list[Seen] = []
        self.faults: list[Fault] = []
        self.inflated: set[str] = set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.records: dict[str, dict[str, list[dict[str, Any]]]] = {}

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> ApiServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One segment per reply, sent at once (no 40 ms delayed-ACK stalls).
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802
                server._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        base = {
            "kiss": self.kiss_url, "openklant": self.openklant_url,
            "openzaak": self.openzaak_url,
        }  # fmt: skip
        self.records = {system: load(system, base) for system in base}
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server and self._thread
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def base_url(self) -> str:
        assert self._server
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def kiss_url(self) -> str:
        return f"{self.base_url}/kiss"

    @property
    def openklant_url(self) -> str:
        return f"{self.base_url}/openklant"

    @property
    def openzaak_url(self) -> str:
        return f"{self.base_url}/openzaak"

    # -- faults ---------------------------------------------------------------------------
    def fault(
        self,
        suffix: str,
        kind: str = "status",
        *,
        page: int | None = None,
        times: int | None = None,
        status: int = 503,
        retry_after: str | None = None,
    ) -> None:
        """Answer requests whose path ends with suffix (and with page, when given) with a
        fault, times times (None: always)."""
        assert kind in {"status", "not_json", "wrong_shape", "truncate", "redirect"}
        with self._lock:
            self.faults.append(Fault(suffix, kind, page, times, status, retry_after))

    def inflate_next(self, suffix: str) -> None:
        """The last page of suffix names a next page anyway (which answers 404)."""
        self.inflated.add(suffix)

    def requests_to(self, suffix: str) -> list[Seen]:
        with self._lock:
            return [seen for seen in self.seen if seen.path.endswith(suffix)]

    # -- dispatch -------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in handler.headers.items()}
        seen = Seen(parts.path, query, headers)
        with self._lock:
            self.seen.append(seen)
        fault = self._take_fault(parts.path, query)
        reply = self._faulty(fault) if fault else None
        if reply is None:
            reply = self._answer(parts.path, query, headers)
            reply.truncate = fault is not None and fault.kind == "truncate" and reply.status == 200
        seen.status = reply.status
        body = reply.body
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        if reply.truncate:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2] if reply.truncate else body)
        handler.wfile.flush()

    def _take_fault(self, path: str, query: dict[str, str]) -> Fault | None:
        """The first fault for this request (counting it down)."""
        try:
            page = int(query.get("page", "1"))
        except ValueError:
            return None
        with self._lock:
            fault = next((f for f in self.faults if f.matches(path, page)), None)
            if fault is not None and fault.times is not None:
                fault.times -= 1
        return fault

    def _faulty(self, fault: Fault) -> Reply | None:
        if fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            body = b"" if fault.status == 401 else problem(fault.status, "fault", "Storing")
            return Reply(fault.status, body, headers=headers)
        if fault.kind == "redirect":  # a single sign-on proxy in front of the API
            location = "https://login.example.nl/sso/authorize?state=s3cr3t-state"
            return Reply(302, b"", "text/html", headers={"Location": location})
        if fault.kind == "not_json":
            return Reply(200, b"<html><body>Even geduld a.u.b.</body></html>", "text/html")
        if fault.kind == "wrong_shape":
            return Reply(200, drf_json({"data": [], "total": 0}))
        return None  # truncate: the real page, cut off (below)

    def _answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Reply:
        if path == "/kiss/api/contactmomentendetails":
            return self._kiss(path, query, headers)
        match = re.fullmatch(r"/openklant/klantinteracties/api/v1/(\w+)", path)
        if match and match.group(1) in OPENKLANT_RESOURCES:
            return self._openklant(match.group(1), path, query, headers)
        match = re.fullmatch(r"/openzaak/(zaken|catalogi)/api/v1/(\w+)", path)
        if match:
            api, resource = match.groups()
            known = ZAKEN_RESOURCES if api == "zaken" else CATALOGI_RESOURCES
            if resource in known:
                return self._openzaak(api, resource, path, query, headers)
        return Reply(404, problem(404, "not_found", "Niet gevonden."))

    # -- KISS -----------------------------------------------------------------------------
    def _kiss(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Reply:
        if not self._kiss_token_ok(headers.get("authorization", "")):
            return Reply(401, b"", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        texts = {"content_type": "text/plain; charset=utf-8"}
        window = []
        for name in ("from", "to"):
            value = query.get(name, "")
            if not KISS_DATE.match(value):
                return Reply(400, KISS_BAD_DATE.encode(), **texts)
            window.append(dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC))
        try:
            page_size = int(query.get("pageSize", "5000"))
            page = int(query.get("page", "1"))
        except ValueError:
            return Reply(400, problem(400, "invalid", "Ongeldige invoer."))
        if not 1 <= page_size <= 5000:
            return Reply(400, b"Paginagrootte moet tussen 1 en 5000 liggen.", **texts)
        if page < 1:
            return Reply(400, b"Paginanummer moet minimaal 1 zijn.", **texts)
        start, end = window
        records = [
            record for record in self.records["kiss"]["contactmomentendetails"]
            if start <= dt.datetime.fromisoformat(record["startdatum"]) <= end
        ]  # fmt: skip
        records.sort(key=lambda record: dt.datetime.fromisoformat(record["startdatum"]),
                     reverse=True)  # fmt: skip
        count = len(records)
        pages = -(-count // page_size)
        chunk = records[(page - 1) * page_size : page * page_size]
        if self.kiss_bare_array:
            return Reply(200, dotnet_json(chunk), "application/json; charset=utf-8")
        if count > 0 and page > pages:
            body = dotnet_json({
                "title": f"Ongeldige pagina. Totaal aantal pagina's gaat tot maximaal {pages}.",
                "instance": f"urn:uuid:{uuid.uuid4()}",
            })  # fmt: skip
            return Reply(404, body, "application/json; charset=utf-8")

        def link(number: int) -> str:
            params = {"from": query["from"], "to": query["to"], "pageSize": str(page_size),
                      "page": str(number)}  # fmt: skip
            return f"{self.base_url}{path}?" + urlencode(params, quote_via=quote, safe="")

        last = page * page_size >= count and path not in self.inflated
        if path in self.inflated and page > pages:
            last = True
        envelope = {
            "count": count,
            "next": None if last else link(page + 1),
            "previous": None if page == 1 else link(page - 1),
            "results": chunk,
        }
        return Reply(200, dotnet_json(envelope), "application/json; charset=utf-8")

    def _kiss_token_ok(self, authorization: str) -> bool:
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            return False
        try:
            jwt.decode(token, self.kiss_key.encode("utf-8"), algorithms=["HS256"],
                       options={"require": ["exp"]})  # fmt: skip
        except jwt.PyJWTError:
            return False
        return True

    # -- Open Klant -----------------------------------------------------------------------
    def _openklant(
        self, resource: str, path: str, query: dict[str, str], headers: dict[str, str]
    ) -> Reply:
        version = {"API-version": OPENKLANT_VERSION}
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme != "Token" or not token:
            body = problem(401, "not_authenticated", "Authenticatiegegevens zijn niet opgegeven.")
            return Reply(401, body, headers={**version, "WWW-Authenticate": "Token"})
        if token != self.openklant_token:
            body = problem(401, "authentication_failed", "Ongeldige token.")
            return Reply(401, body, headers={**version, "WWW-Authenticate": "Token"})
        unknown = set(query) - {"page", "pageSize"} - OPENKLANT_RESOURCES[resource]
        if unknown:
            return Reply(400, problem(
                400, "invalid", "Ongeldige invoer.", invalidParams=[{
                    "name": "nonFieldErrors", "code": "unknown-parameters",
                    "reason": f"Onbekende query parameters: {', '.join(sorted(unknown))}",
                }],
            ), headers=version)  # fmt: skip
        records = self.records["openklant"][resource]
        if resource == "klantcontacten":
            # -plaatsgevondenOp, -pk: a stable sort of the newest-created-first list.
            records = sorted(records[::-1], key=lambda r: r["plaatsgevondenOp"], reverse=True)
            expand = [e for e in query.get("expand", "").split(",") if e]
            if set(expand) - KLANTCONTACT_EXPAND:
                return Reply(400, problem(400, "invalid", "Ongeldige invoer.", invalidParams=[{
                    "name": "expand", "code": "invalid-expand-field",
                    "reason": "Opgegeven expand-veld bestaat niet.",
                }]), headers=version)  # fmt: skip
            if expand:
                # Indexed once per request: expanding is linear in the records served.
                indexes = {
                    name: self._by_url(name)
                    for name in ("betrokkenen", "digitaleadressen", "partijen", "internetaken",
                                 "onderwerpobjecten")
                }  # fmt: skip
                records = [
                    self._expand_klantcontact(record, set(expand), indexes) for record in records
                ]
        else:
            records = records[::-1]
        return self._drf_page(path, query, records, default_size=100, max_size=500,
                              headers=version)  # fmt: skip

    def _by_url(self, resource: str) -> dict[str, dict[str, Any]]:
        return {record["url"]: record for record in self.records["openklant"][resource]}

    def _expand_klantcontact(
        self, record: dict[str, Any], expand: set[str],
        indexes: dict[str, dict[str, dict[str, Any]]],
    ) -> dict[str, Any]:  # fmt: skip
        betrokkenen = indexes["betrokkenen"]
        adressen = indexes["digitaleadressen"]
        partijen = indexes["partijen"]
        taken = indexes["internetaken"]
        objecten = indexes["onderwerpobjecten"]
        out: dict[str, Any] = {}
        if "hadBetrokkenen" in expand or any(e.startswith("hadBetrokkenen.") for e in expand):
            nested = []
            for ref in record["hadBetrokkenen"]:
                betrokkene = dict(betrokkenen[ref["url"]])
                inner: dict[str, Any] = {}
                if "hadBetrokkenen.digitaleAdressen" in expand:
                    inner["digitaleAdressen"] = [
                        adressen[a["url"]] for a in betrokkene["digitaleAdressen"]
                    ]
                if "hadBetrokkenen.wasPartij" in expand:
                    partij = betrokkene["wasPartij"]
                    inner["wasPartij"] = partijen[partij["url"]] if partij else None
                if inner:
                    betrokkene["_expand"] = inner
                nested.append(betrokkene)
            out["hadBetrokkenen"] = nested
        if "leiddeTotInterneTaken" in expand:
            out["leiddeTotInterneTaken"] = [
                taken[t["url"]] for t in record["leiddeTotInterneTaken"]
            ]
        if "gingOverOnderwerpobjecten" in expand:
            out["gingOverOnderwerpobjecten"] = [
                objecten[o["url"]] for o in record["gingOverOnderwerpobjecten"]
            ]
        if "omvatteBijlagen" in expand:
            out["omvatteBijlagen"] = []
        return {**record, "_expand": out}

    def _drf_page(
        self, path: str, query: dict[str, str], records: list[dict[str, Any]],
        default_size: int, max_size: int, headers: dict[str, str],
    ) -> Reply:  # fmt: skip
        """A page as DRF's page-number pagination gives it (page size clamped)."""
        try:
            page = int(query.get("page", "1"))
            size = min(int(query.get("pageSize", str(default_size))), max_size)
        except ValueError:
            page, size = 0, default_size
        pages = max(1, -(-len(records) // size)) if size > 0 else 0
        if not 1 <= page <= pages:
            body = problem(404, "not_found", "Niet gevonden.", "Ongeldige pagina.")
            return Reply(404, body, headers=headers)

        def link(number: int) -> str:
            params = sorted({**query, "page": str(number)}.items())
            return f"{self.base_url}{path}?{urlencode(params)}"

        last = page == pages and path not in self.inflated
        envelope = {
            "count": len(records),
            "next": None if last else link(page + 1),
            "previous": None if page == 1 else link(page - 1),
            "results": records[(page - 1) * size : page * size],
        }
        return Reply(200, drf_json(envelope), headers=headers)

    # -- Open Zaak ------------------------------------------------------------------------
    def _openzaak_token_ok(self, authorization: str) -> bool:
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            return False
        try:
            claims = jwt.decode(token, self.openzaak_secret.encode("utf-8"),
                                algorithms=["HS256"], options={"verify_iat": False})  # fmt: skip
        except jwt.PyJWTError:
            return False
        issued = claims.get("iat")
        if not isinstance(issued, int | float) or issued > time.time() + 1:
            return False
        if time.time() > issued + JWT_EXPIRY:
            return False
        client = claims.get("client_id") or claims.get("iss")
        return client == self.openzaak_client_id

    def _openzaak(
        self, api: str, resource: str, path: str, query: dict[str, str],
        headers: dict[str, str],
    ) -> Reply:  # fmt: skip
        version = {"API-version": ZAKEN_VERSION if api == "zaken" else CATALOGI_VERSION}
        if not self._openzaak_token_ok(headers.get("authorization", "")):
            body = problem(403, "not_authenticated", "Authenticatiegegevens zijn niet opgegeven.")
            return Reply(403, body, headers=version)
        if resource == "zaken":
            crs = headers.get("accept-crs")
            if crs is None:
                return Reply(412, problem(412, "precondition_failed",
                                          "'Accept-Crs' header ontbreekt"), headers=version)
            if crs != "EPSG:4326":
                return Reply(406, problem(406, "not_acceptable", "CRS not supported"),
                             headers=version)  # fmt: skip
            version["Content-Crs"] = "EPSG:4326"
        known = ZAKEN_RESOURCES if api == "zaken" else CATALOGI_RESOURCES
        unknown = set(query) - {"page", "pageSize"} - known[resource]
        if unknown:
            return Reply(400, problem(
                400, "invalid", "Ongeldige invoer.", invalidParams=[{
                    "name": "nonFieldErrors", "code": "unknown-parameters",
                    "reason": f"Onbekende query parameters: {', '.join(sorted(unknown))}",
                }],
            ), headers=version)  # fmt: skip
        records = self.records["openzaak"][resource][::-1]
        for name, value in query.items():
            if name == "einddatum__isnull":
                empty = value.lower() in {"true", "1"}
                records = [r for r in records if (r["einddatum"] is None) == empty]
            elif name == "einddatum__gt":
                records = [r for r in records if r["einddatum"] and r["einddatum"] > value]
            elif name == "einddatum__lt":
                records = [r for r in records if r["einddatum"] and r["einddatum"] < value]
            elif name in {"zaak", "omschrijvingGeneriek"}:
                records = [r for r in records if r[name] == value]
            elif name == "status":
                if value not in {"alles", "concept", "definitief"}:
                    return Reply(400, problem(400, "invalid", "Ongeldige invoer."), headers=version)
                records = self._by_status(resource, records, value)
        if "status" not in query and api == "catalogi":
            records = self._by_status(resource, records, "definitief")
        return self._drf_page(path, query, records, default_size=self.zaken_page_size,
                              max_size=500, headers=version)  # fmt: skip

    def _by_status(
        self, resource: str, records: list[dict[str, Any]], status: str
    ) -> list[dict[str, Any]]:
        if status == "alles":
            return records
        concept = {zt["url"]: zt["concept"] for zt in self.records["openzaak"]["zaaktypen"]}
        wanted = status == "concept"
        if resource == "zaaktypen":
            return [r for r in records if r["concept"] == wanted]
        return [r for r in records if concept.get(r["zaaktype"], False) == wanted]


def extract_fixture_world(raw_dir: Path, window: tuple[str, str] = ("2025-04-14", "2025-05-31"),
                          port: int = 0) -> int:  # fmt: skip
    """Serve the fixture records and run `klantcontact extract` of every system over window
    into raw_dir (kcs/<to>/ and zaken/<to>/, default page sizes); its exit status. For a
    build on the fixture world (fixtures/api/README.md)."""
    from klantcontact.extract.command import run
    from klantcontact.settings import ExtractSettings

    with ApiServer(port=port) as server:
        settings = ExtractSettings(
            kiss_url=server.kiss_url, kiss_api_key=KISS_KEY,
            openklant_url=server.openklant_url, openklant_token=OPENKLANT_TOKEN,
            openzaak_url=server.openzaak_url, openzaak_client_id=OPENZAAK_CLIENT_ID,
            openzaak_secret=OPENZAAK_SECRET, extract_from=window[0], extract_to=window[1],
        )  # fmt: skip
        return run([], settings, raw_dir)
