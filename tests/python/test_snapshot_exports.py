"""Snapshot exports (docs/incremental.md): of a full dump, only the records that differ from
the dump before are read in full, and the staged table holds the same values as when every
row of every dump is read. A daily run that adds a dump, and one after a dump was
re-delivered, end with the rows of a full refresh.

Hand-made dumps of Signalen's SLA table (mor/<date>/sla.csv), small enough to say of every
record whether it is kept; each run selects only the raw file inventory, the base model and
the staged model.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import dbt

BASE = "base_mor__sla"
STAGED = "stg_mor__sla_rules"
SELECT = ("--select", f"stg_raw_exports__columns stg_raw_exports__files {BASE} {STAGED}")
HEADER = "id,main,sub,n_days,use_calendar_days,created_at\n"
CREATED = "2024-04-14T09:00:00+02:00"

# 1 May: four records. 1 June: record 1 unchanged but first in the file, 2 unchanged, 3
# changed, 4 missing, 5 new, 6 twice (both kept: which line wins is staging's choice).
# 1 July: 2 unchanged, 3 unchanged since June, 4 back unchanged from May, a record without id.
DUMPS = {
    "2025-05-01": [
        "1,afval,grofvuil,5,False",
        "2,afval,huisvuil,3,False",
        "3,afval,container-is-vol,3,True",
        "4,wegen,lantaarnpaal,10,False",
    ],
    "2025-06-01": [
        "1,afval,grofvuil,5,False",
        "2,afval,huisvuil,3,False",
        "3,afval,container-is-vol,2,True",
        "5,groen,onkruid,7,False",
        "6,groen,boom,14,False",
        "6,groen,boom,21,False",
    ],
    "2025-07-01": [
        "2,afval,huisvuil,3,False",
        "3,afval,container-is-vol,2,True",
        "4,wegen,lantaarnpaal,10,False",
        ",groen,gras,7,False",
    ],
}
# (dump, id) of every record a base table keeps, 6 twice.
KEPT = [
    ("2025-05-01", 1), ("2025-05-01", 2), ("2025-05-01", 3), ("2025-05-01", 4),
    ("2025-06-01", 1), ("2025-06-01", 3), ("2025-06-01", 5), ("2025-06-01", 6),
    ("2025-06-01", 6),
    ("2025-07-01", 2), ("2025-07-01", 4), ("2025-07-01", None),
]  # fmt: skip
COMPARED = (
    "_file, _record_number, _line_number, _file_records, sla_id, sub_category, term_days,"
    " _reject_reason"
)


def _write(raw: Path, day: str, lines: list[str]) -> None:
    folder = raw / "mor" / day
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{line},{CREATED}\n" for line in lines)
    (folder / "sla.csv").write_text(HEADER + body, encoding="utf-8")


def _run(raw: Path, database: Path, work: Path, *extra: str) -> None:
    finished = dbt("run", raw, database, *SELECT, *extra, work_dir=work)
    assert finished.returncode == 0, finished.stdout[-3000:]


def _rows(
    database: Path, model: str, columns: str, where: str = "true"
) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as db:
        return db.sql(
            f"select {columns} from staging.{model} where {where} order by all"
        ).fetchall()


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    for day, lines in DUMPS.items():
        _write(folder, day, lines)
    return folder


def test_only_changed_records_of_a_dump_are_read(raw: Path, tmp_path: Path) -> None:
    database = tmp_path / "full.duckdb"
    _run(raw, database, tmp_path / "full")
    kept = _rows(database, BASE, "cast(_export_date as varchar), sla_id")
    assert sorted(kept, key=str) == sorted(KEPT, key=str)
    # Every record of every dump counts, kept or not.
    assert set(_rows(database, BASE, "_file, _file_records")) == {
        ("mor/2025-05-01/sla.csv", 4),
        ("mor/2025-06-01/sla.csv", 6),
        ("mor/2025-07-01/sla.csv", 4),
    }
    # The record without id is on line 5 of July's dump, counted over the records left out,
    # and quarantined.
    july = _rows(
        database,
        BASE,
        "_record_number, _line_number, _reject_reason is not null",
        "_export_date = '2025-07-01'",
    )
    assert july == [(1, 2, False), (3, 4, False), (4, 5, True)]
    # The staged values are the latest dump's; a record's lineage is the dump where it took
    # that form; 5 and 6 stay, though July no longer holds them.
    staged = _rows(database, STAGED, "sla_id, term_days, cast(_export_date as varchar)")
    assert staged == [
        (1, 5, "2025-06-01"),
        (2, 3, "2025-07-01"),
        (3, 2, "2025-06-01"),
        (4, 10, "2025-07-01"),
        (5, 7, "2025-06-01"),
        (6, 21, "2025-06-01"),
    ]


def test_a_daily_run_adds_a_dump_as_a_full_build_would(raw: Path, tmp_path: Path) -> None:
    july = raw / "mor" / "2025-07-01"
    held_back = tmp_path / "held_back"
    july.rename(held_back)
    database = tmp_path / "daily.duckdb"
    _run(raw, database, tmp_path / "first")
    held_back.rename(july)
    _run(raw, database, tmp_path / "second")
    compiled = next((tmp_path / "second/target/compiled").rglob(f"{BASE}.sql")).read_text()
    # The daily run scanned July and, as the dump before, June; May was not read again.
    assert "mor/2025-07-01/sla.csv" in compiled
    assert "mor/2025-06-01/sla.csv" in compiled
    assert "mor/2025-05-01/sla.csv" not in compiled

    full = tmp_path / "full.duckdb"
    _run(raw, full, tmp_path / "full")
    for model, columns in ((BASE, COMPARED), (STAGED, "* exclude (_loaded_at, _file_version)")):
        assert _rows(database, model, columns) == _rows(full, model, columns), model

    # June re-delivered with record 3 unchanged from May: every dump is scanned again, and
    # the rows are a full refresh's.
    june = DUMPS["2025-06-01"].copy()
    june[2] = "3,afval,container-is-vol,3,True"
    _write(raw, "2025-06-01", june)
    _run(raw, database, tmp_path / "third")
    compiled = next((tmp_path / "third/target/compiled").rglob(f"{BASE}.sql")).read_text()
    assert "mor/2025-05-01/sla.csv" in compiled
    refreshed = tmp_path / "refreshed.duckdb"
    _run(raw, refreshed, tmp_path / "refreshed")
    assert _rows(database, BASE, COMPARED) == _rows(refreshed, BASE, COMPARED)
    assert ("2025-06-01", 3) not in _rows(database, BASE, "cast(_export_date as varchar), sla_id")
    assert ("2025-07-01", 3) in _rows(database, BASE, "cast(_export_date as varchar), sla_id")
