"""From the APIs of KISS, Open Klant and Open Zaak to KPIs, with hand-computed values.

A real HTTP server on 127.0.0.1 (tests/python/api_server.py) serves the hand-written
records of tests/python/fixtures/api/ (their README describes the world) the way the
systems do; `klantcontact extract` pulls the window 14 April - 31 May 2025 into a raw
folder, as `make extract` does, beside a telephony export (the contract's dialogues.csv)
with one call; `dbt build` reads it all. The expected values are worked out by hand from
the fixture records below; times are UTC in the files, local (Europe/Amsterdam, UTC+2) in
the comments.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import duckdb
import pytest
from api_server import (
    KISS_KEY,
    OPENKLANT_TOKEN,
    OPENZAAK_CLIENT_ID,
    OPENZAAK_SECRET,
    ApiServer,
)
from conftest import dbt

from klantcontact.settings import SETTINGS

pytestmark = pytest.mark.real_formats

BASE = "http://127.0.0.1:{port}/openklant/klantinteracties/api/v1/klantcontacten/"
# One inbound call of customer P1 (06-12345678, the number of KISS contact kc1's
# betrokkene), answered in a KCC queue on Thursday 8 May 2025.
DIALOGUES = (
    "id,correlationId,direction,startTimestamp,ivrDurationInSec,ivrResult,queueId,"
    "queueEnterTimestamp,acceptTimestamp,endTimestamp,acwDurationInSec,agentId,customerId,"
    "outcome,transferTargetQueueId\n"
    "c0000000-0000-4000-8000-000000000001,c0000000-0000-4000-8000-000000000002,Inbound,"
    "2025-05-08T07:00:00Z,20,completed,KCC Burgerzaken,2025-05-08T07:00:20Z,"
    "2025-05-08T07:01:00Z,2025-05-08T07:05:00Z,30,h.deboer@voorbeeldstad.nl,+31612345678,"
    "Accepted,\n"
)


# it2, the contact request done late, is still open at the first extract and completed by
# the time of the next one.
LATE_TASK = "f1000000-0000-4000-8000-000000000005"


def _extract(server: ApiServer, work: Path, raw: Path, **window: str) -> None:
    """`klantcontact extract` of every system as `make extract` runs it: settings in the
    environment, the window in KCC_EXTRACT_FROM/TO (no FROM: continue)."""
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("KCC_")},
        "KCC_RAW_DIR": str(raw),
        "KCC_KISS_URL": server.kiss_url,
        "KCC_KISS_API_KEY": KISS_KEY,
        "KCC_OPENKLANT_URL": server.openklant_url,
        "KCC_OPENKLANT_TOKEN": OPENKLANT_TOKEN,
        "KCC_OPENZAAK_URL": server.openzaak_url,
        "KCC_OPENZAAK_CLIENT_ID": OPENZAAK_CLIENT_ID,
        "KCC_OPENZAAK_SECRET": OPENZAAK_SECRET,
        **{f"KCC_EXTRACT_{name.upper()}": value for name, value in window.items()},
    }
    extracted = subprocess.run(
        [*SETTINGS.command, "extract"], env=env, capture_output=True, text=True, cwd=work,
        timeout=300,
    )  # fmt: skip
    assert extracted.returncode == 0, extracted.stderr


def _build(work: Path, raw: Path, database: Path) -> None:
    finished = dbt("build", raw, database, "--exclude-resource-type", "unit_test", work_dir=work)
    assert finished.returncode == 0, finished.stdout[-5000:]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, Path]:
    work = tmp_path_factory.mktemp("api_build")
    raw, database = work / "raw", work / "build.duckdb"
    (raw / "telephony" / "2025-05-08").mkdir(parents=True)
    (raw / "telephony" / "2025-05-08" / "dialogues.csv").write_text(DIALOGUES, encoding="utf-8")
    with ApiServer() as server:
        late = next(
            task for task in server.records["openklant"]["internetaken"]
            if task["uuid"] == LATE_TASK
        )  # fmt: skip
        late.update(status="te_verwerken", afgehandeldOp=None)
        _extract(server, work, raw, **{"from": "2025-04-14", "to": "2025-05-31"})
        port = int(server.base_url.rsplit(":", 1)[1])
    _build(work, raw, database)
    return database, port, work


@pytest.fixture(scope="module")
def continued(built: tuple[Path, int, Path]) -> Path:
    """The next day's run: the extract continues from the last window (no FROM) into a
    folder of its own, on the same server (its URLs name its port), and the build reads
    it incrementally into the same database."""
    database, port, work = built
    with ApiServer(port=port) as server:
        _extract(server, work, work / "raw", to="2025-06-02")
    _build(work, work / "raw", database)
    return database


def _kpi(database: Path, code: str, month: str) -> tuple[float, float | None]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select numerator, denominator from kpi.kpi_values where kpi_code = ? and "
            "period_grain = 'month' and period_start = cast(? as date) and channel_key = 'alle'",
            [code, month],
        ).fetchall()
    assert len(rows) == 1, f"{code} {month}: {rows}"
    return rows[0]


def _one(database: Path, sql: str, *parameters: object) -> tuple:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(sql, list(parameters)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_direct_resolution_from_kiss_results(built: tuple[Path, int, Path]) -> None:
    # April: kc1 Zelfstandig afgehandeld, kc2 Doorverbonden naar afdeling, kc3 Contactverzoek
    # gemaakt, kc4 Verwezen naar ander instantie: 1 of 4. May: kc5 Afgehandeld na ruggespraak
    # and kc7 Zelfstandig afgehandeld resolved, kc6 Onbekend and kc8 Doorverbonden naar
    # collega not: 2 of 4. kc9 (Open Klant only, no KISS result) is in neither.
    database, _, _ = built
    assert _kpi(database, "kcc_direct_resolved", "2025-04-01") == (1, 4)
    assert _kpi(database, "kcc_direct_resolved", "2025-05-01") == (2, 4)
    # kc2 and kc4 referred outside the KCC; kc2 and kc3 (the contact request) second line.
    assert _kpi(database, "kcc_referred_external", "2025-04-01") == (2, 4)
    assert _kpi(database, "kcc_second_line", "2025-04-01") == (2, 4)
    # Every contact counts, kc9 included: kc5, kc6, kc7, kc8 and kc9 in May.
    assert _kpi(database, "kcc_contacts", "2025-05-01")[0] == 5


def test_callbacks_on_time_across_a_holiday(built: tuple[Path, int, Path]) -> None:
    # it1 (kc3's contactverzoek), assigned Thursday 17 April 10:00, two working days:
    # Friday 18 and Tuesday 22 (Easter Monday 21 April is a holiday), done Tuesday 22
    # 11:15: on time, only because of the holiday. it2, assigned Friday 2 May 15:20, due
    # Wednesday 7 May (Bevrijdingsdag 5 May is a holiday in 2025), still open on 31 May:
    # overdue, in the denominator and not on time.
    database, _, _ = built
    assert _kpi(database, "callback_timely", "2025-04-01") == (1, 1)
    assert _kpi(database, "callback_timely", "2025-05-01") == (0, 1)
    assert _one(
        database, "select due_date, outcome from core.fact_callback where callback_key like ?",
        "%f1000000-0000-4000-8000-000000000004",
    ) == (dt.date(2025, 4, 22), "done_on_time")  # fmt: skip


def test_cases_on_time_against_servicenorm_and_legal_term(built: tuple[Path, int, Path]) -> None:
    # Z1 (15-23 April, gepland 25 April, uiterlijk 10 June): on time for both. May: Z2
    # (22 April - 20 May, gepland 2 May) late for the servicenorm, on time for the legal
    # term (17 June); Z4 (5-27 May, gepland 15 May plus its verlenging of 14 days: 29 May)
    # on time for both.
    database, _, _ = built
    assert _kpi(database, "case_on_time_norm", "2025-04-01") == (1, 1)
    assert _kpi(database, "case_on_time_legal", "2025-04-01") == (1, 1)
    assert _kpi(database, "case_on_time_norm", "2025-05-01") == (1, 2)
    assert _kpi(database, "case_on_time_legal", "2025-05-01") == (2, 2)
    planned, legal = _one(
        database,
        "select planned_due_date, legal_due_date from core.fact_case where case_id = ?",
        "ZAAK-2025-0000000021",
    )
    assert (planned.isoformat(), legal.isoformat()) == ("2025-05-29", "2025-07-28")


def test_a_contact_is_linked_to_its_zaak_by_uuid(built: tuple[Path, int, Path]) -> None:
    # kc5's onderwerpobject names zaak Z2 by its uuid 5a000000-...-003; Z2's identificatie
    # is ZAAK-2025-0000000015.
    database, port, _ = built
    assert _one(
        database, "select case_key from core.fact_contact where source_record_id = ?",
        BASE.format(port=port) + "a1000000-0000-4000-8000-000000000005",
    ) == ("zaak|ZAAK-2025-0000000015",)  # fmt: skip


def test_one_customer_over_a_phone_call_and_a_kiss_contact(built: tuple[Path, int, Path]) -> None:
    # P1's call from +31612345678 and KISS contact kc1, whose Open Klant betrokkene has
    # telephone number 06-12345678 and BSN 111222333: one customer.
    database, port, _ = built
    call = _one(
        database,
        "select customer_key from core.fact_contact where channel_key = 'telefoon' "
        "and source_system = 'telephony'",
    )[0]
    kiss = _one(
        database, "select customer_key from core.fact_contact where source_record_id = ?",
        BASE.format(port=port) + "a1000000-0000-4000-8000-000000000001",
    )[0]  # fmt: skip
    assert call == kiss != "onbekend"


def test_kpis_the_apis_cannot_support_are_absent(built: tuple[Path, int, Path]) -> None:
    # No aantal_vragen, klacht or task status retour in KISS or Open Klant.
    database, _, _ = built
    with duckdb.connect(str(database), read_only=True) as connection:
        present = connection.execute(
            "select distinct kpi_code from kpi.kpi_values where kpi_code in "
            "('kcc_question_ratio', 'kcc_complaints', 'kcc_referral_wrong')"
        ).fetchall()
    assert present == []


def test_the_next_run_picks_up_a_task_completed_later(continued: Path) -> None:
    # The continued window (30 May - 2 June) reads the tasks back to 60 days before its
    # start: it2, completed on Friday 16 May, comes in again, and the latest folder wins.
    assert _one(
        continued,
        "select completed_date, outcome, _file from core.fact_callback "
        "inner join intermediate.int_internal_tasks_unioned using (task_id) "
        "where callback_key = ?",
        f"kcs|{LATE_TASK}",
    ) == (dt.date(2025, 5, 16), "done_late", "kcs/2025-06-02/internetaken-1.json")
    assert _kpi(continued, "callback_timely", "2025-05-01") == (0, 1)
