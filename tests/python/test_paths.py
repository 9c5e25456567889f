"""Paths with spaces, quotes, non-ASCII letters, a leading `-` and brackets, odd file names,
and a source folder without exports (docs/running.md, "Paths" and "A source folder without
exports").

- The Makefile hands paths to its commands whole: `make build` and `make daily` with such a
  KCC_RAW_DIR and KCC_DUCKDB_PATH run a stand-in for the klantcontact command, which
  records the arguments and environment it got.
- dbt reads the fixture exports from a copy under such a folder: the inventory, the as-of
  date (glob over the folder), the demo closing days (glob of the generator's summary) and
  the base tables (read_csv over the files) equal the fixture build's; a file whose name
  holds a quote and a space, and a folder named like that, are unknown files in the
  inventory, not SQL errors.
- A source folder that exists but holds no export is read as a missing one and said in one
  line by `klantcontact dbt` and `klantcontact summary`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, BuiltFixture

from klantcontact.dbtrun import command
from klantcontact.settings import SETTINGS
from klantcontact.summary.sources import no_exports_line, sources_without_exports

# Space, single and double quote, a non-ASCII letter, a leading `-`, and glob's brackets.
ODD = "-gemeente's \"KCC\" exports é [1]"
ODD_FILE = "it's a copy (1).csv"
ODD_FOLDER_SUFFIX = " kopie's"

STUB = """#!{python}
import json, os, sys
with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{
        "argv": sys.argv[1:],
        "KCC_RAW_DIR": os.environ.get("KCC_RAW_DIR"),
        "KCC_DUCKDB_PATH": os.environ.get("KCC_DUCKDB_PATH"),
    }}, ensure_ascii=False) + "\\n")
"""


def _make(*args: str, stub_log: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    stub = tmp_path / "klantcontact-stub"
    stub.write_text(STUB.format(python=sys.executable), encoding="utf-8")
    stub.chmod(0o755)
    return subprocess.run(
        # -o: the project's venv counts as installed, whatever the timestamps.
        ["make", "--no-print-directory", "-o", ".venv/.installed", *args,
         f"KLANTCONTACT={stub}"],
        cwd=PROJECT_DIR,
        env={**os.environ, "STUB_LOG": str(stub_log)},
        capture_output=True,
        text=True,
    )  # fmt: skip


@pytest.mark.parametrize("target", ["build", "daily"])
def test_make_passes_odd_paths_whole(tmp_path: Path, target: str) -> None:
    raw_dir = tmp_path / ODD / "raw"
    raw_dir.mkdir(parents=True)
    database = tmp_path / ODD / "klant's db é.duckdb"
    log = tmp_path / "calls.jsonl"
    finished = _make(
        target, f"KCC_RAW_DIR={raw_dir}", f"KCC_DUCKDB_PATH={database}",
        stub_log=log, tmp_path=tmp_path,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout + finished.stderr
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    dbt_call, summary_call = calls
    assert dbt_call["argv"][:2] == ["dbt", "build"]
    assert dbt_call["KCC_RAW_DIR"] == str(raw_dir)
    assert dbt_call["KCC_DUCKDB_PATH"] == str(database)
    assert summary_call["argv"][:3] == ["summary", "--database", str(database)]
    assert summary_call["KCC_RAW_DIR"] == str(raw_dir)
    if target == "daily":
        assert "--exclude-resource-type" in dbt_call["argv"]


def test_make_names_a_missing_odd_folder_whole(tmp_path: Path) -> None:
    missing = tmp_path / "KCC exports" / "raw"
    finished = _make("build", f"KCC_RAW_DIR={missing}", stub_log=tmp_path / "calls.jsonl",
                     tmp_path=tmp_path)  # fmt: skip
    assert finished.returncode == 2
    assert f"KCC_RAW_DIR={missing} is not a folder" in finished.stderr


def test_make_passes_odd_output_paths_whole(tmp_path: Path) -> None:
    database = tmp_path / ODD / "db.duckdb"
    report = tmp_path / ODD / "dash board's.html"
    exports = tmp_path / ODD / "exports"
    log = tmp_path / "calls.jsonl"
    for target, extra in (("report", f"REPORT_OUT={report}"), ("export", f"EXPORT_OUT={exports}")):
        finished = _make(target, f"KCC_DUCKDB_PATH={database}", extra, stub_log=log,
                         tmp_path=tmp_path)  # fmt: skip
        assert finished.returncode == 0, finished.stdout + finished.stderr
    report_call, export_call = (
        json.loads(line)["argv"] for line in log.read_text(encoding="utf-8").splitlines()
    )
    assert report_call == ["report", "--database", str(database), "--out", str(report)]
    assert export_call == ["export", "--database", str(database), "--out", str(exports)]


def _odd_raw_copy(fixture_raw: Path, root: Path) -> tuple[Path, set[str]]:
    """A copy of the fixture exports under an odd folder name, plus a file and a folder
    with odd names: the raw folder and the odd files' paths below it."""
    raw_dir = root / ODD / "raw"
    shutil.copytree(fixture_raw, raw_dir)
    day = sorted(path for path in (raw_dir / "kto").iterdir() if path.is_dir())[1]
    (day / ODD_FILE).write_text("x;y\n1;2\n", encoding="utf-8")
    odd_folder = day.with_name(day.name + ODD_FOLDER_SUFFIX)
    odd_folder.mkdir()
    shutil.copy(day / "responses.csv", odd_folder / "responses.csv")
    return raw_dir, {
        f"kto/{day.name}/{ODD_FILE}",
        f"kto/{odd_folder.name}/responses.csv",
    }


