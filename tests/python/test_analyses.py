"""The example analyst queries in analyses/ compile (dbt compile) and run against the
fixture database, each with a header that states its question and how to read it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, BuiltFixture, dbt

ANALYSES = {
    "subjects_driving_repeat_contacts": {"subject_key", "repeat_contacts", "repeat_rate"},
    "channel_switches_web_to_phone": {"subject_key", "followed_by_phone", "switch_rate"},
    "callbacks_overdue_per_department": {"department_key", "open_overdue", "callback_timely"},
    "busiest_half_hours_vs_service_level": {"half_hour", "offered", "service_level", "norm"},
}


@pytest.fixture(scope="module")
def compiled(built_fixture: BuiltFixture, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dbt compile of the analyses. Its database path has the fixture's file name, so the
    compiled relation names (catalog = file stem) resolve in the fixture database, which
    dbt itself never opens here."""
    work = tmp_path_factory.mktemp("analyses")
    result = dbt(
        "compile", built_fixture.raw_dir, work / built_fixture.database.name,
        "--select", "resource_type:analysis", work_dir=work,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return work / "target" / "compiled" / "klantcontact" / "analyses"


def test_every_analysis_has_a_header_with_question_and_reading() -> None:
    files = {path.stem: path for path in (PROJECT_DIR / "analyses").glob("*.sql")}
    assert set(ANALYSES) <= set(files)
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        header = text.split("\nwith ", 1)[0]
        assert header.startswith("-- ") and "?" in header.splitlines()[0], name
        assert "How to read the result" in header, name
        assert "{{ ref(" in text and "select *" not in text, name


def test_every_analysis_compiles_and_runs_on_the_fixture(
    compiled: Path, built_fixture: BuiltFixture
) -> None:
    with duckdb.connect(str(built_fixture.database), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        for name, expected_columns in ANALYSES.items():
            result = connection.sql((compiled / f"{name}.sql").read_text(encoding="utf-8"))
            assert expected_columns <= set(result.columns), name
            rows = result.fetchall()
            assert rows, f"{name} returns no rows on the fixture"


def test_repeat_contact_analysis_reproduces_the_kpi(
    compiled: Path, built_fixture: BuiltFixture
) -> None:
    """Summed over the subjects, the analysis's base and repeats are repeat_contact's
    denominator and numerator (all years, channel alle)."""
    sql = (compiled / "subjects_driving_repeat_contacts.sql").read_text(encoding="utf-8")
    with duckdb.connect(str(built_fixture.database), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        analysed = connection.sql(
            f"select sum(contacts_known), sum(repeat_contacts) from ({sql})"
        ).fetchone()
        kpi = connection.sql(
            "select sum(denominator), sum(numerator) from kpi.kpi_values"
            " where kpi_code = 'repeat_contact' and period_grain = 'year' and channel_key = 'alle'"
        ).fetchone()
    assert analysed is not None and kpi is not None
    assert analysed[0] > 0
    assert (float(analysed[0]), float(analysed[1])) == (float(kpi[0]), float(kpi[1]))
