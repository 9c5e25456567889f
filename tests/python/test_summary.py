"""The end-of-build summary reads the built database and reports the headline KPIs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import BuiltFixture

from klantcontact.cli import main
from klantcontact.raw.contract import source_registry
from klantcontact.settings import SETTINGS
from klantcontact.summary.headlines import HEADLINE_KPI_CODES, norm_profile_label


def test_summary_shows_every_headline_kpi(
    built_fixture: BuiltFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", "--database", str(built_fixture.database)]) == 0
    printed = capsys.readouterr().out
    for kpi_code in HEADLINE_KPI_CODES:
        assert kpi_code in printed
    assert "no data" not in printed
    assert "Quarantined rows per reason" in printed
    # The demo's norms: Waterland 2023, the base set filling the KPIs Waterland has none for.
    assert "Normprofiel: Waterland 2023, aangevuld met klantcontact-basisset" in printed


def test_norm_profile_label_names_the_first_profile_and_the_fill() -> None:
    assert norm_profile_label([]) == "Normprofiel: geen"
    assert norm_profile_label(["Gemeente Katwijk"]) == "Normprofiel: Gemeente Katwijk"
    assert norm_profile_label(["utrecht", "Gemeente Katwijk", "klantcontact-basisset"]) == (
        "Normprofiel: utrecht, aangevuld met Gemeente Katwijk en klantcontact-basisset"
    )


def test_summary_without_database_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", "--database", str(tmp_path / "absent.duckdb")]) == 2
    assert "make build" in capsys.readouterr().out


def _registered_sources() -> dict[str, tuple[int, int]]:
    """Each source of the registry (kcc_sources) switched on and with export files, with
    the strictest warn/error freshness of its tables (models/staging/*/_*__sources.yml):
    what quality.source_freshness lists, read as a fork's project defines it."""
    sources = {
        name
        for name, entry in source_registry().items()
        if entry.get("enabled", True) and entry.get("files")
    }
    thresholds: dict[str, tuple[int, int]] = {}
    for path in sorted(SETTINGS.project_dir.glob("models/staging/*/_*__sources.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or []:
            if source["name"] not in sources:
                continue
            for table in [source, *(source.get("tables") or [])]:
                freshness = table.get("freshness") or (table.get("config") or {}).get(
                    "freshness"
                )
                if not freshness or not freshness.get("warn_after"):
                    continue
                rule = (freshness["warn_after"]["count"], freshness["error_after"]["count"])
                known = thresholds.get(source["name"])
                thresholds[source["name"]] = min(known, rule) if known else rule
    assert thresholds.keys() == sources, sources - thresholds.keys()
    return thresholds


def test_source_freshness_has_one_plausible_row_per_source(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    sources = _registered_sources()
    rows = connection.sql(
        """
        select source_name, export_folders, first_export_date, latest_export_date,
            as_of_date, days_since_latest_export, warn_after_days, error_after_days, status
        from quality.source_freshness
        """
    ).fetchall()
    assert {row[0] for row in rows} == sources.keys()
    assert len(rows) == len(sources)
    # A source the fixture has no exports of (a fork's new one) is listed, stale.
    exported = {path.name for path in built_fixture.raw_dir.iterdir() if path.is_dir()}
    for source, folders, first, latest, as_of, age, warn, error, status in rows:
        assert (warn, error) == sources[source], source
        if source not in exported:
            assert (folders, status) == (0, "stale"), source
            continue
        assert folders > 0, source
        assert first <= latest <= as_of, source
        assert age == (as_of - latest).days, source
        # The fixture exports every day up to the as-of date (snapshots monthly).
        assert status == "fresh", source
    # Daily exports: a warn threshold of a week at most (the snapshot sources allow a month).
    daily = {row[0]: row for row in rows if row[0] in exported and sources[row[0]][0] <= 7}
    assert daily, "the fixture should hold daily exports"
    assert max(row[1] for row in daily.values()) == 49  # --days 49
    assert all(row[5] <= 2 for row in daily.values())


def _run_results(path: Path) -> Path:
    """A small hand-made run_results.json: a model, two passing tests, a failure, a warning."""
    results = [
        {"unique_id": "model.klantcontact.fact_contact", "status": "success",
         "failures": None, "message": "OK", "execution_time": 1.0},
        {"unique_id": "test.klantcontact.not_null_fact_contact_contact_key.1a2b3c",
         "status": "pass", "failures": 0, "message": None, "execution_time": 0.1},
        {"unique_id": "test.klantcontact.assert_months_roll_up_to_years", "status": "pass",
         "failures": 0, "message": None, "execution_time": 0.2},
        {"unique_id": "test.klantcontact.unique_fact_contact_contact_key.4d5e6f",
         "status": "fail", "failures": 3,
         "message": "Got 3 results, configured to fail if != 0\nsecond line",
         "execution_time": 0.3},
        {"unique_id": "test.klantcontact.accepted_values_stg_kto__responses_grade.7a8b9c",
         "status": "warn", "failures": 1,
         "message": "Got 1 result, configured to warn if != 0", "execution_time": 0.1},
    ]
    manifest = {
        "nodes": {
            "test.klantcontact.unique_fact_contact_contact_key.4d5e6f": {
                "attached_node": "model.klantcontact.fact_contact",
                "depends_on": {"nodes": ["model.klantcontact.fact_contact"]},
            },
        }
    }
    path.mkdir(parents=True, exist_ok=True)
    run_results = path / "run_results.json"
    run_results.write_text(json.dumps({
        "metadata": {"generated_at": "2025-05-27T06:00:00.000000Z", "invocation_id": "abc"},
        "results": results,
    }))
    (path / "manifest.json").write_text(json.dumps(manifest))
    return run_results


def test_run_results_import_writes_table_and_prints_failures(
    built_fixture: BuiltFixture,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # rich wraps long cells at pytest's 80 columns
    database = tmp_path / "copy.duckdb"  # never write to the shared fixture database
    shutil.copy(built_fixture.database, database)
    run_results = _run_results(tmp_path / "target")
    arguments = ["summary", "--database", str(database), "--run-results", str(run_results)]

    assert main(arguments) == 0
    assert main(arguments) == 0  # idempotent: the table is replaced, not appended to

    printed = capsys.readouterr().out
    assert "Quality report per source" in printed
    with duckdb.connect(str(database), read_only=True) as db:
        faults = db.sql("select file_path, message from quality.raw_file_faults").fetchall()
    assert faults, "the fixture exports have 0-byte files and truncated last lines"
    assert all(path in printed and message in printed for path, message in faults)
    assert "Failed or warning tests" in printed
    assert "unique_fact_contact_contact_key" in printed
    assert "Got 3 results, configured to fail if != 0" in printed
    assert "second line" not in printed
    assert "not_null_fact_contact_contact_key" not in printed  # passed: not listed
    with duckdb.connect(str(database), read_only=True) as db:
        rows = db.sql(
            """
            select test_name, status, failures, message, tested_model
            from quality.build_test_results
            order by test_name
            """
        ).fetchall()
    assert rows == [
        ("accepted_values_stg_kto__responses_grade", "warn", 1,
         "Got 1 result, configured to warn if != 0", None),
        ("assert_months_roll_up_to_years", "pass", 0, None, None),
        ("not_null_fact_contact_contact_key", "pass", 0, None, None),
        ("unique_fact_contact_contact_key", "fail", 3,
         "Got 3 results, configured to fail if != 0", "fact_contact"),
    ]


def test_run_results_all_passed_says_so(
    built_fixture: BuiltFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "copy.duckdb"
    shutil.copy(built_fixture.database, database)
    run_results = tmp_path / "run_results.json"
    run_results.write_text(json.dumps({"metadata": {}, "results": [
        {"unique_id": "test.klantcontact.assert_a", "status": "pass", "failures": 0},
        {"unique_id": "test.klantcontact.assert_b", "status": "pass", "failures": 0},
    ]}))
    assert main(["summary", "--database", str(database), "--run-results", str(run_results)]) == 0
    assert "All 2 tests passed" in capsys.readouterr().out
