"""File-level faults in the raw exports: each is announced with a message naming the file
and the problem, errors fail the build, and no clean row of any other file is lost.

One small clean export set gets one fault per file (each in a different file), and the
whole project is built once on it; every test below looks at that one build.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import dbt, generate

CLEAN_ARGS = [
    "--inhabitants", "4000", "--start", "2025-04-14", "--days", "4", "--seed", "5",
    "--fault-rate", "0", "--formats", "contract",
]
# Every model, seed and snapshot, and of the tests only the two on the raw files: the
# other data tests are `make dbt-test`'s job and would only add their cost here.
BUILD_ALL_BUT_OTHER_TESTS = (
    "--select",
    "resource_type:model resource_type:seed resource_type:snapshot",
    "assert_raw_files_are_readable assert_raw_files_have_no_warnings",
    "--indirect-selection", "empty",
)  # fmt: skip
CP1252_LABEL = "rijbewijs café – €"

Table = list[list[str]]


@dataclass(frozen=True)
class Planted:
    path: str
    kind: str
    severity: str
    message: str


def _read(path: Path, delimiter: str) -> Table:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _write(path: Path, table: Table, delimiter: str, encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(table)
    path.write_bytes(buffer.getvalue().encode(encoding))


def _edit(path: Path, delimiter: str, change: Callable[[Table], Table]) -> None:
    _write(path, change(_read(path, delimiter)), delimiter)


def _without_column(name: str) -> Callable[[Table], Table]:
    def change(table: Table) -> Table:
        position = table[0].index(name)
        return [row[:position] + row[position + 1 :] for row in table]

    return change


def _renamed(old: str, new: str) -> Callable[[Table], Table]:
    def change(table: Table) -> Table:
        return [[new if name == old else name for name in table[0]], *table[1:]]

    return change


def _with_column_after(anchor: str, name: str) -> Callable[[Table], Table]:
    def change(table: Table) -> Table:
        position = table[0].index(anchor) + 1
        header = table[0][:position] + [name] + table[0][position:]
        rows = [row[:position] + ["hoog"] + row[position:] for row in table[1:]]
        return [header, *rows]

    return change


def _plant_faults(raw: Path) -> list[Planted]:
    """One fault per file, each in a file of its own; returns what the build must say."""
    _edit(raw / "telephony/2025-04-15/dialogues.csv", ",", _without_column("acwDurationInSec"))
    _edit(raw / "balie/2025-04-15/visits.csv", ";", _renamed("end_time", "eind_tijd"))
    _edit(raw / "email/2025-04-16/messages.csv", ",", _with_column_after("direction", "priority"))
    pages = raw / "web/2025-04-15/pages.csv"
    _write(pages, _read(pages, ","), ";")
    search = raw / "web/2025-04-15/site_search.csv"
    table = _read(search, ",")
    table[1][table[0].index("label")] = CP1252_LABEL
    _write(search, table, ",", encoding="cp1252")
    (raw / "kto/2025-04-15/responses.csv").write_bytes(b"")
    tasks = raw / "kcs/2025-04-15/internetaken.csv"
    lines = tasks.read_text(encoding="utf-8").splitlines()
    tasks.write_text("\n".join([*lines[:-1], ",".join(lines[-1].split(",")[:3])]), "utf-8")
    visits = raw / "balie/2025-04-16/visits.csv"
    visits.write_text(visits.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    dialogues = raw / "telephony/2025-04-16/dialogues.csv"
    dialogues.write_bytes(dialogues.read_bytes().replace(b"Inbound", b"Inb\x81ound", 1))
    forms = raw / "web/2025-04-15/form_submissions.csv"
    forms.write_text(forms.read_text(encoding="utf-8").rstrip("\n") + ',"open\n', "utf-8")
    shutil.copy(raw / "telephony/2025-04-14/dialogues.csv", raw / "telephony/2025-04-14/old.csv")
    truncated_line = len(lines)
    return [
        Planted("telephony/2025-04-15/dialogues.csv", "missing_column", "error",
                "column 'acwDurationInSec' missing"),
        Planted("balie/2025-04-15/visits.csv", "renamed_column", "error",
                "column 'end_time' missing and 'eind_tijd' unexpected: renamed?"),
        Planted("email/2025-04-16/messages.csv", "extra_column", "warning",
                "unexpected column 'priority' ignored"),
        Planted("web/2025-04-15/pages.csv", "wrong_delimiter", "error",
                "the header is separated by ';' where ',' is expected"),
        Planted("web/2025-04-15/site_search.csv", "windows_1252", "warning",
                "not UTF-8 (byte 0xe9 on line 2); read as Windows-1252, where it is 'é'"),
        Planted("kto/2025-04-15/responses.csv", "empty_file", "warning", "0-byte file skipped"),
        Planted("kcs/2025-04-15/internetaken.csv", "truncated_last_line", "warning",
                f"the last record (line {truncated_line}) has 3 of 7 fields; "
                "it is quarantined as truncated_row"),
        Planted("telephony/2025-04-16/dialogues.csv", "unreadable_encoding", "error",
                "neither UTF-8 nor Windows-1252 (byte 0x81 on line 2); export as UTF-8"),
        Planted("web/2025-04-15/form_submissions.csv", "unclosed_quote", "error",
                "a quoted field is never closed (odd number of quote characters)"),
        Planted("telephony/2025-04-14/old.csv", "unknown_file", "warning",
                "not a file of the export contract or of a known system's export; ignored"),
    ]


@dataclass(frozen=True)
class FaultyBuild:
    raw_dir: Path
    clean_dir: Path
    database: Path
    output: str
    returncode: int
    results: dict[str, str]
    planted: dict[str, Planted]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> FaultyBuild:
    work = tmp_path_factory.mktemp("file_faults")
    clean = work / "clean"
    generate(clean, *CLEAN_ARGS)
    raw = work / "raw"
    shutil.copytree(clean, raw)
    planted = _plant_faults(raw)
    database = work / "faults.duckdb"
    finished = dbt("build", raw, database, *BUILD_ALL_BUT_OTHER_TESTS, work_dir=work)
    run_results = json.loads((work / "target/run_results.json").read_text())
    results = {r["unique_id"]: r["status"] for r in run_results["results"]}
    return FaultyBuild(
        raw, clean, database, finished.stdout, finished.returncode, results,
        {p.path: p for p in planted},
    )


@pytest.fixture(scope="module")
def db(build: FaultyBuild) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(build.database), read_only=True)
    connection.sql("set TimeZone = 'UTC'")
    return connection


def _recorded_fault(db: duckdb.DuckDBPyConnection, path: str) -> tuple[str, str, str] | None:
    rows = db.execute(
        "select fault_kind, severity, message from quality.raw_file_faults where file_path = ?",
        [path],
    ).fetchall()
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def _announced(build: FaultyBuild, db: duckdb.DuckDBPyConnection, path: str) -> None:
    """The build log names the file and the problem, and says whether it was skipped; the
    quality report's table holds the same."""
    planted = build.planted[path]
    skipped = " (file skipped)" if planted.severity == "error" else ""
    line = f"raw file {path}: {planted.message}{skipped}"
    assert line in build.output, f"not announced: {line}"
    recorded = _recorded_fault(db, path)
    assert recorded == (planted.kind, planted.severity, planted.message), recorded


