"""KPIs computed by hand from exports written exactly as the real systems write them.

The fixtures in tests/python/fixtures/real/ (README.md there describes every record):
- signalen/: one Signalen datawarehouse dump (local storage, all eleven files, CRLF,
  `+00` timestamps, `t`/`f` and `True`/`False`, literal `null`, jsonb text, `lat` holding
  the longitude); the test also zips it the way Signalen's zip_csv_files does, as a
  second, later dump;
- matomo/: Actions.getPageUrls (flat=1), getSiteSearchKeywords and
  getSiteSearchNoResultKeywords as multi-day JSON; the CSV variant (UTF-16LE with BOM,
  `\\n`, no final newline) of two more days is written by this module from MATOMO_CSV;
- openforms/: an Open Formulieren submissions export (naive local times, CRLF);
- contract/: the same records in today's export contract (docs/raw-exports.md).

Every KPI test runs on two builds: `contract` (the twin, readable today) and `real` (the
real formats, marked real_formats: it needs the readers of those formats). Both must give
the hand-computed numbers in the comments. Further real_formats tests check that the
dump zip is read, that the real build equals the twin, and that bad real-format input
fails the build with a message naming the file while other sources still build.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import dbt

# Five builds of the whole project: `make test-formats`, a CI step of its own.
pytestmark = pytest.mark.real_formats

FIXTURES = Path(__file__).parent / "fixtures" / "real"
CONTRACT = FIXTURES / "contract"
DUMP_PREFIX = "120000UTC_"  # the dump in signalen/ was written on 2025-05-02 at 12:00 UTC
# Signalen's task order (reporting/csv/datawarehouse/tasks.py), also the zip's member order.
DUMP_FILES = (
    "signals.csv", "signals_assigned_user.csv", "locations.csv", "reporters.csv",
    "categories.csv", "statuses.csv", "sla.csv", "directing_departments.csv",
    "routing_departments.csv", "notes.csv", "kto-feedback-PRODUCTION.csv",
)  # fmt: skip
MATOMO_METHODS = (
    "Actions.getPageUrls", "Actions.getSiteSearchKeywords",
    "Actions.getSiteSearchNoResultKeywords",
)  # fmt: skip
# Every model, seed and snapshot, and of the tests only the two on the raw files (as in
# test_file_faults.py): the other data tests are `make dbt-test`'s job.
BUILD_ALL_BUT_OTHER_TESTS = (
    "--select",
    "resource_type:model resource_type:seed resource_type:snapshot",
    "assert_raw_files_are_readable assert_raw_files_have_no_warnings",
    "--indirect-selection", "empty",
)  # fmt: skip

# Matomo's CSV of a multi-day request (date=2025-05-01,2025-05-02, flat=1, format=CSV),
# decoded. Written by core/DataTable/Renderer/Csv.php: `date` first, metadata columns
# prefixed metadata_, rows of a day rendered with the columns seen so far, so a column
# first seen on a later day (exit_nb_visits of the search reports: nobody left after
# searching on 1 May) makes the earlier days' rows one field short.
MATOMO_CSV = {
    "Actions.getPageUrls": "\n".join([
        "date,label,nb_visits,nb_uniq_visitors,nb_hits,sum_time_spent,entry_nb_uniq_visitors,"
        "entry_nb_visits,entry_nb_actions,entry_sum_visit_length,entry_bounce_count,"
        "exit_nb_uniq_visitors,exit_nb_visits,avg_page_load_time,avg_time_on_page,bounce_rate,"
        "exit_rate,metadata_url,metadata_Actions_PageUrl,metadata_segment",
        "2025-05-01,/index,25,24,31,930,20,20,58,3100,5,8,8,0.877,30,25%,32%,"
        "https://www.voorbeeldstad.nl/,/index,"
        "pageUrl==https%253A%252F%252Fwww.voorbeeldstad.nl%252F",
        "2025-05-01,/afval/afvalkalender,10,10,12,600,4,4,9,480,1,5,5,1.1,50,25%,50%,"
        "https://www.voorbeeldstad.nl/afval/afvalkalender,/afval/afvalkalender,"
        "pageUrl==https%253A%252F%252Fwww.voorbeeldstad.nl%252Fafval%252Fafvalkalender",
        "2025-05-02,/index,20,19,24,720,16,16,40,2500,4,6,6,0.79,30,25%,30%,"
        "https://www.voorbeeldstad.nl/,/index,"
        "pageUrl==https%253A%252F%252Fwww.voorbeeldstad.nl%252F",
        "2025-05-02,/parkeren/parkeervergunning-bewoners,6,6,7,630,,,,,,3,3,0.655,90,0%,50%,"
        "https://www.voorbeeldstad.nl/parkeren/parkeervergunning-bewoners,"
        "/parkeren/parkeervergunning-bewoners,"
        "pageUrl==https%253A%252F%252Fwww.voorbeeldstad.nl%252Fparkeren%252F"
        "parkeervergunning-bewoners",
    ]),
    "Actions.getSiteSearchKeywords": "\n".join([
        "date,label,nb_visits,nb_hits,sum_time_spent,nb_pages_per_search,avg_time_on_page,"
        "bounce_rate,exit_rate,metadata_segment,exit_nb_visits",
        "2025-05-01,afvalkalender,4,6,180,1.5,30,0%,0%,siteSearchKeyword==afvalkalender",
        "2025-05-01,openingstijden milieustraat,2,2,60,1,30,0%,0%,"
        "siteSearchKeyword==openingstijden+milieustraat",
        "2025-05-01,snoeiafval container,1,1,12,1,12,0%,0%,"
        "siteSearchKeyword==snoeiafval+container",
        "2025-05-01,kwijtschelding formulier,1,2,30,2,15,0%,0%,"
        "siteSearchKeyword==kwijtschelding+formulier",
        "2025-05-02,afvalkalender,3,4,120,1.3,30,0%,33%,siteSearchKeyword==afvalkalender,1",
        "2025-05-02,parkeervergunning,1,1,40,1,40,0%,0%,siteSearchKeyword==parkeervergunning,",
        "2025-05-02,hondenpoepzakjes,1,1,8,1,8,0%,100%,siteSearchKeyword==hondenpoepzakjes,1",
    ]),
    "Actions.getSiteSearchNoResultKeywords": "\n".join([
        "date,label,nb_visits,nb_hits,sum_time_spent,nb_pages_per_search,avg_time_on_page,"
        "bounce_rate,exit_rate,metadata_segment,exit_nb_visits",
        "2025-05-01,snoeiafval container,1,1,12,1,12,0%,0%,"
        "siteSearchKeyword==snoeiafval+container",
        "2025-05-01,kwijtschelding formulier,1,2,30,2,15,0%,0%,"
        "siteSearchKeyword==kwijtschelding+formulier",
        "2025-05-02,hondenpoepzakjes,1,1,8,1,8,0%,100%,siteSearchKeyword==hondenpoepzakjes,1",
    ]),
}  # fmt: skip
MATOMO_ERROR = (
    b'{"result":"error","message":"You can\'t access this resource as it requires '
    b"'view' access for the website id = 1.\"}"
)


def matomo_csv_bytes(text: str) -> bytes:
    """Matomo's convertToUnicode: the bytes FF FE, then the text as UTF-16LE."""
    return b"\xff\xfe" + text.encode("utf-16-le")


