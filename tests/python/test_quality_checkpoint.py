"""The GX checkpoint (src/klantcontact_quality) on a tiny hand-made DuckDB file.

One clean staging model must pass; one with planted violations (duplicate key, unknown
code, end before start, bad pseudonym) must fail with exactly those expectations; the
reconciliation suite must catch an unexplained row through its computed column.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from klantcontact_quality import REGISTRY, DatabaseError, run_checkpoint
from klantcontact_quality.checkpoint import connect_read_only, load_frame
from klantcontact_quality.cli import main

REPO = Path(__file__).resolve().parents[2]
TELEPHONY = "stg_telephony__dialogue_legs"
TASKS = "stg_kcs__internal_tasks"
PAGES = "stg_web__page_days"
RECONCILIATION = "source_reconciliation"

# Eight call legs, clean except for the rows the dirty variant overrides.
_LEGS = """
    select
        'leg-' || i as leg_id,
        'call-' || (i // 2) as call_id,
        'Inbound' as direction,
        timestamptz '2025-03-03 08:00:00+00' + to_minutes(i) as started_at,
        timestamptz '2025-03-03 08:05:00+00' + to_minutes(i) as ended_at,
        case when i % 2 = 0 then 12 end as ivr_s,
        case when i % 2 = 0 then 'completed' end as ivr_result,
        'Accepted' as outcome,
        30 as acw_s,
        sha256('staff|' || i) as employee_key,
        sha256('phone|' || i) as customer_phone_key,
        'telephony/2025-03-03/dialogues.csv' as _file,
        date '2025-03-03' as _export_date,
        i + 1 as _record_number,
        i + 2 as _line_number,
        'not read by the checkpoint' as unrelated_text
    from range(8) as t(i)
"""

# Rows 2-6 each break one rule and nothing else.
_DIRTY_LEGS = f"""
    select
        case when _record_number = 2 then 'leg-0' else leg_id end as leg_id,
        case when _record_number = 6 then null else call_id end as call_id,
        * exclude (leg_id, call_id, outcome, ended_at, customer_phone_key),
        case when _record_number = 3 then 'Hangup' else outcome end as outcome,
        case when _record_number = 4 then started_at - to_minutes(1) else ended_at end
            as ended_at,
        case when _record_number = 5 then 'not-a-sha256' else customer_phone_key end
            as customer_phone_key
    from ({_LEGS}) as legs
"""

_TASKS = """
    select
        'task-' || i as task_id,
        timestamptz '2025-03-03 09:00:00+00' + to_hours(i) as assigned_at,
        -- An open task has no completion moment; the order check must skip it.
        case when i < 3 then timestamptz '2025-03-04 09:00:00+00' end as completed_at,
        case when i < 3 then 'verwerkt' else 'te_verwerken' end as task_status,
        'kcs/2025-03-03/internetaken.csv' as _file,
        date '2025-03-03' as _export_date,
        i + 1 as _record_number,
        i + 2 as _line_number
    from range(5) as t(i)
"""

# Same label on two days and two labels on one day: unique only as a pair.
_PAGES = """
    select
        date '2025-03-01' + (i // 2)::integer as page_date,
        '/page-' || (i % 2) as page_label,
        10 * i as page_views, i as visits, i as entry_visits, 0 as exit_visits,
        12.5 as avg_time_on_page_s, 1 as feedback_useful_yes, 0 as feedback_useful_no,
        'web/2025-03-03/pages.csv' as _file,
        date '2025-03-03' as _export_date,
        i + 1 as _record_number,
        i + 2 as _line_number
    from range(4) as t(i)
"""

_RECONCILIATION = """
    select * from (values
        ('telephony', 'dialogues', 10, 7, 2, 1),
        ('kcs', 'internetaken', 5, 5, 0, 0),
        ('web', 'pages', 9, 6, 1, 1)  -- one raw row unexplained
    ) as t(source_name, file_name, raw_rows, staged_rows, quarantined_rows, duplicates_removed)
"""


def _build(path: Path, legs_sql: str) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute("create schema staging")
        connection.execute("create schema quality")
        connection.execute(f"create table staging.{TELEPHONY} as {legs_sql}")
        connection.execute(f"create table staging.{TASKS} as {_TASKS}")
        connection.execute(f"create table staging.{PAGES} as {_PAGES}")
        connection.execute(f"create table quality.{RECONCILIATION} as {_RECONCILIATION}")
        # Broken on purpose, for the report: a model without the checked columns, and a
        # view whose source is gone (as when a staging view's raw CSVs were deleted).
        connection.execute("create table staging.stg_email__messages as select 'm1' as message_id")
        connection.execute(
            "create table staging.gone as select 1 as sla_id, 30 as term_days,"
            " 'mor/2025-03-03/sla.csv' as _file, date '2025-03-03' as _export_date,"
            " 1 as _record_number, 2 as _line_number"
        )
        connection.execute("create view staging.stg_mor__sla_rules as select * from staging.gone")
        connection.execute("drop table staging.gone")
    return path


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("clean") / "clean.duckdb", _LEGS)


@pytest.fixture(scope="module")
def dirty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("dirty") / "dirty.duckdb", _DIRTY_LEGS)


def test_clean_models_pass_and_write_data_docs(clean_db: Path, tmp_path: Path) -> None:
    docs = tmp_path / "data-docs"
    report = run_checkpoint(clean_db, models=[TELEPHONY, TASKS, PAGES], docs_dir=docs)

    assert report.failures == []
    assert report.success
    assert [(m.model, m.status, m.rows) for m in report.models] == [
        (TELEPHONY, "validated", 8),
        (TASKS, "validated", 5),
        (PAGES, "validated", 4),
    ]
    assert all(m.passed == len(REGISTRY[m.model].checks) for m in report.models)
    assert report.docs_index == docs.resolve() / "index.html"
    assert any((docs / "validations").rglob("*.html"))


def test_planted_violations_fail_by_name(dirty_db: Path) -> None:
    report = run_checkpoint(dirty_db, models=[TELEPHONY, TASKS, RECONCILIATION], docs_dir=None)

    assert not report.success
    failed = {(o.model, o.expectation, o.columns) for o in report.failures}
    assert failed == {
        (TELEPHONY, "expect_column_values_to_be_unique", "leg_id"),
        (TELEPHONY, "expect_column_values_to_not_be_null", "call_id"),
        (TELEPHONY, "expect_column_values_to_be_in_set", "outcome"),
        (TELEPHONY, "expect_column_pair_values_a_to_be_greater_than_b", "ended_at >= started_at"),
        (TELEPHONY, "expect_column_values_to_match_regex", "customer_phone_key"),
        (RECONCILIATION, "expect_column_values_to_be_between", "unexplained_rows"),
    }
    by_model = {m.model: m for m in report.models}
    assert by_model[TASKS].success  # the clean model beside them still passes
    outcome_detail = next(o.detail for o in report.failures if o.columns == "outcome")
    assert outcome_detail.startswith("1 of 8 rows unexpected") and "'Hangup'" in outcome_detail


def test_only_needed_columns_are_read(clean_db: Path) -> None:
    connection = connect_read_only(clean_db)
    try:
        frame = load_frame(connection, REGISTRY[TELEPHONY])
    finally:
        connection.close()
    assert "unrelated_text" not in frame.columns
    assert tuple(frame.columns) == REGISTRY[TELEPHONY].columns


def test_cli_names_failures_and_missing_models(
    dirty_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # room for the table; message lines never wrap
    models = [TELEPHONY, "stg_balie__visits", "stg_email__messages", "stg_mor__sla_rules"]
    exit_code = main(["--database", str(dirty_db), "--no-docs", *_each("--model", models)])
    output = capsys.readouterr().out

    assert exit_code == 1
    assert "FAIL stg_telephony__dialogue_legs: expect_column_values_to_be_unique (leg_id)" in output
    assert "MISSING staging.stg_balie__visits is not in" in output
    assert "UNREADABLE staging.stg_email__messages lacks column(s) _file, " in output
    assert "UNREADABLE staging.stg_mor__sla_rules could not be read: Catalog Error" in output
    assert "Traceback" not in output


def _each(flag: str, values: list[str]) -> list[str]:
    return [item for value in values for item in (flag, value)]


def test_cli_reports_an_absent_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(tmp_path / "nope.duckdb"), "--no-docs"]) == 2
    assert "does not exist" in capsys.readouterr().out
    with pytest.raises(DatabaseError):
        run_checkpoint(tmp_path / "nope.duckdb")


def test_unknown_model_is_rejected(clean_db: Path) -> None:
    with pytest.raises(KeyError, match="no quality suite for stg_nope"):
        run_checkpoint(clean_db, models=["stg_nope"], docs_dir=None)


def _dbt_model_columns() -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    for path in [*REPO.glob("models/staging/*/_*__models.yml"), *REPO.glob("models/quality/*.yml")]:
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            columns[model["name"]] = {column["name"] for column in model.get("columns", [])}
    return columns


def test_registry_matches_the_dbt_models() -> None:
    dbt_columns = _dbt_model_columns()
    staged = {name for name in dbt_columns if name.startswith("stg_")}

    assert staged <= set(REGISTRY), f"staging models without a suite: {staged - set(REGISTRY)}"
    for name, suite in REGISTRY.items():
        assert name in dbt_columns, f"{name} is not a dbt model"
        unknown = set(suite.source_columns) - dbt_columns[name]
        assert not unknown, f"{name}: columns not in its YAML: {unknown}"
