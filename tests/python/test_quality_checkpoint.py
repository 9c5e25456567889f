"""The GX checkpoint (src/klantcontact/quality) on a tiny hand-made DuckDB file.

One clean staging model must pass; one with planted violations (duplicate key, unknown
code, end before start, bad pseudonym) must fail with exactly those expectations; the
reconciliation suite must catch an unexplained row through its computed column. The
core facts and the KPI mart get the same treatment on a tiny mart database, and the
command line, run as a subprocess on a copy with planted violations, must exit 1 and
name each failing expectation and column.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import PROJECT_DIR

from klantcontact.cli import main
from klantcontact.quality import REGISTRY, DatabaseError, run_checkpoint
from klantcontact.quality import checkpoint as checkpoint_module
from klantcontact.quality.checkpoint import connect_read_only, load_frame
from klantcontact.quality.registry import MinRows, NotNull, Unique, derived_suites
from klantcontact.settings import SETTINGS

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
        -- The rest of the call_leg contract, whose columns and types the suite checks.
        date '2025-03-03' as started_date,
        'KCC Algemeen' as queue_id,
        timestamptz '2025-03-03 08:01:00+00' + to_minutes(i) as queue_entered_at,
        timestamptz '2025-03-03 08:02:00+00' + to_minutes(i) as accepted_at,
        false as is_anonymous_caller,
        cast(null as varchar) as transfer_target_queue_id,
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
        ('telephony', 'dialogues', 3, 0, 10, 7, 2, 1),
        ('kcs', 'internetaken', 3, 0, 5, 5, 0, 0),
        ('web', 'pages', 2, 1, 9, 6, 1, 1)  -- one raw row unexplained
    ) as t(source_name, file_name, files_read, files_skipped, raw_rows, staged_rows,
        quarantined_rows, duplicates_removed)
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
    exit_code = main(
        ["quality", "--database", str(dirty_db), "--no-docs", *_each("--model", models)]
    )
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
    assert main(["quality", "--database", str(tmp_path / "nope.duckdb"), "--no-docs"]) == 2
    assert "does not exist" in capsys.readouterr().out
    with pytest.raises(DatabaseError):
        run_checkpoint(tmp_path / "nope.duckdb")


def test_unknown_model_is_rejected(clean_db: Path) -> None:
    with pytest.raises(KeyError, match="no quality suite for stg_nope"):
        run_checkpoint(clean_db, models=["stg_nope"], docs_dir=None)


def _dbt_model_columns() -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    for path in [
        *PROJECT_DIR.glob("models/staging/*/_*__models.yml"),
        *PROJECT_DIR.glob("models/quality/*.yml"),
        *PROJECT_DIR.glob("models/marts/*/_*__models.yml"),
    ]:
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            columns[model["name"]] = {column["name"] for column in model.get("columns", [])}
    return columns


def test_registry_matches_the_dbt_models() -> None:
    dbt_columns = _dbt_model_columns()
    staged = {name for name in dbt_columns if name.startswith("stg_")}

    assert staged <= set(REGISTRY), f"staging models without a suite: {staged - set(REGISTRY)}"
    assert set(MART_TABLES) <= set(REGISTRY), "a core fact or the KPI mart lost its suite"
    for name, suite in REGISTRY.items():
        assert name in dbt_columns, f"{name} is not a dbt model"
        unknown = set(suite.source_columns) - dbt_columns[name]
        assert not unknown, f"{name}: columns not in its YAML: {unknown}"


# -- core facts and the KPI mart ------------------------------------------------------

CUSTOMER = "'klant|' || sha256('bsn|' || (i % 3))"
# relation -> rows; each fact clean, in the shape its dbt model writes.
MART_TABLES = {
    "fact_contact": f"""
        select
            'telefoon|call-' || i as contact_key,
            case when i < 4 then 'telefoon' else 'onbekend' end as channel_key,
            case when i < 4 then 'telephony' else 'kcs' end as source_system,
            'call-' || i as source_record_id,
            timestamptz '2025-03-03 08:00:00+00' + to_minutes(i) as started_at,
            date '2025-03-03' as contact_date,
            case when i = 5 then 'onbekend' else {CUSTOMER} end as customer_key,
            case when i < 4 then 10 * i end as wait_s,
            case when i < 4 then 120 end as talk_s,
            case when i < 2 then 30 end as wrap_s,
            case when i < 4 then 120 + coalesce(case when i < 2 then 30 end, 0) end
                as handle_s,
            'not read by the checkpoint' as unrelated_text
        from range(6) as t(i)
    """,
    "fact_case": """
        select
            case when i % 2 = 0 then 'zaak|Z-' else 'melding|SIG-' end || i as case_key,
            case when i % 2 = 0 then 'zaak' else 'melding' end as case_kind,
            'Z-' || i as case_id,
            'balie' as channel_key,
            date '2025-03-03' as registered_date,
            date '2025-03-03' as start_date,
            -- Open cases have no closed date; the order check must skip them.
            case when i < 3 then date '2025-03-03' + i::integer end as closed_date,
            i >= 3 as is_open,
            i < 3 as is_closed,
            case when i < 3 then i end as throughput_calendar_days,
            case when i < 3 then i end as throughput_working_days,
            case when i % 2 = 1 then 0 end as reopen_count
        from range(5) as t(i)
    """,
    "fact_callback": """
        select
            'kcs|task-' || i as callback_key,
            'task-' || i as task_id,
            true as is_callback,
            timestamptz '2025-03-03 09:00:00+00' as assigned_at,
            date '2025-03-03' as assigned_date,
            case when i < 2 then timestamptz '2025-03-04 09:00:00+00' end as completed_at,
            date '2025-03-05' as due_date,
            2 as term_value,
            'working_days' as term_unit,
            case when i < 2 then 'verwerkt' else 'te_verwerken' end as task_status,
            i < 2 as is_done,
            true as is_due_or_done,
            case when i < 2 then 'done_on_time' else 'open_overdue' end as outcome
        from range(4) as t(i)
    """,
    "fact_survey_response": """
        select
            'kto|r' || i as survey_response_key,
            'kto' as survey_source,
            date '2025-03-03' as submitted_date,
            'telefoon' as channel_key,
            1 + i as grade,
            case when i < 5 then 1 + i end as satisfaction_score,
            3 as ease_score, 4 as trust_score, null::integer as personal_approach_score
        from range(10) as t(i)
    """,
    "fact_web_page_day": """
        select
            '2025-03-03|/page-' || i as web_page_day_key,
            date '2025-03-03' as page_date,
            '/page-' || i as page_label,
            10 * i as page_views, i as visits, i as entry_visits, 0 as exit_visits,
            12.5 as avg_time_on_page_s, 1 as feedback_useful_yes, 0 as feedback_useful_no
        from range(3) as t(i)
    """,
    # Melding SIG-1 went m -> b -> o, SIG-2 is still gemeld; zaak Z-1 is closed, Z-2 open.
    "fact_case_status": """
        select
            case_key || '|' || suffix as case_status_key, case_key,
            split_part(case_key, '|', 1) as case_kind, status_sequence, status_code,
            case when case_key like 'melding%' then status_date::timestamptz end as status_at,
            status_date,
            case when case_key like 'melding%' then valid_to_date::timestamptz end
                as valid_to_at,
            valid_to_date,
            status_code in ('o', 'einde') as is_final_state, valid_to_date is null as is_current,
            case when case_key like 'melding%' then sha256('staff|' || suffix) else 'onbekend' end
                as employee_key
        from (values
            ('melding|SIG-1', '11', 1, 'm', date '2025-03-03', date '2025-03-04'),
            ('melding|SIG-1', '12', 2, 'b', date '2025-03-04', date '2025-03-06'),
            ('melding|SIG-1', '13', 3, 'o', date '2025-03-06', null),
            ('melding|SIG-2', '21', 1, 'm', date '2025-03-05', null),
            ('zaak|Z-1', 'registratie', 1, 'registratie', date '2025-03-03', date '2025-03-07'),
            ('zaak|Z-1', 'einde', 2, 'einde', date '2025-03-07', null),
            ('zaak|Z-2', 'registratie', 1, 'registratie', date '2025-03-04', null)
        ) as statuses(case_key, suffix, status_sequence, status_code, status_date, valid_to_date)
    """,
    # Two keywords on each of two days; keyword 1 found nothing.
    "fact_web_search_day": """
        select
            cast(search_date as varchar) || '|' || keyword_key as web_search_day_key, *,
            results = 0 as has_no_result
        from (
            select
                date '2025-03-03' + (i // 2)::integer as search_date,
                sha256('keyword|' || (i % 2)) as keyword_key,
                'keyword ' || (i % 2) as keyword,
                5 + i as visits, 1.2 as pages_per_search, i as exit_visits,
                case when i % 2 = 1 then 0 else 10 end as results
            from range(4) as t(i)
        ) as searches
    """,
    # A count, a share with a norm (>=), a share with a strict norm (<), a share with a
    # zero denominator (value null), a grade and a score, each for the total and one
    # channel.
    "kpi_values": """
        select
            kpi_code, 'month' as period_grain, date '2025-03-01' as period_start, channel_key,
            numerator, denominator, value, unit, norm_operator,
            case when norm_operator is not null then value >= 0.8 end as meets_norm
        from (values
            ('tel_offered', 'count', 40.0, null, 40.0, null),
            ('tel_service_level', 'fraction', 30.0, 40.0, 0.75, '>='),
            ('tel_abandoned', 'fraction', 0.0, 40.0, 0.0, '<'),
            ('email_on_time', 'fraction', 0.0, 0.0, null, '>='),
            ('kto_grade', 'grade', 38.0, 5.0, 7.6, null),
            ('kto_ease', 'score', 18.0, 5.0, 3.6, null)
        ) as kpis(kpi_code, unit, numerator, denominator, value, norm_operator)
        cross join (values ('alle'), ('telefoon')) as channels(channel_key)
    """,
}
_MART_SCHEMAS = {"kpi_values": "kpi"}

# Each statement plants one violation in the copied database.
_PLANTED = (
    # Not a resolved customer: the raw phone pseudonym without the 'klant|' prefix.
    "update core.fact_contact set customer_key = sha256('phone|1')"
    " where source_record_id = 'call-1'",
    "update core.fact_contact set wait_s = -5 where source_record_id = 'call-2'",
    "update core.fact_contact set channel_key = 'fax' where source_record_id = 'call-3'",
    # Closed the day before it was registered (and started).
    "update core.fact_case set closed_date = date '2025-03-02' where case_id = 'Z-1'",
    "update core.fact_case set case_kind = 'klacht' where case_id = 'Z-2'",
    "update core.fact_survey_response set grade = 11 where survey_response_key = 'kto|r9'",
    "update core.fact_web_page_day set visits = -1 where page_label = '/page-2'",
    # Registered after its einddatum; two current statuses in one case; an unknown
    # status; a staff member's address where the pseudonym belongs.
    "update core.fact_case_status set valid_to_date = date '2025-03-02'"
    " where case_status_key = 'zaak|Z-1|registratie'",
    "update core.fact_case_status set is_current = true where case_status_key = 'melding|SIG-1|12'",
    "update core.fact_case_status set status_code = 'x' where case_status_key = 'melding|SIG-2|21'",
    "update core.fact_case_status set employee_key = 'medewerker@gemeente.nl'"
    " where case_status_key = 'melding|SIG-1|11'",
    # More exits than searching visits; the no-result flag contradicting the results; two
    # rows for one keyword on one day under different surrogate keys.
    "update core.fact_web_search_day set exit_visits = 99 where search_date = date '2025-03-03'"
    " and results = 10",
    "update core.fact_web_search_day set has_no_result = false where results = 0"
    " and search_date = date '2025-03-04'",
    "update core.fact_web_search_day set keyword_key = sha256('keyword|0')"
    " where search_date = date '2025-03-04' and results = 0",
    # A share above 1 (the count rows are > 1 too, and must stay fine) and a duplicate
    # of the key (kpi_code, period_grain, period_start, channel_key).
    "update kpi.kpi_values set value = 1.25 where kpi_code = 'tel_service_level'"
    " and channel_key = 'alle'",
    "update kpi.kpi_values set channel_key = 'alle' where kpi_code = 'kto_ease'",
)


def _build_marts(path: Path) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute("create schema core")
        connection.execute("create schema kpi")
        for name, sql in MART_TABLES.items():
            connection.execute(f"create table {_MART_SCHEMAS.get(name, 'core')}.{name} as {sql}")
    return path


@pytest.fixture(scope="module")
def marts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_marts(tmp_path_factory.mktemp("marts") / "marts.duckdb")


@pytest.fixture(scope="module")
def broken_marts_db(marts_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the clean mart database with _PLANTED applied: the clean one stays clean."""
    path = tmp_path_factory.mktemp("broken-marts") / "marts.duckdb"
    shutil.copyfile(marts_db, path)
    with duckdb.connect(str(path)) as connection:
        for statement in _PLANTED:
            assert connection.execute(statement).fetchone()[0] >= 1, statement
    return path


_MART_FAILURES = {
    ("fact_contact", "expect_column_values_to_match_regex", "customer_key"),
    ("fact_contact", "expect_column_values_to_be_between", "wait_s"),
    ("fact_contact", "expect_column_values_to_be_in_set", "channel_key"),
    (
        "fact_case",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "closed_date >= registered_date",
    ),
    ("fact_case", "expect_column_pair_values_a_to_be_greater_than_b", "closed_date >= start_date"),
    ("fact_case", "expect_column_values_to_be_in_set", "case_kind"),
    ("fact_survey_response", "expect_column_values_to_be_between", "grade"),
    ("fact_web_page_day", "expect_column_values_to_be_between", "visits"),
    (
        "fact_case_status",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "valid_to_date >= status_date",
    ),
    ("fact_case_status", "expect_column_values_to_be_between", "current_statuses_of_case"),
    ("fact_case_status", "expect_column_values_to_be_in_set", "status_code"),
    ("fact_case_status", "expect_column_values_to_match_regex", "employee_key"),
    (
        "fact_web_search_day",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "visits >= exit_visits",
    ),
    ("fact_web_search_day", "expect_column_values_to_be_in_set", "no_result_flag_matches"),
    ("fact_web_search_day", "expect_compound_columns_to_be_unique", "search_date, keyword_key"),
    ("kpi_values", "expect_column_values_to_be_between", "fraction_value"),
    (
        "kpi_values",
        "expect_compound_columns_to_be_unique",
        "kpi_code, period_grain, period_start, channel_key",
    ),
}


def test_clean_marts_pass(marts_db: Path) -> None:
    report = run_checkpoint(marts_db, models=list(MART_TABLES), docs_dir=None)

    assert report.failures == []
    assert [(m.model, m.status) for m in report.models] == [
        (name, "validated") for name in MART_TABLES
    ]
    assert all(m.passed == len(REGISTRY[m.model].checks) for m in report.models)


def test_planted_mart_violations_fail_by_name(broken_marts_db: Path) -> None:
    report = run_checkpoint(broken_marts_db, models=list(MART_TABLES), docs_dir=None)

    assert {(o.model, o.expectation, o.columns) for o in report.failures} == _MART_FAILURES
    assert {m.model: m.success for m in report.models}["fact_callback"]
    fraction = next(o.detail for o in report.failures if o.columns == "fraction_value")
    # Only the one share: counts above 1 and null shares are not fraction rows.
    assert fraction.startswith("1 of 12 rows unexpected") and "1.25" in fraction


def test_cli_subprocess_fails_the_build_on_a_planted_violation(broken_marts_db: Path) -> None:
    """What `make quality` sees: exit code 1 and the failing expectation on stdout."""
    env = {**os.environ, "COLUMNS": "200"}
    models = ["fact_contact", "fact_case", "kpi_values"]
    completed = subprocess.run(
        [*SETTINGS.command, "quality", "--database", str(broken_marts_db),
         "--no-docs", *_each("--model", models)],
        capture_output=True, text=True, env=env, cwd=PROJECT_DIR, timeout=300, check=False,
    )  # fmt: skip
    output = completed.stdout

    assert completed.returncode == 1, output + completed.stderr
    for model, expectation, columns in sorted(_MART_FAILURES):
        if model in models:
            assert f"FAIL {model}: {expectation} ({columns})" in output
    assert "Checkpoint failed" in output
    assert "Traceback" not in output + completed.stderr


# A fork's source needs no hand-written suite: the registry derives one from kcc_sources.
_FORK_REGISTRY = {
    "jcc": {
        "enabled": True,
        "counter_visits": "stg_jcc__visits",
        "files": [
            {"file": "visits", "base": "base_jcc__visits", "staged": "stg_jcc__visits",
             "key": ["visit_id"], "record_id": "visit_id"},
        ],
    },
    "balie": {
        "enabled": False,
        "counter_visits": "stg_balie__visits",
        "files": [
            {"file": "visits", "base": "base_balie__visits", "staged": "stg_balie__visits",
             "key": ["visit_id"], "record_id": "visit_id"},
        ],
    },
}  # fmt: skip
_JCC_VISITS = """
    select
        cast(null as varchar) as visit_id, cast(null as varchar) as branch,
        cast(null as varchar) as service, cast(null as timestamptz) as appointment_at,
        cast(null as timestamptz) as arrived_at, cast(null as timestamptz) as called_at,
        cast(null as timestamptz) as ended_at, cast(null as {visit_date_type}) as visit_date,
        cast(null as boolean) as is_walk_in, cast(null as varchar) as employee_key,
        cast(null as varchar) as status, cast(null as varchar) as customer_bsn_key,
        cast(null as varchar) as _file, cast(null as date) as _export_date,
        cast(null as bigint) as _record_number, cast(null as bigint) as _line_number
    where false
"""


def test_a_forks_source_gets_a_derived_suite() -> None:
    suites = {suite.name: suite for suite in derived_suites(REGISTRY.values(), _FORK_REGISTRY)}
    jcc = suites["stg_jcc__visits"]
    assert not any(isinstance(check, MinRows) for check in jcc.checks)
    assert Unique(("visit_id",)) in jcc.checks and NotNull("status") in jcc.checks
    assert jcc.column_types["visit_date"] == "date"
    assert {"_file", "_line_number", "arrived_at", "customer_bsn_key"} <= set(jcc.source_columns)
    # The built-in balie, switched off, stays checked but may be empty.
    assert not any(isinstance(check, MinRows) for check in suites["stg_balie__visits"].checks)
    assert MinRows(1) in REGISTRY["stg_balie__visits"].checks


@pytest.mark.parametrize(("visit_date_type", "passes"), [("date", True), ("varchar", False)])
def test_an_empty_source_is_checked_for_its_contract_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, visit_date_type: str, passes: bool
) -> None:
    suites = {suite.name: suite for suite in derived_suites(REGISTRY.values(), _FORK_REGISTRY)}
    monkeypatch.setattr(
        checkpoint_module, "select_suites", lambda models: [suites["stg_jcc__visits"]]
    )
    database = tmp_path / "fork.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema staging")
        connection.execute(
            "create table staging.stg_jcc__visits as "
            + _JCC_VISITS.format(visit_date_type=visit_date_type)
        )
    report = run_checkpoint(database, docs_dir=None)
    assert report.success is passes, [model.message for model in report.models]
    if not passes:
        assert report.models[0].message == (
            "staging.stg_jcc__visits lacks column(s) visit_date (VARCHAR, contract DATE)"
        )