def dump_files() -> dict[str, bytes]:
    """The dump's files by Signalen name (without the time prefix), in task order."""
    return {
        name: (FIXTURES / "signalen" / (DUMP_PREFIX + name)).read_bytes() for name in DUMP_FILES
    }


def dump_zip(files: dict[str, bytes], written_at: dt.datetime) -> tuple[str, bytes]:
    """A dump zipped as zip_csv_files does: `YYYYmmdd_HHMMSSUTC.zip`, members the
    time-prefixed file names, ZIP_DEFLATED."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipper:
        for name, data in files.items():
            member = zipfile.ZipInfo(f"{written_at:%H%M%S}UTC_{name}", written_at.timetuple()[:6])
            zipper.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return f"{written_at:%Y%m%d_%H%M%S}UTC.zip", buffer.getvalue()


def write_real_raw(raw: Path) -> None:
    """The real-format exports in one raw dir, one export folder per delivery:
    mor/2025-05-02 the dump's files, mor/2025-05-03 the same dump zipped at 02:00 UTC,
    web/2025-05-01 Matomo JSON (28-30 Apr), web/2025-05-02 the Open Formulieren
    export, web/2025-05-03 Matomo CSV (1-2 May)."""
    folder = raw / "mor" / "2025-05-02"
    folder.mkdir(parents=True)
    for name, data in dump_files().items():
        (folder / (DUMP_PREFIX + name)).write_bytes(data)
    zip_name, zip_bytes = dump_zip(dump_files(), dt.datetime(2025, 5, 3, 2, 0, 0))
    (raw / "mor" / "2025-05-03").mkdir(parents=True)
    (raw / "mor" / "2025-05-03" / zip_name).write_bytes(zip_bytes)
    shutil.copytree(FIXTURES / "matomo", raw / "web" / "2025-05-01")
    (raw / "web" / "2025-05-02").mkdir(parents=True)
    shutil.copy(FIXTURES / "openforms" / "submissions_export.csv", raw / "web" / "2025-05-02")
    (raw / "web" / "2025-05-03").mkdir(parents=True)
    for method, text in MATOMO_CSV.items():
        (raw / "web" / "2025-05-03" / f"{method}.csv").write_bytes(matomo_csv_bytes(text))


@dataclass(frozen=True)
class Build:
    raw_dir: Path
    database: Path
    output: str
    returncode: int
    results: dict[str, str]


def _build(work: Path, raw: Path) -> Build:
    database = work / "build.duckdb"
    finished = dbt("build", raw, database, *BUILD_ALL_BUT_OTHER_TESTS, work_dir=work)
    run_results = work / "target" / "run_results.json"
    results = (
        {r["unique_id"]: r["status"] for r in json.loads(run_results.read_text())["results"]}
        if run_results.exists()
        else {}
    )
    return Build(raw, database, finished.stdout + finished.stderr, finished.returncode, results)


@pytest.fixture(scope="module")
def contract_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("real_formats_contract")
    shutil.copytree(CONTRACT, work / "raw")
    build = _build(work, work / "raw")
    assert build.returncode == 0, build.output[-5000:]
    return build


@pytest.fixture(scope="module")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("real_formats_real")
    write_real_raw(work / "raw")
    return _build(work, work / "raw")


@pytest.fixture(
    scope="module",
    params=["contract", pytest.param("real", marks=pytest.mark.real_formats)],
)
def db(request: pytest.FixtureRequest) -> Iterator[duckdb.DuckDBPyConnection]:
    """The build of the contract twin or of the real formats, read-only."""
    build: Build = request.getfixturevalue(f"{request.param}_build")
    assert build.returncode == 0, build.output[-5000:]
    with duckdb.connect(str(build.database), read_only=True) as connection:
        connection.sql("set TimeZone = 'UTC'")
        yield connection


def kpi(
    db: duckdb.DuckDBPyConnection, code: str, grain: str, start: str, channel: str = "alle"
) -> tuple[float, float | None, float | None]:
    """(numerator, denominator, value) of one kpi_values row; fails when it is absent."""
    rows = db.execute(
        "select numerator, denominator, value from kpi.kpi_values where kpi_code = ? "
        "and period_grain = ? and period_start = cast(? as date) and channel_key = ?",
        [code, grain, start, channel],
    ).fetchall()
    assert len(rows) == 1, f"{code} {grain} {start} {channel}: {rows}"
    return rows[0]


def melding(db: duckdb.DuckDBPyConnection, signal_id: int) -> dict[str, object]:
    row = db.execute(
        "select * from intermediate.int_melding_lifecycles_derived where signal_id = ?",
        [signal_id],
    ).fetchone()
    assert row, signal_id
    return dict(zip([c[0] for c in db.description], row, strict=True))


# --- the KPIs, computed by hand ---------------------------------------------------------


def test_mor_on_time_across_easter_monday(db: duckdb.DuckDBPyConnection) -> None:
    # Huisafval: sla row 3, 3 working days (use_calendar_days f).
    # 40103 created Fri 18 Apr 10:02 local. Working days after it: Tue 22 (Mon 21 Apr is
    # Tweede paasdag), Wed 23, Thu 24 -> due Thu 24 Apr. Closed (o) Thu 24 Apr 14:40 local:
    # on time. Were Easter Monday a working day, the due date would be Wed 23: late.
    # 40104 created Fri 18 Apr 11:47, same due date Thu 24; closed Fri 25 Apr 10:30: late.
    # 40107 Container is vol: the latest sla row created before it (163, 2024-01-08) says
    # 2 calendar days (t); created Sat 26 Apr -> due Mon 28; closed Tue 29 Apr: late
    # (read as working days, due would be Tue 29: on time).
    # Straatverlichting (sla 120, 21 working days): 40102 closed Thu 17 Apr, 40101 closed
    # (again) Tue 22 Apr, both long before their due dates (16 and 15 May).
    assert db.sql(
        "select holiday_name from intermediate.int_public_holidays_listed "
        "where holiday_date = date '2025-04-21'"
    ).fetchall() == [("Tweede paasdag",)]
    assert (melding(db, 40103)["due_date"], melding(db, 40103)["is_closed_on_time"]) == (
        dt.date(2025, 4, 24), True,
    )  # fmt: skip
    assert (melding(db, 40104)["due_date"], melding(db, 40104)["is_closed_on_time"]) == (
        dt.date(2025, 4, 24), False,
    )  # fmt: skip
    assert (melding(db, 40107)["due_date"], melding(db, 40107)["is_closed_on_time"]) == (
        dt.date(2025, 4, 28), False,
    )  # fmt: skip
    # mor_on_time = closed on time / closed, anchored on the local closing date:
    assert kpi(db, "mor_on_time", "day", "2025-04-24") == (1, 1, 1.0)  # 40103
    assert kpi(db, "mor_on_time", "day", "2025-04-25") == (0, 1, 0.0)  # 40104
    assert kpi(db, "mor_on_time", "day", "2025-04-29") == (0, 1, 0.0)  # 40107
    # Week of Mon 21 Apr: 40101 (22, on time), 40103 (24, on time), 40104 (25, late) = 2/3.
    assert kpi(db, "mor_on_time", "week", "2025-04-21")[:2] == (2, 3)
    # April: 40102, 40101, 40103 on time; 40104, 40107 late = 3/5.
    assert kpi(db, "mor_on_time", "month", "2025-04-01") == (3, 5, 0.6)


def test_mor_reopened(db: duckdb.DuckDBPyConnection) -> None:
    # 40101: m, b, o (Tue 15 Apr), reopened (Wed 16 Apr), b, o (Tue 22 Apr 16:12 local).
    # Closed = current state o; its closing date is the latest o: 22 Apr, not 15 Apr.
    row = melding(db, 40101)
    assert (row["closed_date"], row["reopen_count"]) == (dt.date(2025, 4, 22), 1)
    # mor_reopened = closed in the period with any reopened status / closed in the period.
    assert kpi(db, "mor_reopened", "day", "2025-04-22") == (1, 1, 1.0)
    # Week of 21 Apr: 40101 reopened; 40103 and 40104 not = 1/3.
    assert kpi(db, "mor_reopened", "week", "2025-04-21")[:2] == (1, 3)
    # April: closed 40102, 40101, 40103, 40104, 40107; one reopened = 1/5.
    assert kpi(db, "mor_reopened", "month", "2025-04-01") == (1, 5, 0.2)
    # Its first closing (15 Apr) is no closing in a period at all.
    assert db.sql(
        "select count(*) from kpi.kpi_values where kpi_code = 'mor_reopened' "
        "and period_grain = 'day' and period_start = date '2025-04-15'"
    ).fetchone() == (0,)


def test_mor_repeat_location(db: duckdb.DuckDBPyConnection) -> None:
    # Straatverlichting meldingen 40102 (lat 52.0795, lng 5.1045; closed Thu 17 Apr) and
    # 40105 (lat 52.0797, lng 5.1050; created Tue 22 Apr, 5 days later, within the 30-day
    # window of kpi_parameters mor_repeat_location_window):
    #   dlat = 0.0002 deg = 22.2 m; dlng = 0.0005 deg x cos(52.08 deg) = 34.2 m;
    #   haversine (R = 6,371,008.8 m) = 40.8 m <= 50 m (mor_repeat_location_radius).
    # In the Signalen dump the columns are swapped (lat = 5.1045, lng = 52.0795); read
    # unswapped, the two points would be 59.8 m apart and 40105 no repeat.
    # 40101 and 31877 (Straatverlichting too) lie over 1 km away; the other meldingen
    # are of other sub categories. So only 40105 is a repeat.
    repeats = db.sql(
        "select case_key from intermediate.int_meldingen_flagged where is_repeat_location"
    ).fetchall()
    assert repeats == [("melding|SIG-40105",)]
    latitude, longitude = db.sql(
        "select latitude, longitude from staging.stg_mor__locations where signal_id = 40105"
    ).fetchone()
    assert (latitude, longitude) == (52.0797, 5.105)
    # mor_repeat_location = repeats / meldingen created, by created date.
    assert kpi(db, "mor_repeat_location", "day", "2025-04-22") == (1, 1, 1.0)
    # April: 40101..40107 created (7), one repeat = 1/7.
    assert kpi(db, "mor_repeat_location", "month", "2025-04-01")[:2] == (1, 7)
    # 40102 was closed when 40105 came in: no duplicate anywhere.
    assert kpi(db, "mor_duplicate_share", "month", "2025-04-01")[:2] == (0, 7)


def test_mor_other_states(db: duckdb.DuckDBPyConnection) -> None:
    # 40106: m, then `reaction requested`: open; its category moved from Straatmeubilair
    # (Stadswerken) to Huisafval (Afval en Grondstoffen) -> rerouted, due Mon 28 Apr.
    # 31877 (created 2020): m, b, h (on hold, a state today's Signalen workflow no longer
    # reaches): open, due 2 Dec 2020. 40105: b, open, due 22 May.
    assert (melding(db, 40106)["current_state"], melding(db, 40106)["is_open"]) == (
        "reaction requested", True,
    )  # fmt: skip
    assert (melding(db, 31877)["current_state"], melding(db, 31877)["is_open"]) == ("h", True)
    assert kpi(db, "mor_rerouted", "month", "2025-04-01")[:2] == (1, 7)
    # At the as-of date (2025-05-03, the latest export folder): open 31877, 40105, 40106;
    # overdue 31877 and 40106 = 2/3.
    assert kpi(db, "mor_open_overdue", "day", "2025-05-03")[:2] == (2, 3)
    # Signalen feedback (kto-feedback-PRODUCTION.csv): 40101 False (submitted 16 Apr),
    # 40102 True (18 Apr) = 1/2 in April.
    assert kpi(db, "mor_satisfied", "month", "2025-04-01") == (1, 2, 0.5)


def test_web_search_no_result(db: duckdb.DuckDBPyConnection) -> None:
    # getSiteSearchKeywords lists every keyword, no-result ones included;
    # getSiteSearchNoResultKeywords the keywords without results.
    # share = sum nb_visits of no-result keywords / sum nb_visits of all keywords:
    # 28 Apr (JSON): afvalkalender 5, paspoort aanvragen 3, hondenbelasting 1 (none),
    #   wob verzoek 1 (none) -> 2/10.
    assert kpi(db, "web_search_no_result", "day", "2025-04-28") == (2, 10, 0.2)
    # 29 Apr (JSON): afvalkalender 2, paspoort aanvragen 1, containerpas 1 (none) -> 1/4.
    assert kpi(db, "web_search_no_result", "day", "2025-04-29") == (1, 4, 0.25)
    # 1 May (CSV): afvalkalender 4, openingstijden milieustraat 2, snoeiafval container 1
    #   (none), kwijtschelding formulier 1 (none) -> 2/8.
    assert kpi(db, "web_search_no_result", "day", "2025-05-01") == (2, 8, 0.25)
    # 2 May (CSV): afvalkalender 3, parkeervergunning 1, hondenpoepzakjes 1 (none) -> 1/5.
    assert kpi(db, "web_search_no_result", "day", "2025-05-02") == (1, 5, 0.2)
    # 30 Apr is an empty day in the JSON ("2025-04-30":[]): no row.
    assert db.sql(
        "select count(*) from kpi.kpi_values where kpi_code like 'web_%' "
        "and period_grain = 'day' and period_start = date '2025-04-30'"
    ).fetchone() == (0,)
    # Exits after searching (exit_nb_visits, absent = 0): 28 Apr 1 + 1 = 2/10;
    # 1 May none (the key is absent on every row) = 0/8.
    assert kpi(db, "web_search_exit", "day", "2025-04-28")[:2] == (2, 10)
    assert kpi(db, "web_search_exit", "day", "2025-05-01")[:2] == (0, 8)
    # Page views = sum nb_hits: 28 Apr 52 + 24 + 6 = 82; 29 Apr 35 + 4 = 39;
    # 1 May 31 + 12 = 43; 2 May 24 + 7 = 31.
    assert kpi(db, "web_pageviews", "day", "2025-04-28")[0] == 82
    assert kpi(db, "web_pageviews", "day", "2025-04-29")[0] == 39
    assert kpi(db, "web_pageviews", "day", "2025-05-01")[0] == 43
    assert kpi(db, "web_pageviews", "day", "2025-05-02")[0] == 31


def test_completed_forms_per_day(db: duckdb.DuckDBPyConnection) -> None:
    # No KPI counts completed submissions per completion day (the frm_* KPIs anchor on
    # started_at, which the Open Formulieren export does not have), so this counts the
    # rows of staging.stg_web__form_submissions per local completion date (fallback).
    # Inzendingdatum is naive local time (make_naive(completed_on)):
    # 28 Apr: 09:14:03.512004, 13:20:48.250000, 23:58:10.750000 (21:58 UTC) -> 3;
    # 29 Apr: 00:12:40.183901 (28 Apr 22:12 UTC: the UTC date is the day before),
    #         10:02:11, 16:45:30.904127 -> 3.
    # Read as UTC, 23:58 would move to 29 Apr (4 and 2); counted by UTC date, 00:12
    # would move to 28 Apr (4 and 2).
    counts = db.sql(
        "select cast(timezone('Europe/Amsterdam', completed_at) as date), count(*) "
        "from staging.stg_web__form_submissions where completed_at is not null "
        "group by all order by all"
    ).fetchall()
    assert counts == [(dt.date(2025, 4, 28), 3), (dt.date(2025, 4, 29), 3)]
    assert db.sql(
        "select distinct form_name from staging.stg_web__form_submissions"
    ).fetchall() == [("Aanvraag parkeervergunning bewoners",)]


# --- the real formats: reading, lineage, the twin --------------------------------------


def _rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.sql("set TimeZone = 'UTC'")
        return connection.sql(sql).fetchall()


@pytest.mark.real_formats
def test_every_real_file_is_recognised(real_build: Build) -> None:
    assert real_build.returncode == 0, real_build.output[-5000:]
    assert _rows(real_build.database, "select * from quality.raw_file_faults") == []


@pytest.mark.real_formats
def test_formats_are_recorded(real_build: Build) -> None:
    assert real_build.returncode == 0, real_build.output[-5000:]
    formats = _rows(
        real_build.database,
        " union ".join(
            f"select '{name}', files.format_name from staging.{model} as rows_read "
            "join staging.stg_raw_exports__files as files on rows_read._file = files.file_path"
            for name, model in [
                ("forms", "base_web__form_submissions"), ("pages", "base_web__pages"),
                ("signals", "base_mor__signals"), ("site_search", "base_web__site_search"),
            ]
        ) + " order by all",
    )  # fmt: skip
    assert formats == [
        ("forms", "openforms_submissions"), ("pages", "matomo"),
        ("signals", "signalen_dump"), ("site_search", "matomo"),
    ]  # fmt: skip


@pytest.mark.real_formats
def test_dump_zip_is_read(real_build: Build) -> None:
    """mor/2025-05-03 holds mor/2025-05-02's dump again, zipped: eight signals, none
    changed. Both dumps are read and counted whole. Of the zip's member only its first
    record is kept (every dump leaves a row; docs/incremental.md), so that signal is staged
    from the zip, the later dump, and the seven it repeats unchanged keep the row of the
    dump before."""
    assert real_build.returncode == 0, real_build.output[-5000:]
    zipped = "mor/2025-05-03/20250503_020000UTC.zip!020000UTC_signals.csv"
    counted = _rows(
        real_build.database,
        "select _file, max(_file_records) from staging.base_mor__signals group by all order by all",
    )
    assert counted == [("mor/2025-05-02/120000UTC_signals.csv", 8), (zipped, 8)]
    files = _rows(
        real_build.database,
        "select _file, count(*) from staging.stg_mor__signals group by all order by all",
    )
    assert files == [("mor/2025-05-02/120000UTC_signals.csv", 7), (zipped, 1)]
    read = _rows(
        real_build.database,
        "select count(*) from staging.base_mor__signals where _file like 'mor/2025-05-02/%'",
    )
    assert read == [(8,)]


def _kpi_rows(database: Path, where: str) -> list[tuple]:
    return _rows(
        database,
        "select kpi_code, period_grain, period_start, channel_key, numerator, denominator "
        f"from kpi.kpi_values where {where} order by all",
    )


@pytest.mark.real_formats
def test_real_mor_kpi_values_equal_the_twin(real_build: Build, contract_build: Build) -> None:
    assert real_build.returncode == 0, real_build.output[-5000:]
    where = "starts_with(kpi_code, 'mor_')"
    twin = _kpi_rows(contract_build.database, where)
    assert twin and _kpi_rows(real_build.database, where) == twin


@pytest.mark.real_formats
def test_real_web_kpi_values_equal_the_twin(real_build: Build, contract_build: Build) -> None:
    """Matomo has no page feedback: web_useful is left out."""
    assert real_build.returncode == 0, real_build.output[-5000:]
    where = (
        "kpi_code in ('web_pageviews', 'web_search_no_result', 'web_search_exit', "
        "'web_search_simple')"
    )
    twin = _kpi_rows(contract_build.database, where)
    assert twin and _kpi_rows(real_build.database, where) == twin


# --- bad real-format input ----------------------------------------------------------------

KTO_RESPONSES = (
    "response_id;kanaal;kanaal_referentie;ingevuld_op;tevredenheid;rapportcijfer;gemak;"
    "vertrouwen;persoonlijke_benadering;opmerking\n"
    "kto-1;Telefoon;;28-04-2025 10:15;4;8;4;4;4;\n"
    "kto-2;E-mail;;28-04-2025 16:40;2;5;2;3;2;Duurde lang\n"
)
BAD_FILES = {
    "missing_column": "mor/2025-05-02/120000UTC_signals.csv",
    "zip_without_signals": "mor/2025-05-03/20250503_020000UTC.zip",
    "corrupt_zip": "mor/2025-05-04/20250504_020000UTC.zip",
    "only_unknown_files": "mor/2025-04-14/export.txt.csv",
    "matomo_error": "web/2025-05-01/Actions.getPageUrls.json",
}


def _without_column(data: bytes, column: str) -> bytes:
    """A Signalen CSV without one column, written again as Signalen writes it (CRLF)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    position = rows[0].index(column)
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(row[:position] + row[position + 1 :] for row in rows)
    return buffer.getvalue().encode("utf-8")