def _klantcontact_dbt(work: Path, raw_dir: Path, database: Path, *args: str):
    return subprocess.run(
        [*SETTINGS.command, "dbt", *args,
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "KCC_RAW_DIR": str(raw_dir),
            "KCC_DUCKDB_PATH": str(database),
            "KCC_TEMP_DIR": str(work / ODD / "spill's"),
            "KCC_TRANSCODE_DIR": str(work / ODD / "transcoded"),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
        },
        capture_output=True,
        text=True,
    )  # fmt: skip


def _rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as db:
        return db.sql(sql).fetchall()


# Models and seeds only: a data test of a selected model may read one outside the selection.
BUILD_WITHOUT_TESTS = ("build", "--exclude-resource-type", "test", "unit_test")

INVENTORY = (
    "select file_path, is_read, fault_kinds, fault_severities from staging.stg_raw_exports__files"
    " order by file_path"
)


def test_build_from_an_odd_folder(built_fixture: BuiltFixture, tmp_path: Path) -> None:
    raw_dir, odd_files = _odd_raw_copy(built_fixture.raw_dir, tmp_path)
    database = tmp_path / ODD / "klant contact é.duckdb"
    finished = _klantcontact_dbt(
        tmp_path, raw_dir, database, *BUILD_WITHOUT_TESTS,
        "--select", "+int_as_of_dates_resolved", "+int_calendar_days_classified",
        "+stg_kto__responses",
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-2000:]

    inventory = {row[0]: row[1:] for row in _rows(database, INVENTORY)}
    expected = {row[0]: row[1:] for row in _rows(built_fixture.database, INVENTORY)}
    for path in odd_files:
        is_read, kinds, severities = inventory.pop(path)
        assert (is_read, kinds, severities) == (False, ["unknown_file"], ["warning"]), path
    assert inventory == expected

    for sql in (
        "select as_of_date, latest_export_date, source_count"
        " from intermediate.int_as_of_dates_resolved",
        "select count(*) filter (where is_closing_day),"
        " count(*) filter (where is_extra_closing_day)"
        " from intermediate.int_calendar_days_classified",
        "select count(*), count(distinct _file), min(_export_date), max(_export_date)"
        " from staging.base_kto__responses",
    ):
        assert _rows(database, sql) == _rows(built_fixture.database, sql), sql


def test_a_quote_in_the_database_file_name_is_refused(
    built_fixture: BuiltFixture, tmp_path: Path
) -> None:
    database = tmp_path / "gemeente's.duckdb"
    finished = _klantcontact_dbt(tmp_path, built_fixture.raw_dir, database, "build")
    assert finished.returncode == 3
    assert "rename the file" in finished.stderr
    assert not database.exists()


def _raw_with_empty_source(fixture_raw: Path, work: Path, source: str) -> Path:
    """The fixture exports with `source`'s folder present but empty of exports: one folder
    with no dated folder for it, one dated folder without files."""
    raw_dir = work / "raw"
    raw_dir.mkdir()
    for folder in fixture_raw.iterdir():
        if folder.name != source:
            (raw_dir / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
    (raw_dir / source / "2025-06-01").mkdir(parents=True)
    (raw_dir / source / "notities").mkdir()
    return raw_dir


def test_an_empty_source_folder_is_said_in_one_line(
    built_fixture: BuiltFixture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw_dir = _raw_with_empty_source(built_fixture.raw_dir, tmp_path, "balie")
    assert sources_without_exports(raw_dir) == ["balie"]
    assert sources_without_exports(built_fixture.raw_dir) == []
    line = no_exports_line("balie")
    assert "balie: map bestaat, nog geen exports" in line

    # `klantcontact dbt` says it before dbt starts (dbt itself stood in for here).
    monkeypatch.setattr(command, "SETTINGS", replace(SETTINGS, raw_dir_given=raw_dir))
    started: list[list[str]] = []
    monkeypatch.setattr(
        command.subprocess, "run",
        lambda args, **_: started.append(args) or subprocess.CompletedProcess(args, 0),
    )  # fmt: skip
    assert command.run(["parse"]) == 0
    assert capsys.readouterr().out.count(line) == 1
    assert started
    monkeypatch.undo()

    summary = subprocess.run(
        [*SETTINGS.command, "summary", "--database", str(built_fixture.database)],
        cwd=PROJECT_DIR,
        env={**os.environ, "KCC_RAW_DIR": str(raw_dir), "COLUMNS": "400"},
        capture_output=True,
        text=True,
    )
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.count(line) == 1


def test_an_empty_source_folder_reads_as_a_missing_one(
    built_fixture: BuiltFixture, tmp_path: Path
) -> None:
    """The inventory, the one place that lists the source folders, holds no row of the
    empty folder, and the as-of date is the fixture's: every model after it sees what it
    sees when the folder is missing, so the source's KPIs are absent as for a missing
    folder (test_source_subsets builds that case to the end; tests/faults builds this one)."""
    raw_dir = _raw_with_empty_source(built_fixture.raw_dir, tmp_path, "balie")
    database = tmp_path / "db.duckdb"
    finished = _klantcontact_dbt(
        tmp_path, raw_dir, database, *BUILD_WITHOUT_TESTS,
        "--select", "+int_as_of_dates_resolved", "+stg_raw_exports__files",
    )  # fmt: skip  # fmt: skip
    assert finished.returncode == 0, finished.stdout[-4000:]
    assert _rows(
        database, "select count(*) from staging.stg_raw_exports__files where source_name = 'balie'"
    ) == [(0,)]
    sql = "select as_of_date, latest_export_date from intermediate.int_as_of_dates_resolved"
    assert _rows(database, sql) == _rows(built_fixture.database, sql)
