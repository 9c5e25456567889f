"""The base staging tables read each export file once: a later run reads only new or
re-delivered files, drops the rows of files that are gone, and ends equal to a full
refresh. So do the raw file inventory, which inspects only new or re-delivered files, and
the staging model, which re-derives only the keys those files (or the removed one) hold.

One small export set; each run selects only the raw file inventory and one base model,
so the three dbt runs stay cheap.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import dbt, generate

EXPORT_ARGS = (
    "--inhabitants", "3000", "--start", "2025-04-14", "--days", "4", "--seed", "9",
    "--fault-rate", "0", "--formats", "contract",
)  # fmt: skip
BASE = "base_telephony__dialogues"
STAGED = "stg_telephony__dialogue_legs"
SELECT = ("--select", f"stg_raw_exports__columns stg_raw_exports__files {BASE} {STAGED}")
COMPARED = "_file, _file_version, _record_number, _line_number, leg_id, started_at"


def _run(raw: Path, database: Path, work: Path, *extra: str) -> str:
    finished = dbt("run", raw, database, *SELECT, *extra, work_dir=work)
    assert finished.returncode == 0, finished.stdout[-3000:]
    return _compiled(work, BASE)


def _compiled(work: Path, model: str) -> str:
    return next((work / "target/compiled").rglob(f"{model}.sql")).read_text(encoding="utf-8")


def _files_read(compiled_sql: str) -> set[str]:
    return set(re.findall(r"(telephony/\d{4}-\d{2}-\d{2}/dialogues\.csv)'", compiled_sql))


def _rows(database: Path, model: str = BASE) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as db:
        return db.sql(f"select {COMPARED} from staging.{model} order by all").fetchall()


def _inventory(database: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as db:
        return db.sql("select * from staging.stg_raw_exports__files order by file_path").fetchall()


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("incremental") / "raw"
    generate(raw, *EXPORT_ARGS)
    return raw


def test_a_later_run_reads_only_new_and_changed_files(exports: Path, tmp_path: Path) -> None:
    last_day = exports / "telephony/2025-04-17"
    held_back = tmp_path / "held_back"
    shutil.move(last_day, held_back)
    database = tmp_path / "incremental.duckdb"
    first = _files_read(_run(exports, database, tmp_path / "first"))
    assert first == {f"telephony/2025-04-{day}/dialogues.csv" for day in (14, 15, 16)}

    shutil.move(held_back, last_day)
    changed = exports / "telephony/2025-04-15/dialogues.csv"
    lines = changed.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) > 2, "the changed file needs a record to drop"
    changed.write_text("".join(lines[:-1]), encoding="utf-8")
    gone = exports / "telephony/2025-04-14/dialogues.csv"
    gone.unlink()
    second = _files_read(_run(exports, database, tmp_path / "second"))
    assert second == {
        "telephony/2025-04-15/dialogues.csv",
        "telephony/2025-04-17/dialogues.csv",
    }

    incremental = _rows(database)
    full = tmp_path / "full.duckdb"
    _run(exports, full, tmp_path / "full", "--full-refresh")
    assert incremental == _rows(full)
    # The inventory keeps the rows of unchanged files and inspects the others again.
    assert _inventory(database) == _inventory(full)
    files = {row[0] for row in incremental}
    assert "telephony/2025-04-14/dialogues.csv" not in files
    assert "telephony/2025-04-17/dialogues.csv" in files
    # The staged legs: the second run re-derived only the keys of new, re-delivered and
    # removed files, and ends where a full refresh does.
    assert "changed_keys" in _compiled(tmp_path / "second", STAGED)
    staged = _rows(database, STAGED)
    assert staged == _rows(full, STAGED)
    assert {row[0] for row in staged} == files