def _rows_read(db: duckdb.DuckDBPyConnection, base: str, path: str) -> int:
    return db.execute(f"select count(*) from staging.{base} where _file = ?", [path]).fetchone()[0]


def _skipped(build: FaultyBuild, db: duckdb.DuckDBPyConnection, base: str, path: str) -> None:
    _announced(build, db, path)
    assert _rows_read(db, base, path) == 0


def test_missing_column_fails_the_file(build: FaultyBuild, db: duckdb.DuckDBPyConnection) -> None:
    _skipped(build, db, "base_telephony__dialogues", "telephony/2025-04-15/dialogues.csv")


def test_renamed_column_fails_the_file(build: FaultyBuild, db: duckdb.DuckDBPyConnection) -> None:
    _skipped(build, db, "base_balie__visits", "balie/2025-04-15/visits.csv")


def test_wrong_delimiter_fails_the_file(build: FaultyBuild, db: duckdb.DuckDBPyConnection) -> None:
    _skipped(build, db, "base_web__pages", "web/2025-04-15/pages.csv")


def test_undecodable_file_fails(build: FaultyBuild, db: duckdb.DuckDBPyConnection) -> None:
    _skipped(build, db, "base_telephony__dialogues", "telephony/2025-04-16/dialogues.csv")


def test_unclosed_quote_fails_the_file(build: FaultyBuild, db: duckdb.DuckDBPyConnection) -> None:
    _skipped(build, db, "base_web__form_submissions", "web/2025-04-15/form_submissions.csv")


def test_empty_file_is_skipped_with_a_warning(
    build: FaultyBuild, db: duckdb.DuckDBPyConnection
) -> None:
    _announced(build, db, "kto/2025-04-15/responses.csv")
    assert db.sql(
        "select is_read from staging.stg_raw_exports__files "
        "where file_path = 'kto/2025-04-15/responses.csv'"
    ).fetchone() == (False,)