def write_bad_raw(raw: Path) -> None:
    files = dump_files()
    folder = raw / "mor" / "2025-05-02"
    folder.mkdir(parents=True)
    for name, data in files.items():
        if name == "signals.csv":
            data = _without_column(data, "created_at")
        (folder / (DUMP_PREFIX + name)).write_bytes(data)
    without_signals = {name: data for name, data in files.items() if name != "signals.csv"}
    zip_name, zip_bytes = dump_zip(without_signals, dt.datetime(2025, 5, 3, 2, 0, 0))
    (raw / "mor" / "2025-05-03").mkdir(parents=True)
    (raw / "mor" / "2025-05-03" / zip_name).write_bytes(zip_bytes)
    zip_name, zip_bytes = dump_zip(files, dt.datetime(2025, 5, 4, 2, 0, 0))
    (raw / "mor" / "2025-05-04").mkdir(parents=True)
    (raw / "mor" / "2025-05-04" / zip_name).write_bytes(zip_bytes[: len(zip_bytes) // 2])
    (raw / "mor" / "2025-04-14").mkdir(parents=True)
    (raw / "mor" / "2025-04-14" / "export.txt.csv").write_bytes(
        b"melding;datum;omschrijving\r\n40101;14-04-2025;Lantaarnpaal\r\n"
    )
    (raw / "web" / "2025-05-01").mkdir(parents=True)
    (raw / "web" / "2025-05-01" / "Actions.getPageUrls.json").write_bytes(MATOMO_ERROR)
    (raw / "kto" / "2025-04-28").mkdir(parents=True)
    (raw / "kto" / "2025-04-28" / "responses.csv").write_text(KTO_RESPONSES, encoding="utf-8")


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("real_formats_bad")
    write_bad_raw(work / "raw")
    return _build(work, work / "raw")


@pytest.mark.real_formats
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_input_fails_naming_the_file(bad_build: Build, case: str) -> None:
    """Each bad file is announced by path in the build log and recorded as an error in
    quality.raw_file_faults (for a zip, on the zip or on one of its members)."""
    path = BAD_FILES[case]
    assert bad_build.returncode != 0
    assert path in bad_build.output, f"{case}: {path} not named in the build log"
    faults = _rows(
        bad_build.database,
        "select file_path, severity, message from quality.raw_file_faults "
        f"where file_path = '{path}' or file_path like '{path}!%'",
    )
    assert any(severity == "error" for _, severity, _ in faults), f"{case}: {faults}"
    messages = " ".join(message for _, _, message in faults)
    if case == "missing_column":
        assert "created_at" in messages
    if case == "zip_without_signals":
        assert "signals" in messages
    if case == "matomo_error":
        # Matomo's own message says why the response holds no data.
        assert "requires 'view' access" in messages


@pytest.mark.real_formats
def test_bad_input_leaves_other_sources_built(bad_build: Build) -> None:
    """The readability test fails the build; every model still builds and the kto
    export in the same raw dir is read."""
    failed = {node for node, status in bad_build.results.items() if status in ("error", "fail")}
    assert failed == {"test.klantcontact.assert_raw_files_are_readable"}
    not_built = {
        node: status
        for node, status in bad_build.results.items()
        if node.startswith(("model.", "seed.", "snapshot.")) and status != "success"
    }
    assert not not_built
    assert _rows(bad_build.database, "select count(*) from staging.stg_kto__responses") == [(2,)]


# --- the fixtures themselves --------------------------------------------------------------


def _table(data: bytes, encoding: str = "utf-8") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def _contract(path: str) -> list[dict[str, str]]:
    return _table((CONTRACT / path).read_bytes())


def test_signalen_fixture_is_written_as_signalen_writes() -> None:
    """CRLF records, `+00` timestamps, t/f and True/False, literal null: the bytes the
    dump holds (a checkout that rewrote line endings would break this)."""
    files = dump_files()
    assert list(files) == list(DUMP_FILES)
    for name, data in files.items():
        assert data.endswith(b"\r\n") and data.count(b"\r\n") >= 1, name
        assert not data.startswith(b"\xef\xbb\xbf"), name
    signals = _table(files["signals.csv"])
    assert signals[0]["created_at"] == "2020-11-03 13:48:02.551+00"
    assert {row["extra_properties"] for row in signals} >= {"null"}
    assert {row["use_calendar_days"] for row in _table(files["sla.csv"])} == {"t", "f"}
    assert {row["extern"] for row in _table(files["statuses.csv"])} == {"False"}
    assert _table(files["locations.csv"])[0]["address"] == "null"


def test_contract_twin_holds_the_same_records() -> None:
    """The twin in contract/ is the same data: checked field by field against the dump,
    the Matomo responses and the Open Formulieren export."""
    files = dump_files()

    def instant(text: str) -> str:
        return text + ":00" if text else ""

    signals = {row["id"]: row for row in _table(files["signals.csv"])}
    for row in _contract("mor/2025-05-02/signals.csv"):
        real = signals.pop(row["id"])
        assert (row["source"], row["text"], row["type"], row["priority"], row["parent"]) == (
            real["source"], real["text"], real["type"], real["priority"], real["parent"],
        )  # fmt: skip
        assert row["created_at"] == instant(real["created_at"])
        assert row["updated_at"] == instant(real["updated_at"])
    assert not signals
    statuses = {row["id"]: row for row in _table(files["statuses.csv"])}
    for row in _contract("mor/2025-05-02/statuses.csv"):
        real = statuses.pop(row["id"])
        assert (row["_signal_id"], row["state"], row["state_display"]) == (
            real["_signal_id"], real["state"], real["state_display"],
        )  # fmt: skip
        assert row["created_at"] == instant(real["created_at"])
    assert not statuses
    categories = {row["id"]: row for row in _table(files["categories.csv"])}
    for row in _contract("mor/2025-05-02/categories.csv"):
        real = categories.pop(row["id"])
        assert (row["_signal_id"], row["main"], row["sub"], row["departments"]) == (
            real["_signal_id"], real["main"], real["sub"], real["departments"],
        )  # fmt: skip
        assert row["created_at"] == instant(real["created_at"])
    assert not categories
    locations = {row["id"]: row for row in _table(files["locations.csv"])}
    for row in _contract("mor/2025-05-02/locations.csv"):
        real = locations.pop(row["id"])
        # Signalen's lat is st_x (the longitude), its lng st_y (the latitude).
        assert (row["lat"], row["lng"]) == (real["lng"], real["lat"])
        postcode = "" if real["address_postalcode"] == "null" else real["address_postalcode"]
        assert (row["_signal_id"], row["area_name"], row["address_postalcode"]) == (
            real["_signal_id"], real["area_name"], postcode,
        )  # fmt: skip
    assert not locations
    sla = {row["id"]: row for row in _table(files["sla.csv"])}
    for row in _contract("mor/2025-05-02/sla.csv"):
        real = sla.pop(row["id"])
        assert (row["main"], row["sub"], row["n_days"], row["created_at"]) == (
            real["main"], real["sub"], real["n_days"], instant(real["created_at"]),
        )  # fmt: skip
        assert row["use_calendar_days"] == {"t": "True", "f": "False"}[real["use_calendar_days"]]
    assert not sla
    feedback = {row["_signal_id"]: row for row in _table(files["kto-feedback-PRODUCTION.csv"])}
    for row in _contract("mor/2025-05-02/kto_feedback.csv"):
        real = feedback.pop(row["_signal_id"])
        assert (row["is_satisfied"], row["submitted_at"]) == (
            real["is_satisfied"], instant(real["submitted_at"]),
        )  # fmt: skip
    assert not feedback

    # Matomo: JSON for 28-30 Apr, CSV for 1-2 May.
    def matomo(method: str) -> dict[tuple[str, str], dict[str, object]]:
        rows = {}
        days = json.loads((FIXTURES / "matomo" / f"{method}.json").read_bytes())
        for day, day_rows in days.items():
            rows.update({(day, row["label"]): row for row in day_rows})
        text = matomo_csv_bytes(MATOMO_CSV[method])[2:].decode("utf-16-le")
        for row in csv.DictReader(io.StringIO(text, newline="")):
            rows[(row["date"], row["label"])] = row
        return rows

    pages = matomo("Actions.getPageUrls")
    for row in _contract("web/2025-05-01/pages.csv") + _contract("web/2025-05-03/pages.csv"):
        real = pages.pop((row["date"], row["label"]))
        for column in ("nb_hits", "nb_visits", "entry_nb_visits", "exit_nb_visits"):
            assert row[column] == str(real.get(column) or ""), (row, column)
    assert not pages
    keywords = matomo("Actions.getSiteSearchKeywords")
    no_result = matomo("Actions.getSiteSearchNoResultKeywords")
    for row in _contract("web/2025-05-01/site_search.csv") + _contract(
        "web/2025-05-03/site_search.csv"
    ):
        key = (row["date"], row["label"])
        real = keywords.pop(key)
        for column in ("nb_visits", "nb_pages_per_search", "exit_nb_visits"):
            assert row[column] == str(real.get(column) or ""), (row, column)
        assert (row["nb_results"] == "0") == (key in no_result)
    assert not keywords

    # Open Formulieren: the same completions, the twin with the local offset (+02:00).
    exported = _table((FIXTURES / "openforms" / "submissions_export.csv").read_bytes())
    twin = _contract("web/2025-05-02/form_submissions.csv")
    assert [(r["form_name"], dt.datetime.fromisoformat(r["completed_at"])) for r in twin] == [
        (
            r["Formuliernaam"],
            dt.datetime.fromisoformat(r["Inzendingdatum"]).replace(
                tzinfo=dt.timezone(dt.timedelta(hours=2))
            ),
        )
        for r in exported
    ]


def test_matomo_csv_bytes() -> None:
    """UTF-16LE after the BOM FF FE, `\\n` between records, none after the last."""
    for text in MATOMO_CSV.values():
        data = matomo_csv_bytes(text)
        assert data[:2] == b"\xff\xfe"
        decoded = data[2:].decode("utf-16-le")
        assert decoded.splitlines()[0].startswith("date,label,")
        assert "\r" not in decoded and not decoded.endswith("\n")
