"""The demo generator's real formats (`--formats real`) against the systems' own writers.

Signalen's datawarehouse dump (backend app/signals/apps/reporting/csv/), Matomo's Reporting
API responses (core/DataTable/Renderer/Json.php and Csv.php) and Open Formulieren's
submissions export (src/openforms/submissions/exports.py). Headers, codes and category names
are written out here from those sources, not taken from the generator. The same run in
contract files must hold the same meldingen, page and search visits and completed
submissions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from klantcontact.generator import Params, generate

# Three weeks over the switch to summer time; dumps on Tuesday 1 April and on Sunday 13 April
# (the last day), which is handed over as the dump's zip.
CLEAN = Params(inhabitants=5000, start="2025-03-24", days=21, seed=11, fault_rate=0.0)
FAULTY = CLEAN._replace(fault_rate=0.05)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC

SIGNALEN_HEADERS = {
    "signals": "id signal_uuid source text text_extra incident_date_start incident_date_end "
    "created_at updated_at operational_date expire_date image upload extra_properties "
    "category_assignment_id location_id reporter_id status_id priority priority_created_at "
    "parent type type_created_at directing_departments_assignment_id",
    "signals_assigned_user": "id assigned_to assigned_at",
    "locations": "id lat lng stadsdeel buurt_code address address_text created_at updated_at "
    "extra_properties _signal_id address_street address_number address_postalcode "
    "address_city area_code area_name",
    "reporters": "id email phone is_anonymized created_at updated_at extra_properties _signal_id",
    "categories": "id main sub departments created_at updated_at extra_properties _signal_id "
    "deadline deadline_factor_3",
    "statuses": "id text user target_api state_display extern created_at updated_at "
    "extra_properties _signal_id state",
    "sla": "id main sub n_days use_calendar_days created_at",
    "directing_departments": "id created_at updated_at _signal_id departments",
    "routing_departments": "id created_at updated_at _signal_id departments",
    "notes": "id created_at updated_at _signal_id text",
    "kto-feedback-PRODUCTION": "_signal_id is_satisfied allows_contact text text_extra "
    "created_at submitted_at text_list",
}
DUMP_ORDER = [name for name in SIGNALEN_HEADERS if name != "kto-feedback-PRODUCTION"]
# workflow.py STATUS_CHOICES
STATES = {
    "m": "Gemeld", "i": "In afwachting van behandeling", "b": "In behandeling",
    "h": "On hold", "ingepland": "Ingepland", "ready to send": "Extern: te verzenden",
    "o": "Afgehandeld", "a": "Geannuleerd", "reopened": "Heropend", "s": "Gesplitst",
    "closure requested": "Extern: verzoek tot afhandeling",
    "reaction requested": "Reactie gevraagd", "reaction received": "Reactie ontvangen",
    "forward to external": "Doorgezet naar extern", "sent": "Extern: verzonden",
    "send failed": "Extern: mislukt", "done external": "Extern: afgehandeld",
    "reopen requested": "Verzoek tot heropenen",
}  # fmt: skip
# Active categories of Signalen's default tree (main name, sub name).
SIGNALEN_CATEGORIES = {
    ("Afval", "Grofvuil"), ("Afval", "Huisafval"), ("Afval", "Container is vol"),
    ("Wegen, verkeer, straatmeubilair", "Straatverlichting"),
    ("Wegen, verkeer, straatmeubilair", "Onderhoud stoep, straat en fietspad"),
    ("Wegen, verkeer, straatmeubilair", "Verkeersbord / verkeersafzetting"),
    ("Openbaar groen en water", "Maaien"), ("Openbaar groen en water", "Boom - overig"),
    ("Overlast in de openbare ruimte", "Parkeeroverlast"), ("Schoon", "Uitwerpselen"),
    ("Schoon", "Veeg- / zwerfvuil"), ("Schoon", "Graffiti / wildplak"),
}  # fmt: skip
TIMESTAMPTZ = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{0,5}[1-9])?\+00")
TIMESTAMP_COLUMNS = {
    "incident_date_start", "created_at", "updated_at", "priority_created_at",
    "type_created_at", "assigned_at", "deadline", "deadline_factor_3", "submitted_at",
}  # fmt: skip
PREFIXED = re.compile(r"(\d{6})UTC_(.+)\.csv")
INZENDINGDATUM = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?")
REPORTS = (
    "Actions.getPageUrls",
    "Actions.getSiteSearchKeywords",
    "Actions.getSiteSearchNoResultKeywords",
)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "raw"
    generate(CLEAN, out, formats="real")
    return out


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("contract") / "raw"
    generate(CLEAN, out, formats="contract")
    return out


def records(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def assert_crlf(data: bytes, name: str) -> None:
    """Every record ends in CRLF; a bare line break only inside quotes."""
    assert data.endswith(b"\r\n"), name
    outside_quotes = re.sub(rb'"(?:[^"]|"")*"', b"", data)
    assert b"\n" not in outside_quotes.replace(b"\r\n", b""), name


def dump(folder: Path) -> dict[str, bytes]:
    """The files of one Signalen dump by name without time prefix, loose or from the zip."""
    zips = list(folder.glob("*.zip"))
    if zips:
        with zipfile.ZipFile(zips[0]) as archive:
            stored = {info.filename: archive.read(info) for info in archive.infolist()}
    else:
        stored = {path.name: path.read_bytes() for path in folder.iterdir()}
    files = {}
    for name, data in stored.items():
        found = PREFIXED.fullmatch(name)
        files[found.group(2) if found else name.removesuffix(".csv")] = data
    return files


def instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).astimezone(UTC)


def test_signalen_dump_files_names_and_zip(real: Path) -> None:
    folders = sorted(p.name for p in (real / "mor").iterdir())
    assert folders == ["2025-04-01", "2025-04-13"]
    loose = sorted(p.name for p in (real / "mor" / "2025-04-01").iterdir())
    prefixed = [PREFIXED.fullmatch(name) for name in loose]
    assert all(prefixed), loose  # kto-feedback-<ENVIRONMENT>.csv too
    # saved in the task's order, kto-feedback last
    assert [m.group(2) for m in prefixed if m] == [*DUMP_ORDER, "kto-feedback-PRODUCTION"]
    # 1 April, summer time: the dump at local midnight is 22:00 UTC the same date.
    assert all(m.group(1).startswith("2200") for m in prefixed if m)
    sunday = list((real / "mor" / "2025-04-13").iterdir())
    assert [p.name for p in sunday] == ["20250413_220014UTC.zip"]
    with zipfile.ZipFile(sunday[0]) as archive:
        infos = archive.infolist()
        assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
        members = [info.filename for info in infos]
    assert [PREFIXED.fullmatch(m).group(2) for m in members] == [  # type: ignore[union-attr]
        *DUMP_ORDER, "kto-feedback-PRODUCTION"
    ]


def test_signalen_dump_shapes(real: Path) -> None:
    for folder in sorted((real / "mor").iterdir()):
        files = dump(folder)
        assert set(files) == set(SIGNALEN_HEADERS)
        for name, data in files.items():
            assert not data.startswith(b"\xef\xbb\xbf"), name
            assert_crlf(data, name)
            header, rows = records(data)
            assert header == SIGNALEN_HEADERS[name].split(), name
            for row in rows:
                for column in TIMESTAMP_COLUMNS & set(header):
                    if column == "incident_date_start" or row[column]:
                        assert TIMESTAMPTZ.fullmatch(row[column]), (name, column, row[column])
                if "extra_properties" in row:
                    value = row["extra_properties"]
                    assert value == "null" or (value.startswith('[{"id": "') and '", "' in value)
        sla = records(files["sla"])[1]
        assert {row["use_calendar_days"] for row in sla} == {"t", "f"}
        assert {(row["main"], row["sub"]) for row in sla} == SIGNALEN_CATEGORIES
        for name, column in (("reporters", "is_anonymized"), ("statuses", "extern"),
                             ("kto-feedback-PRODUCTION", "is_satisfied"),
                             ("kto-feedback-PRODUCTION", "allows_contact")):  # fmt: skip
            assert {row[column] for row in records(files[name])[1]} <= {"True", "False"}
        for row in records(files["statuses"])[1]:
            assert row["state"] in STATES and row["state_display"] == STATES[row["state"]], row
        categories = records(files["categories"])[1]
        assert {(row["main"], row["sub"]) for row in categories} <= SIGNALEN_CATEGORIES
        for row in records(files["locations"])[1]:
            # Signalen's lat is st_x, the longitude; lng st_y, the latitude.
            assert 4.9 < float(row["lat"]) < 5.3 and 51.9 < float(row["lng"]) < 52.3, row
            address = json.loads(row["address"])
            assert row["address"].startswith('{"postcode": ') and list(address) == [
                "postcode", "huisnummer", "woonplaats", "openbare_ruimte"
            ]  # jsonb: shorter keys first
            assert row["address_postalcode"] == address["postcode"]
            assert row["address_number"] == str(address["huisnummer"])


def test_signalen_foreign_keys_point_to_current_rows(real: Path) -> None:
    for folder in sorted((real / "mor").iterdir()):
        files = dump(folder)
        signals = records(files["signals"])[1]
        latest: dict[str, dict[str, tuple[dt.datetime, str]]] = {}
        for name in ("categories", "locations", "statuses"):
            per_signal: dict[str, tuple[dt.datetime, str]] = {}
            for row in records(files[name])[1]:
                moment = (instant(row["created_at"]), row["id"])
                held = per_signal.get(row["_signal_id"])
                if held is None or (held[0], int(held[1])) < (moment[0], int(moment[1])):
                    per_signal[row["_signal_id"]] = moment
            latest[name] = per_signal
        reporters = {row["id"]: row["_signal_id"] for row in records(files["reporters"])[1]}
        assert [int(row["id"]) for row in signals] == sorted(int(row["id"]) for row in signals)
        for row in signals:
            assert row["category_assignment_id"] == latest["categories"][row["id"]][1]
            assert row["location_id"] == latest["locations"][row["id"]][1]
            assert row["status_id"] == latest["statuses"][row["id"]][1]
            assert reporters[row["reporter_id"]] == row["id"]


def test_matomo_responses(real: Path) -> None:
    folders = sorted((real / "web").iterdir())
    assert len(folders) == CLEAN.days
    csv_days = 0
    for folder in folders:
        names = {p.name for p in folder.iterdir()}
        sunday = dt.date.fromisoformat(folder.name).weekday() == 6
        suffix = ".csv" if sunday else ".json"
        assert {f"{r}{suffix}" for r in REPORTS} <= names
        assert not names & {"pages.csv", "site_search.csv", "form_submissions.csv"}
        for report in REPORTS:
            data = (folder / f"{report}{suffix}").read_bytes()
            if sunday:
                csv_days += 1
                assert data.startswith(b"\xff\xfe")
                text = data.decode("utf-16")
                assert "\r" not in text and not text.endswith("\n")
                header, *lines = text.split("\n")
                assert header.startswith("date,label,nb_visits,")
                assert "metadata_segment" in header.split(",")
                if report == "Actions.getPageUrls":
                    assert "metadata_url" in header.split(",")
                assert all(line.startswith(folder.name + ",") for line in lines)
                continue
            assert data.isascii()
            document = json.loads(data)
            assert list(document) == [folder.name]  # keyed by date
            rows = document[folder.name]
            assert isinstance(rows, list)
            if rows and report == "Actions.getPageUrls":
                assert b'"label":"\\/' in data  # json_encode escapes slashes
            for row in rows:
                assert isinstance(row["nb_visits"], int) and isinstance(row["nb_hits"], int)
                assert re.fullmatch(r"\d{1,3}%", row["exit_rate"])
                assert re.fullmatch(r"\d{1,3}%", row["bounce_rate"])
                if report == "Actions.getPageUrls":
                    assert row["label"].startswith("/")
                    assert row["url"].endswith(row["label"])
                    assert row["segment"].startswith("pageUrl==https%253A%252F%252F")
                    assert ("entry_nb_visits" in row) == ("entry_bounce_count" in row)
                    assert row.get("entry_nb_visits", 1) > 0  # left out when zero
                    assert row.get("exit_nb_visits", 1) > 0
                    assert "feedback_useful_yes" not in row
                else:
                    pages = row["nb_pages_per_search"]
                    assert isinstance(pages, int | float)
                    quotient = Decimal(repr(row["nb_hits"] / row["nb_visits"]))
                    assert pages == float(quotient.quantize(Decimal("0.1"), ROUND_HALF_UP))
                    assert row["segment"].startswith("siteSearchKeyword==")
                    assert row.get("exit_nb_visits", 1) > 0
    assert csv_days == 3 * 3  # three Sundays, three reports each


def test_open_formulieren_exports(real: Path) -> None:
    found = 0
    for folder in sorted((real / "web").iterdir()):
        for path in folder.glob("submissions_export*"):
            found += 1
            assert re.fullmatch(r"submissions_export_[a-z-]+\.csv", path.name)
            data = path.read_bytes()
            assert not data.startswith(b"\xef\xbb\xbf")
            assert_crlf(data, path.name)
            header, rows = records(data)
            assert header[:2] == ["Formuliernaam", "Inzendingdatum"]
            assert len(header) > 2 and "Taalcode" not in header
            assert len({row["Formuliernaam"] for row in rows}) == 1  # one form per export
            for row in rows:
                assert INZENDINGDATUM.fullmatch(row["Inzendingdatum"]), row
                assert row["Inzendingdatum"][:10] == folder.name  # naive local time
    assert found > 10


def test_same_meldingen_visits_and_submissions(real: Path, contract: Path) -> None:
    for day in ("2025-04-01", "2025-04-13"):
        files = dump(real / "mor" / day)
        for table, key in (("signals", "created_at"), ("statuses", "created_at"),
                           ("categories", "created_at"), ("locations", "_signal_id"),
                           ("reporters", "_signal_id"), ("sla", "n_days")):  # fmt: skip
            real_rows = records(files[table])[1]
            contract_data = (contract / "mor" / day / f"{table}.csv").read_bytes()
            contract_rows = records(contract_data)[1]
            assert len(real_rows) == len(contract_rows), (day, table)
            if key == "created_at":
                assert sorted((r["id"], instant(r[key])) for r in real_rows) == sorted(
                    (r["id"], instant(r[key])) for r in contract_rows
                ), (day, table)
        feedback = records(files["kto-feedback-PRODUCTION"])[1]
        contract_feedback = records((contract / "mor" / day / "kto_feedback.csv").read_bytes())[1]
        assert Counter(r["_signal_id"] for r in feedback) == Counter(
            r["_signal_id"] for r in contract_feedback
        )
        statuses = {r["id"]: r["state"] for r in records(files["statuses"])[1]}
        contract_statuses = records((contract / "mor" / day / "statuses.csv").read_bytes())[1]
        assert statuses == {r["id"]: r["state"] for r in contract_statuses}

    pages, searches, no_result, submissions = set(), set(), set(), Counter()
    for folder in sorted((real / "web").iterdir()):
        for report, into in zip(REPORTS, (pages, searches, no_result), strict=True):
            for row in matomo_rows(folder, report):
                into.add((row["date"], row["label"], int(row["nb_visits"])))
        for path in folder.glob("submissions_export_*.csv"):
            for row in records(path.read_bytes())[1]:
                submissions[(row["Formuliernaam"], row["Inzendingdatum"][:19])] += 1
    contract_pages, contract_searches, contract_no_result, contract_submissions = (
        set(), set(), set(), Counter()
    )  # fmt: skip
    for folder in sorted((contract / "web").iterdir()):
        for row in records((folder / "pages.csv").read_bytes())[1]:
            contract_pages.add((row["date"], row["label"], int(row["nb_visits"])))
        for row in records((folder / "site_search.csv").read_bytes())[1]:
            contract_searches.add((row["date"], row["label"], int(row["nb_visits"])))
            if row["nb_results"] == "0":
                contract_no_result.add((row["date"], row["label"], int(row["nb_visits"])))
        for row in records((folder / "form_submissions.csv").read_bytes())[1]:
            if row["completed_at"]:
                local = dt.datetime.fromisoformat(row["completed_at"]).astimezone(AMSTERDAM)
                moment = local.replace(tzinfo=None).isoformat(" ")
                contract_submissions[(row["form_name"], moment)] += 1
    assert pages == contract_pages and len(pages) > 1000
    assert searches == contract_searches and no_result == contract_no_result
    assert no_result and no_result < searches
    assert submissions == contract_submissions and sum(submissions.values()) > 10


def matomo_rows(folder: Path, report: str) -> list[dict[str, str]]:
    """A report's rows with their date, from the JSON or the UTF-16 CSV response."""
    json_path = folder / f"{report}.json"
    if json_path.exists():
        document = json.loads(json_path.read_bytes())
        return [{**row, "date": day} for day, rows in document.items() for row in rows]
    text = (folder / f"{report}.csv").read_bytes().decode("utf-16")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_other_sources_unchanged_and_no_faults_in_real_files(tmp_path: Path) -> None:
    real_out, contract_out = tmp_path / "real", tmp_path / "contract"
    summary = generate(FAULTY, real_out, formats="real")
    generate(FAULTY, contract_out, formats="contract")
    assert summary["formats"] == "real"
    for path in sorted(contract_out.rglob("*")):
        relative = path.relative_to(contract_out)
        if path.is_file() and relative.parts[0] not in ("mor", "web", "_generator"):
            assert (real_out / relative).read_bytes() == path.read_bytes(), relative
    with (real_out / "_generator" / "faults.csv").open(encoding="utf-8", newline="") as handle:
        entries = list(csv.DictReader(handle))
    assert entries and not [e for e in entries if e["source"] in ("mor", "web")]
    contract_summary = json.loads(
        (contract_out / "_generator" / "summary.json").read_text(encoding="utf-8")
    )
    assert "formats" not in contract_summary
    rows = summary["rows"]
    assert isinstance(rows, dict)
    assert rows["mor/kto-feedback-PRODUCTION.csv"] > 0 and rows["web/Actions.getPageUrls"] > 0
    assert not [name for name in rows if name in ("web/pages.csv", "mor/kto_feedback.csv")]


def test_real_same_seed_same_bytes(real: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(CLEAN, again, formats="real")
    first = {p.relative_to(real): p.read_bytes() for p in real.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