def test_extra_column_is_ignored_and_the_rows_read_by_name(
    build: FaultyBuild, db: duckdb.DuckDBPyConnection
) -> None:
    path = "email/2025-04-16/messages.csv"
    _announced(build, db, path)
    expected = sorted(
        (row[0], row[2], row[9] or None) for row in _read(build.clean_dir / path, ",")[1:]
    )
    staged = db.execute(
        "select message_id, direction, category from staging.base_email__messages "
        "where _file = ? order by all",
        [path],
    ).fetchall()
    assert expected and staged == expected


def test_windows_1252_file_is_read_correctly(
    build: FaultyBuild, db: duckdb.DuckDBPyConnection
) -> None:
    path = "web/2025-04-15/site_search.csv"
    _announced(build, db, path)
    keywords = {
        keyword
        for (keyword,) in db.execute(
            "select keyword from staging.base_web__site_search where _file = ?", [path]
        ).fetchall()
    }
    assert CP1252_LABEL in keywords
    assert len(keywords) == len(_read(build.clean_dir / path, ",")) - 1


def test_truncated_last_line_is_quarantined(
    build: FaultyBuild, db: duckdb.DuckDBPyConnection
) -> None:
    path = "kcs/2025-04-15/internetaken.csv"
    _announced(build, db, path)
    line = int(re.search(r"line (\d+)", build.planted[path].message).group(1))
    assert db.execute(
        "select reason from quality.quarantined_rows where file_path = ? and line_number = ?",
        [path, line],
    ).fetchall() == [("truncated_row",)]
    assert _rows_read(db, "base_kcs__internetaken", path) == line - 1


def test_unknown_file_is_listed_and_ignored(
    build: FaultyBuild, db: duckdb.DuckDBPyConnection
) -> None:
    _announced(build, db, "telephony/2025-04-14/old.csv")


def test_header_only_file_is_a_valid_empty_export(
    build: FaultyBuild, db: duckdb.DuckDBPyConnection
) -> None:
    path = "balie/2025-04-16/visits.csv"
    assert _recorded_fault(db, path) is None
    assert path not in build.output
    assert db.execute(
        "select is_read, physical_lines from staging.stg_raw_exports__files where file_path = ?",
        [path],
    ).fetchall() == [(True, 1)]
    assert _rows_read(db, "base_balie__visits", path) == 0


def test_only_the_readability_test_fails(build: FaultyBuild) -> None:
    """Errors fail the build through one test; every model, and so every other file and
    source, is built, and the warnings stay warnings."""
    assert build.returncode == 1
    assert "Failure in test assert_raw_files_are_readable" in build.output
    failed = {node for node, status in build.results.items() if status in ("error", "fail")}
    assert failed == {"test.klantcontact.assert_raw_files_are_readable"}
    assert build.results["test.klantcontact.assert_raw_files_have_no_warnings"] == "warn"
    not_built = {
        node: status
        for node, status in build.results.items()
        if node.startswith(("model.", "seed.", "snapshot.")) and status != "success"
    }
    assert not not_built


def test_no_clean_row_of_another_file_is_lost(
    build: FaultyBuild, db: duckdb.DuckDBPyConnection
) -> None:
    """Every record of every file without an error is read: records counted with the
    csv module equal the rows the base models read, file by file."""
    read = dict(
        db.sql(
            """
            select file_path, count(*) from (
                select _file as file_path from staging.base_telephony__dialogues
                union all select _file from staging.base_cxone__call_details
                union all select _file from staging.base_chat__sessions
                union all select _file from staging.base_balie__visits
                union all select _file from staging.base_email__messages
                union all select _file from staging.base_web__pages
                union all select _file from staging.base_web__site_search
                union all select _file from staging.base_web__form_submissions
                union all select _file from staging.base_kto__responses
                union all select _file from staging.base_kcs__internetaken
                union all select _file from staging.base_kcs__contactmomenten
                union all select _file from staging.base_mor__signals
                union all select _file from staging.base_zaken__zaken
            )
            group by file_path
            """
        ).fetchall()
    )
    delimiters = {"visits": ";", "responses": ";"}
    emptied = "balie/2025-04-16/visits.csv"  # cut to its header on purpose
    checked = 0
    for path in sorted(build.clean_dir.glob("*/*/*.csv")):
        relative = path.relative_to(build.clean_dir).as_posix()
        if relative.startswith(("mor/", "zaken/")) and path.stem not in ("signals", "zaken"):
            continue
        planted = build.planted.get(relative)
        if planted and (planted.severity == "error" or planted.kind == "empty_file"):
            continue
        # A truncated last record is still read, then quarantined as truncated_row.
        records = 0 if relative == emptied else len(_read(path, delimiters.get(path.stem, ","))) - 1
        assert read.get(relative, 0) == records, relative
        checked += 1
    assert checked >= 30
