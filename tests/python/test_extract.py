"""`klantcontact extract` against tests/python/api_server.py: a real HTTP server that
answers like KISS, Open Klant and Open Zaak (pagination, auth, headers, errors). Fast: no
dbt build. The window 2025-04-14 .. 2025-05-31 of the fixture world (fixtures/api/README.md).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from api_server import (
    KISS_KEY,
    OPENKLANT_TOKEN,
    OPENZAAK_CLIENT_ID,
    OPENZAAK_SECRET,
    ApiServer,
    extract_fixture_world,
)

import klantcontact
from klantcontact.extract import command, openzaak, pages
from klantcontact.extract.command import Options
from klantcontact.extract.http import HttpOptions
from klantcontact.extract.tokens import KissTokens, OpenZaakTokens
from klantcontact.settings import SETTINGS, ExtractSettings

FROM, TO = "2025-04-14", "2025-05-31"
SECRETS = (KISS_KEY, OPENKLANT_TOKEN, OPENZAAK_SECRET)
# Small pages, no backoff: several pages per resource and quick retries.
FAST = Options(HttpOptions(retries=2, backoff_factor=0, backoff_max=0), 3, 2)
KISS = "/api/contactmomentendetails"
KLANTCONTACTEN = "/klantinteracties/api/v1/klantcontacten"
INTERNETAKEN = "/klantinteracties/api/v1/internetaken"
ACTOREN = "/klantinteracties/api/v1/actoren"
ZAKEN = "/zaken/api/v1/zaken"


@pytest.fixture
def server() -> Iterator[ApiServer]:
    with ApiServer(zaken_page_size=2) as running:
        yield running


def settings_for(server: ApiServer, **given: str | None) -> ExtractSettings:
    values: dict[str, Any] = {
        "kiss_url": server.kiss_url, "kiss_api_key": KISS_KEY,
        "openklant_url": server.openklant_url, "openklant_token": OPENKLANT_TOKEN,
        "openzaak_url": server.openzaak_url, "openzaak_client_id": OPENZAAK_CLIENT_ID,
        "openzaak_secret": OPENZAAK_SECRET, "extract_from": FROM, "extract_to": TO,
    }  # fmt: skip
    values.update(given)
    return ExtractSettings(**values)


class Run:
    def __init__(self, status: int, out: str, err: str, raw: Path) -> None:
        self.status, self.out, self.err, self.raw = status, out, err, raw

    @property
    def kcs(self) -> Path:
        return self.raw / "kcs" / "2025-05-31"

    @property
    def zaken(self) -> Path:
        return self.raw / "zaken" / "2025-05-31"

    def manifest(self, system: str) -> dict[str, Any]:
        folder = self.zaken if system == "openzaak" else self.kcs
        return json.loads((folder / f"{system}.manifest.json").read_text(encoding="utf-8"))


def extract(
    server: ApiServer, raw: Path, *systems: str, options: Options = FAST, **given: str | None
) -> Run:
    out, err = io.StringIO(), io.StringIO()
    status = command.run(systems, settings_for(server, **given), raw, options, out=out, err=err)
    return Run(status, out.getvalue(), err.getvalue(), raw)


def names(folder: Path, prefix: str = "") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix))


def file_bytes(raw: Path) -> dict[str, bytes]:
    return {str(p.relative_to(raw)): p.read_bytes() for p in sorted(raw.rglob("*")) if p.is_file()}


def assert_no_secret(run: Run, *secrets: str) -> None:
    for secret in secrets or SECRETS:
        assert secret not in run.out and secret not in run.err
        for name, data in file_bytes(run.raw).items():
            assert secret.encode() not in data, name


# -- the whole extract --------------------------------------------------------------------
def test_every_system_several_pages(server: ApiServer, tmp_path: Path) -> None:
    run = extract(server, tmp_path)
    assert run.status == 0, run.err
    assert names(run.kcs, "contactmomentendetails") == [
        f"contactmomentendetails-{n}.json" for n in (1, 2, 3)
    ]
    kiss = run.manifest("kiss")
    assert kiss == {
        "system": "kiss",
        "window": {"from": "2025-04-14T00:00:00Z", "to": "2025-05-31T23:59:59Z"},
        "api_version": None,
        "resources": {"contactmomentendetails": {
            "endpoint": KISS, "pages": 3, "records": 8, "api_version": None,
        }},
    }  # fmt: skip
    # Newest first, the contact of 20 March (before the window) left out by KISS.
    first = json.loads((run.kcs / "contactmomentendetails-1.json").read_bytes())
    assert first["count"] == 8 and first["results"][0]["startdatum"].startswith("2025-05-28")

    resources = run.manifest("openklant")["resources"]
    assert run.manifest("openklant")["api_version"] == "0.9.0"
    # Newest first, 2 per page, until the first page that reaches before the window.
    assert resources["klantcontacten"]["pages"] == 5
    assert resources["klantcontacten"]["records"] == 10
    assert {s.query["page"] for s in server.requests_to(KLANTCONTACTEN)} == set("12345")
    # Tasks until a page assigned wholly more than 60 days before the window.
    assert (resources["internetaken"]["pages"], resources["internetaken"]["records"]) == (2, 4)
    assert (resources["actoren"]["pages"], resources["actoren"]["records"]) == (2, 3)
    expand = server.requests_to(KLANTCONTACTEN)[0].query["expand"].split(",")
    assert "hadBetrokkenen.wasPartij" in expand and "leiddeTotInterneTaken" in expand
    page = json.loads((run.kcs / "klantcontacten-3.json").read_bytes())
    betrokkene = page["results"][0]["_expand"]["hadBetrokkenen"][0]
    identificator = betrokkene["_expand"]["wasPartij"]["partijIdentificatoren"][0]
    assert identificator["partijIdentificator"]["codeSoortObjectId"] == "bsn"

    zaken = run.manifest("openzaak")
    assert zaken["api_version"] == "1.5.1"
    counts = {name: (r["pages"], r["records"]) for name, r in zaken["resources"].items()}
    assert counts == {
        "zaken": (3, 4),  # one open (1 page), three ended in the window (2 pages)
        "statussen": (6, 9),  # per zaak, numbered on across zaken
        "resultaten": (4, 3),
        "rollen": (4, 4),  # initiators only: the behandelaar is left out
        "zaaktypen": (2, 3),
        "statustypen": (4, 8),
        "resultaattypen": (3, 5),
    }
    assert zaken["resources"]["zaaktypen"]["api_version"] == "1.3.1"
    zaak_requests = server.requests_to(ZAKEN)
    assert [s.query.get("einddatum__isnull") or s.query["einddatum__gt"]
            for s in zaak_requests] == ["true", "2025-04-13", "2025-04-13"]  # fmt: skip
    assert all(s.headers["accept-crs"] == "EPSG:4326" for s in zaak_requests)
    assert all(s.query["status"] == "alles" for s in server.requests_to("zaaktypen"))
    assert all(s.query["omschrijvingGeneriek"] == "initiator"
               for s in server.requests_to("/rollen"))  # fmt: skip
    assert all(s.status == 200 for s in server.seen)
    assert "pageSize" not in zaak_requests[0].query
    assert_no_secret(run)


def test_the_fixture_world(tmp_path: Path) -> None:
    assert extract_fixture_world(tmp_path) == 0
    manifest = json.loads((tmp_path / "kcs" / "2025-05-31" / "openklant.manifest.json").read_text())
    assert manifest["resources"]["klantcontacten"] == {
        "endpoint": KLANTCONTACTEN, "pages": 1, "records": 12, "api_version": "0.9.0",
    }  # fmt: skip


def test_pages_are_the_bodies_as_returned(server: ApiServer, tmp_path: Path) -> None:
    run = extract(server, tmp_path, "kiss", "openzaak")
    assert run.status == 0, run.err
    query = server.requests_to(KISS)[1].query
    body = requests.get(
        server.kiss_url + KISS, params=query, headers=KissTokens(KISS_KEY).headers(), timeout=5
    ).content
    assert (run.kcs / "contactmomentendetails-2.json").read_bytes() == body
    # ASP.NET's escapes stay as they came (the build parses JSON, not text).
    assert b"\\u002B00:00" in body
    zaak = server.requests_to(ZAKEN)[0]
    body = requests.get(
        server.openzaak_url + ZAKEN, params=zaak.query, timeout=5,
        headers={**OpenZaakTokens(OPENZAAK_CLIENT_ID, OPENZAAK_SECRET).headers(),
                 "Accept-Crs": "EPSG:4326"},
    ).content  # fmt: skip
    assert (run.zaken / "zaken-1.json").read_bytes() == body


def test_default_page_sizes(server: ApiServer, tmp_path: Path) -> None:
    run = extract(server, tmp_path, "kiss", "openklant", options=Options(FAST.http))
    assert run.status == 0, run.err
    assert server.requests_to(KISS)[0].query["pageSize"] == "5000"
    assert server.requests_to(KLANTCONTACTEN)[0].query["pageSize"] == "500"
    assert run.manifest("kiss")["resources"]["contactmomentendetails"]["pages"] == 1
    assert run.manifest("openklant")["resources"]["klantcontacten"]["records"] == 12


def test_only_the_systems_named(server: ApiServer, tmp_path: Path) -> None:
    run = extract(server, tmp_path, "openzaak")
    assert run.status == 0
    assert not (tmp_path / "kcs").exists()
    assert {s.path.split("/")[1] for s in server.seen} == {"openzaak"}


# -- retries and errors -------------------------------------------------------------------
def test_429_then_success(server: ApiServer, tmp_path: Path) -> None:
    server.fault(KISS, status=429, page=2, times=2, retry_after="1")
    started = time.monotonic()
    run = extract(server, tmp_path, "kiss")
    assert run.status == 0, run.err
    assert [s.status for s in server.requests_to(KISS) if s.query["page"] == "2"] == [
        429, 429, 200,
    ]  # fmt: skip
    assert time.monotonic() - started >= 1.9  # Retry-After was honoured
    assert run.manifest("kiss")["resources"]["contactmomentendetails"]["records"] == 8


def test_5xx_retried_then_failure_keeps_completed_pages(
    server: ApiServer, tmp_path: Path
) -> None:
    server.fault(INTERNETAKEN, status=503, page=2)
    run = extract(server, tmp_path)
    assert run.status == 1
    lines = run.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("klantcontact extract: openklant failed: ")
    assert f"GET {INTERNETAKEN} page 2: HTTP 503 Service Unavailable after 3 attempts" in lines[0]
    assert [s.status for s in server.requests_to(INTERNETAKEN)] == [200, 503, 503, 503]
    assert names(run.kcs, "klantcontacten") == [f"klantcontacten-{n}.json" for n in range(1, 6)]
    assert names(run.kcs, "internetaken") == ["internetaken-1.json"]
    assert "6 completed pages kept" in lines[0]
    assert not (run.kcs / "openklant.manifest.json").exists()
    # The other systems ran to the end.
    assert run.manifest("kiss") and run.manifest("openzaak")
    assert_no_secret(run)


def test_connection_refused(tmp_path: Path) -> None:
    with ApiServer() as server:
        url = server.kiss_url
    out, err = io.StringIO(), io.StringIO()
    settings = ExtractSettings(kiss_url=url, kiss_api_key=KISS_KEY, extract_from=FROM,
                               extract_to=TO)  # fmt: skip
    assert command.run(["kiss"], settings, tmp_path, FAST, out=out, err=err) == 1
    assert f"GET {KISS} page 1: no response after 3 attempts (ConnectionError)" in err.getvalue()


@pytest.mark.parametrize(
    ("system", "wrong", "setting", "status"),
    [
        ("kiss", {"kiss_api_key": "x" * 44}, "KCC_KISS_API_KEY", 401),
        ("openklant", {"openklant_token": "f" * 40}, "KCC_OPENKLANT_TOKEN", 401),
        ("openzaak", {"openzaak_secret": "a-wrong-open-zaak-secret-of-40-chars"},
         "KCC_OPENZAAK_SECRET", 403),
        ("openzaak", {"openzaak_client_id": "someone-else"}, "KCC_OPENZAAK_CLIENT_ID", 403),
    ],
)
def test_refused_credentials_name_the_setting_not_the_secret(
    server: ApiServer, tmp_path: Path, system: str, wrong: dict[str, str], setting: str,
    status: int,
) -> None:  # fmt: skip
    run = extract(server, tmp_path, system, **wrong)
    assert run.status == 1
    assert f"{system} failed: GET " in run.err and f"page 1: HTTP {status}" in run.err
    assert setting in run.err
    assert_no_secret(run, *SECRETS, *wrong.values())
    if status == 401:  # one retry with a new credential, then the error
        assert len(server.seen) == 2


@pytest.mark.parametrize(("system", "path"), [("kiss", KISS), ("openzaak", ZAKEN)])
def test_token_rejected_once_is_made_anew(
    server: ApiServer, tmp_path: Path, system: str, path: str
) -> None:
    server.fault(path, status=401, page=1, times=1)
    run = extract(server, tmp_path, system)
    assert run.status == 0, run.err
    assert [s.status for s in server.requests_to(path)][:2] == [401, 200]


def test_404_past_the_last_page(server: ApiServer, tmp_path: Path) -> None:
    # The extract stops at the last page: it never asks past it.
    run = extract(server, tmp_path)
    assert run.status == 0 and not [s for s in server.seen if s.status == 404]
    # The servers' answer past the last page, as the real systems give it.
    kiss = requests.get(server.kiss_url + KISS, timeout=5, headers=KissTokens(KISS_KEY).headers(),
                        params={"from": "2025-04-14T00:00:00Z", "to": "2025-05-31T23:59:59Z",
                                "pageSize": 5, "page": 3})  # fmt: skip
    assert kiss.status_code == 404
    assert kiss.json()["title"] == (
        "Ongeldige pagina. Totaal aantal pagina's gaat tot maximaal 2."
    )
    klant = requests.get(server.openklant_url + ACTOREN, params={"page": 2}, timeout=5,
                         headers={"Authorization": f"Token {OPENKLANT_TOKEN}"})  # fmt: skip
    assert klant.status_code == 404


def test_the_server_refuses_as_the_systems_do(server: ApiServer) -> None:
    token = {"Authorization": f"Token {OPENKLANT_TOKEN}"}
    unknown = requests.get(server.openklant_url + KLANTCONTACTEN, timeout=5, headers=token,
                           params={"plaatsgevondenOp__gte": "2025-04-14T00:00:00Z"})  # fmt: skip
    assert unknown.status_code == 400
    assert unknown.json()["invalidParams"][0]["code"] == "unknown-parameters"
    assert requests.get(server.openklant_url + ACTOREN, timeout=5).status_code == 401
    crs = requests.get(server.openzaak_url + ZAKEN, timeout=5,
                       headers=OpenZaakTokens(OPENZAAK_CLIENT_ID, OPENZAAK_SECRET).headers())
    assert crs.status_code == 412
    stale = OpenZaakTokens(OPENZAAK_CLIENT_ID, OPENZAAK_SECRET, clock=lambda: time.time() - 3601)
    old = requests.get(server.openzaak_url + "/catalogi/api/v1/zaaktypen", timeout=5,
                       headers=stale.headers())  # fmt: skip
    assert old.status_code == 403
    assert requests.get(server.openzaak_url + "/catalogi/api/v1/zaaktypen", timeout=5,
                        headers=OpenZaakTokens(OPENZAAK_CLIENT_ID, OPENZAAK_SECRET).headers(),
                        ).headers["API-version"] == "1.3.1"  # fmt: skip


def test_404_in_the_middle(server: ApiServer, tmp_path: Path) -> None:
    server.inflate_next(server.openklant_url.removeprefix(server.base_url) + ACTOREN)
    run = extract(server, tmp_path, "openklant")
    assert run.status == 1
    assert f"openklant failed: GET {ACTOREN} page 3: HTTP 404 Not Found" in run.err
    assert names(run.kcs, "actoren") == ["actoren-1.json", "actoren-2.json"]
    assert not (run.kcs / "openklant.manifest.json").exists()


def test_a_wrong_base_url(server: ApiServer, tmp_path: Path) -> None:
    run = extract(server, tmp_path, "kiss", kiss_url=server.kiss_url + "/api")
    assert run.status == 1
    assert (
        f"GET {KISS} page 1: HTTP 404 Not Found: no such endpoint below "
        f"{server.kiss_url}/api; check KCC_KISS_URL" in run.err
    )
    run = extract(server, tmp_path, "kiss", kiss_url="kiss.example.nl")
    assert run.status == 2
    assert "KCC_KISS_URL must be a base URL such as https://host[/path]" in run.err
    settings = ExtractSettings(openklant_url="http://openklant.example.nl")
    assert command.warnings(settings, ["openklant"]) == [
        "KCC_OPENKLANT_URL is http, not https: the credentials travel unencrypted"
    ]
    assert not run.out and not extract(server, tmp_path, "kiss").err  # 127.0.0.1: no warning


def test_412_without_accept_crs(
    server: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openzaak, "CRS", {})
    run = extract(server, tmp_path, "openzaak")
    assert run.status == 1
    assert f"openzaak failed: GET {ZAKEN} page 1: HTTP 412 Precondition Failed" in run.err
    assert "Accept-Crs" in run.err  # Open Zaak's own explanation


def test_a_redirect_names_the_url_setting(server: ApiServer, tmp_path: Path) -> None:
    server.fault(KLANTCONTACTEN, "redirect")
    run = extract(server, tmp_path, "openklant")
    assert run.status == 1
    assert (
        f"GET {KLANTCONTACTEN} page 1: HTTP 302 Found, redirected to "
        "https://login.example.nl/sso/authorize; check KCC_OPENKLANT_URL" in run.err
    )
    assert "s3cr3t" not in run.err


def test_a_page_that_is_not_json(server: ApiServer, tmp_path: Path) -> None:
    server.fault(ZAKEN, "not_json", page=2)
    run = extract(server, tmp_path, "openzaak")
    assert run.status == 1
    assert f"GET {ZAKEN} page 2: the response is not JSON (text/html)" in run.err
    assert names(run.zaken, "zaken") == ["zaken-1.json", "zaken-2.json"]


def test_a_page_of_the_wrong_shape(server: ApiServer, tmp_path: Path) -> None:
    server.fault(KLANTCONTACTEN, "wrong_shape", page=2)
    run = extract(server, tmp_path, "openklant")
    assert run.status == 1
    assert (
        f"GET {KLANTCONTACTEN} page 2: unexpected shape, not an envelope with a results list"
        in run.err
    )
    assert names(run.kcs, "klantcontacten") == ["klantcontacten-1.json"]


def test_kiss_wrong_shape_and_bad_request(server: ApiServer, tmp_path: Path) -> None:
    server.fault(KISS, "wrong_shape", page=1, times=1)
    run = extract(server, tmp_path, "kiss")
    assert "unexpected shape, not an envelope with a results list or a list" in run.err
    # KISS's 400 for a date it cannot parse: plain text, shown in the message.
    bad = requests.get(server.kiss_url + KISS, timeout=5, headers=KissTokens(KISS_KEY).headers(),
                       params={"from": "2025-04-14", "to": "2025-05-31T23:59:59Z"})  # fmt: skip
    assert bad.status_code == 400 and bad.headers["Content-Type"].startswith("text/plain")
    assert bad.text.startswith("Ongeldig datumnotatie.")


def test_old_kiss_bare_array(tmp_path: Path) -> None:
    with ApiServer(kiss_bare_array=True) as server:
        run = extract(server, tmp_path, "kiss")
    assert run.status == 0, run.err
    first = json.loads((run.kcs / "contactmomentendetails-1.json").read_bytes())
    assert isinstance(first, list) and len(first) == 3
    # 3 + 3 + 2: the short page is the last.
    resource = run.manifest("kiss")["resources"]["contactmomentendetails"]
    assert (resource["pages"], resource["records"]) == (3, 8)


# -- files --------------------------------------------------------------------------------
def test_same_window_twice_gives_identical_files(server: ApiServer, tmp_path: Path) -> None:
    first = extract(server, tmp_path / "a")
    again = extract(server, tmp_path / "a")
    other = extract(server, tmp_path / "b")
    assert first.status == again.status == other.status == 0
    assert file_bytes(tmp_path / "a") == file_bytes(tmp_path / "b")
    assert len(file_bytes(tmp_path / "a")) == 41  # 38 pages, 3 manifests


def test_rerun_removes_pages_that_no_longer_exist(server: ApiServer, tmp_path: Path) -> None:
    assert extract(server, tmp_path, "kiss").status == 0
    (tmp_path / "kcs" / "2025-05-31" / "klantcontacten-1.json").write_text("{}")
    run = extract(server, tmp_path, "kiss", options=Options(FAST.http))
    assert run.status == 0
    assert names(run.kcs) == [
        "contactmomentendetails-1.json", "kiss.manifest.json", "klantcontacten-1.json"
    ]  # fmt: skip  (Open Klant's page is not KISS's to remove)


def test_continuation_from_the_last_manifest(server: ApiServer, tmp_path: Path) -> None:
    first = extract(server, tmp_path, "kiss", extract_to="2025-05-15")
    assert first.status == 0
    manifest = tmp_path / "kcs" / "2025-05-15" / "kiss.manifest.json"
    window = json.loads(manifest.read_text(encoding="utf-8"))["window"]
    assert window == {"from": "2025-04-14T00:00:00Z", "to": "2025-05-15T23:59:59Z"}
    server.seen.clear()
    run = extract(server, tmp_path, "kiss", extract_from=None, extract_to="2025-05-31T12:00:00Z")
    assert run.status == 0, run.err
    # The day before the last extract's end, to its end: an overlap of one day.
    assert run.manifest("kiss")["window"] == {
        "from": "2025-05-14T23:59:59Z", "to": "2025-05-31T12:00:00Z"
    }
    assert server.requests_to(KISS)[0].query["from"] == "2025-05-14T23:59:59Z"
    # Both folders complete: 15 May's and 31 May's.
    assert manifest.is_file()


def test_first_run_needs_a_start(server: ApiServer, tmp_path: Path) -> None:
    run = extract(server, tmp_path, "kiss", extract_from=None)
    assert run.status == 2
    assert "no earlier extract" in run.err and "KCC_EXTRACT_FROM" in run.err
    assert not server.seen


def test_a_cut_off_page_is_never_written(server: ApiServer, tmp_path: Path) -> None:
    server.fault(KISS, "truncate", page=2)
    run = extract(server, tmp_path, "kiss")
    assert run.status == 1
    assert f"GET {KISS} page 2: the response was cut off 3 times" in run.err
    assert names(run.kcs) == ["contactmomentendetails-1.json"]  # no partial, no temporary


def test_a_page_cut_off_once_is_fetched_again(server: ApiServer, tmp_path: Path) -> None:
    server.fault(KISS, "truncate", page=2, times=1)
    run = extract(server, tmp_path, "kiss")
    assert run.status == 0, run.err
    assert run.manifest("kiss")["resources"]["contactmomentendetails"]["records"] == 8


def test_an_interrupted_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "zaken-1.json"

    def interrupted(source: Any, destination: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pages.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pages.write_atomic(target, b'{"count": 0}')
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_run_leaves_no_manifest(
    server: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert extract(server, tmp_path, "openzaak").status == 0
    original = pages.write_atomic
    written: list[str] = []

    def write_then_stop(path: Path, data: bytes) -> None:
        if len(written) == 4:
            raise KeyboardInterrupt
        written.append(path.name)
        original(path, data)

    monkeypatch.setattr(pages, "write_atomic", write_then_stop)
    with pytest.raises(KeyboardInterrupt):
        extract(server, tmp_path, "openzaak")
    folder = tmp_path / "zaken" / "2025-05-31"
    # The earlier run's manifest went first; its pages after the fourth went too.
    assert names(folder) == sorted(written)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


# -- settings and the command -------------------------------------------------------------
def test_setting_errors(server: ApiServer, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert command.run([], ExtractSettings(), tmp_path, FAST, out=out, err=err) == 2
    assert "no system to extract: set KCC_KISS_URL" in err.getvalue()
    run = extract(server, tmp_path, "openzaak", openzaak_secret=None)
    assert run.status == 2 and "openzaak: set KCC_OPENZAAK_SECRET" in run.err
    run = extract(server, tmp_path, "kiss", extract_from="14-04-2025")
    assert run.status == 2 and "KCC_EXTRACT_FROM='14-04-2025'" in run.err
    run = extract(server, tmp_path, "kiss", extract_from="2025-06-01")
    assert run.status == 2 and "starts after it ends" in run.err
    run = extract(server, tmp_path, "kiss", extract_to="2025-05-31T12:00:00")
    assert run.status == 2 and "time zone" in run.err
    assert not server.seen


def test_env_file_and_environment(tmp_path: Path) -> None:
    env_file = tmp_path / "klantcontact.env"
    env_file.write_text(
        "# comment\nKCC_KISS_URL=https://kiss.example.nl\n"
        f"export KCC_KISS_API_KEY='{KISS_KEY}'\nKCC_EXTRACT_FROM=2025-04-01\nnonsense\n",
        encoding="utf-8",
    )
    settings = ExtractSettings.from_environment(
        {"KCC_EXTRACT_FROM": "2025-04-14", "KCC_OPENZAAK_SECRET": OPENZAAK_SECRET}, env_file
    )
    assert settings.kiss_url == "https://kiss.example.nl"
    assert settings.kiss_api_key == KISS_KEY
    assert settings.extract_from == "2025-04-14"  # the environment wins
    assert settings.problems == (f"{env_file}, line 5: expected KEY=value",)
    assert KISS_KEY not in repr(settings) and OPENZAAK_SECRET not in repr(settings)
    printed = dict(settings.printable())
    assert printed["KCC_KISS_API_KEY"] == "***" and printed["KCC_OPENKLANT_TOKEN"] == "unset"
    with_password = ExtractSettings(openzaak_url="https://kcc:pw-4f2a@openzaak.example.nl/oz")
    assert dict(with_password.printable())["KCC_OPENZAAK_URL"] == (
        "https://***@openzaak.example.nl/oz"
    )
    out, err = io.StringIO(), io.StringIO()
    assert command.run([], settings, tmp_path, FAST, out=out, err=err) == 2
    assert "line 5" in err.getvalue() and "nonsense" not in err.getvalue()
    env_file.write_bytes(b"KCC_KISS_API_KEY=\xff\xfe")
    unreadable = ExtractSettings.from_environment({}, env_file)
    assert unreadable.problems == (f"{env_file}: cannot read it (UnicodeDecodeError)",)


def test_tokens() -> None:
    now = 1_745_000_000.0
    kiss = KissTokens(KISS_KEY, clock=lambda: now)
    token = kiss.headers()["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, KISS_KEY.encode(), algorithms=["HS256"],
                        options={"verify_exp": False})  # fmt: skip
    assert claims == {"iat": int(now), "exp": int(now) + 300}
    token = OpenZaakTokens("kcc", OPENZAAK_SECRET, clock=lambda: now).token()
    assert jwt.decode(token, OPENZAAK_SECRET.encode(), algorithms=["HS256"],
                      options={"verify_iat": False}) == {
        "iss": "kcc", "iat": int(now), "client_id": "kcc", "user_id": "kcc",
        "user_representation": "kcc",
    }  # fmt: skip
    assert KISS_KEY not in repr(kiss)


def test_the_command_line(server: ApiServer, tmp_path: Path) -> None:
    # A project folder of its own: a klantcontact.env of the checkout must not count.
    shutil.copy(SETTINGS.project_dir / "dbt_project.yml", tmp_path)
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(klantcontact.__file__).parents[1]),
        "DBT_PROJECT_DIR": str(tmp_path),  # no klantcontact.env there
        "KCC_KISS_URL": server.kiss_url, "KCC_KISS_API_KEY": KISS_KEY,
        "KCC_OPENZAAK_URL": server.openzaak_url, "KCC_OPENZAAK_CLIENT_ID": OPENZAAK_CLIENT_ID,
        "KCC_OPENZAAK_SECRET": OPENZAAK_SECRET,
        "KCC_EXTRACT_FROM": FROM, "KCC_EXTRACT_TO": TO,
    }  # fmt: skip
    env.pop("KCC_OPENKLANT_URL", None)
    raw = tmp_path / "raw"
    done = subprocess.run(
        [sys.executable, "-m", "klantcontact", "extract", "--raw-dir", str(raw)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "kiss:" in done.stdout and "openzaak:" in done.stdout and "openklant" not in done.stdout
    assert (raw / "zaken" / "2025-05-31" / "openzaak.manifest.json").is_file()
    shown = subprocess.run(
        [sys.executable, "-m", "klantcontact", "settings"],
        env={**env, "COLUMNS": "200"}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "KCC_KISS_API_KEY" in shown.stdout and "***" in shown.stdout
    for secret in (KISS_KEY, OPENZAAK_SECRET):
        assert secret not in done.stdout + done.stderr + shown.stdout + shown.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "klantcontact", "extract", "nosuchsystem"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2


def test_window_dates() -> None:
    from klantcontact.extract.window import parse_moment

    assert parse_moment("2025-05-31", "X", end_of_day=True) == dt.datetime(
        2025, 5, 31, 23, 59, 59, tzinfo=dt.UTC
    )
    assert parse_moment("2025-05-31T14:00:00.9+02:00", "X", end_of_day=False) == dt.datetime(
        2025, 5, 31, 12, 0, 0, tzinfo=dt.UTC
    )
