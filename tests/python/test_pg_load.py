"""The raw loader into PostgreSQL (`klantcontact load postgres`, src/klantcontact/engines/postgres,
docs/postgres.md).

Needs the project's PostgreSQL server: `make test-pg` starts it (scripts/pg.sh up) and runs
these tests; run on their own (`pytest -m postgres`) they start it and stop it afterwards.
Not part of `make test`. The loaded tables are compared with what Python's csv module reads
from the same files (raw_files.py), independently of the loader's own reader.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE_ARGS, PROJECT_DIR, generate
from psycopg2.extensions import connection as Connection
from raw_files import RAW_FILES, RawFile, export_text, files_of

from klantcontact.engines.postgres.connection import connect
from klantcontact.raw.contract import ContractTable, read_contract
from klantcontact.raw.python_models import public_holidays
from klantcontact.settings import SETTINGS

pytestmark = pytest.mark.postgres

PG_SCRIPT = PROJECT_DIR / "scripts" / "pg.sh"
CONTRACT = {table.table_name: table for table in read_contract(PROJECT_DIR)}
# The key of each file as the generator's fault manifest names it (raw-validation-contract.md).
KEYS = {
    "telephony__dialogues": "id", "cxone__call_detail": "Contact_ID",
    "chat__sessions": "conversation_id", "balie__visits": "visit_id",
    "email__messages": "message_id", "web__form_submissions": "submission_id",
    "mor__signals": "id", "mor__statuses": "id", "mor__categories": "id",
    "mor__locations": "id", "mor__reporters": "id", "mor__kto_feedback": "_signal_id",
    "mor__sla": "id", "zaken__zaken": "identificatie", "zaken__zaaktypen": "code",
    "kcs__contactmomenten": "id", "kcs__internetaken": "id", "kto__responses": "response_id",
}


def table_of(raw_file: RawFile) -> ContractTable:
    return CONTRACT[f"{raw_file.source}__{raw_file.name}"]


def load(raw_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SETTINGS.command, "load", "postgres", "--raw-dir", str(raw_dir), *extra],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )


def counts(db: Connection, schema: str = "raw") -> dict[tuple[str, str], int]:
    """Rows per (table, _file) of every contract table."""
    result: dict[tuple[str, str], int] = {}
    with db.cursor() as cursor:
        for name in CONTRACT:
            cursor.execute(f'select _file, count(*) from {schema}."{name}" group by _file')
            result.update({(name, file): rows for file, rows in cursor.fetchall()})
    return result


def csv_records(path: Path, raw_file: RawFile) -> list[dict[str, str]]:
    text = io.StringIO(export_text(path, raw_file), newline="")
    return list(csv.DictReader(text, delimiter=raw_file.delimiter, restval=""))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[None]:
    """The server of scripts/pg.sh; stopped afterwards only when this fixture started it."""
    was_running = subprocess.run([str(PG_SCRIPT), "status"], capture_output=True).returncode == 0
    started = subprocess.run([str(PG_SCRIPT), "up"], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    yield
    if not was_running:
        subprocess.run([str(PG_SCRIPT), "down"], check=True, capture_output=True)


@pytest.fixture(scope="session")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SETTINGS.test_raw_dir:
        return SETTINGS.test_raw_dir
    generated = tmp_path_factory.mktemp("pg_fixture") / "raw"
    generate(generated, *FIXTURE_ARGS)
    return generated


@pytest.fixture(scope="session")
def db(pg_server: None) -> Iterator[Connection]:
    connection = connect()
    connection.autocommit = True
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def loaded(pg_server: None, raw_dir: Path) -> subprocess.CompletedProcess[str]:
    result = load(raw_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_every_contract_table_has_text_columns_in_contract_order(loaded, db):
    assert {f"{raw_file.source}__{raw_file.name}" for raw_file in RAW_FILES} == set(CONTRACT)
    with db.cursor() as cursor:
        for name, table in CONTRACT.items():
            cursor.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_schema = 'raw' and table_name = %s order by ordinal_position",
                (name,),
            )
            assert cursor.fetchall() == [
                *((column, "text") for column in table.columns),
                ("_file", "text"),
                ("_record_number", "integer"),
                ("_line_number", "integer"),
                ("_is_truncated", "boolean"),
            ], name


@pytest.mark.parametrize("raw_file", RAW_FILES, ids=lambda raw_file: raw_file.name)
def test_row_counts_equal_the_csv_records(loaded, db, raw_dir, raw_file):
    name = table_of(raw_file).table_name
    expected = {
        path.relative_to(raw_dir).as_posix(): len(csv_records(path, raw_file))
        for path in files_of(raw_dir, raw_file)
    }
    loaded_counts = {file: rows for (table, file), rows in counts(db).items() if table == name}
    assert loaded_counts == {file: rows for file, rows in expected.items() if rows}
    assert sum(expected.values()) > 0 or raw_file.optional
    assert f"raw.{name} " in loaded.stdout


def test_windows_1252_kto_file_reads_right(loaded, db, raw_dir):
    kto = next(raw_file for raw_file in RAW_FILES if raw_file.source == "kto")
    columns = table_of(kto).columns
    cp1252_files = []
    for path in files_of(raw_dir, kto):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            cp1252_files.append(path)
    assert cp1252_files, "the fixture exports hold no Windows-1252 KTO file"
    for path in cp1252_files:
        file = path.relative_to(raw_dir).as_posix()
        expected = [
            tuple(record[column] for column in columns) for record in csv_records(path, kto)
        ]
        with db.cursor() as cursor:
            cursor.execute(
                f"select {', '.join(columns)} from raw.kto__responses"
                " where _file = %s order by _line_number",
                (file,),
            )
            assert cursor.fetchall() == expected
        assert any(not value.isascii() for row in expected for value in row)
        assert f"raw file {file}: not UTF-8" in loaded.stderr


def test_line_numbers_match_the_fault_manifest(loaded, db, raw_dir):
    """The generator records the physical line of every faulty record it wrote; the loaded
    row on that line of that file carries the same key (quoted line breaks counted)."""
    checked = 0
    with (raw_dir / "_generator" / "faults.csv").open(encoding="utf-8", newline="") as manifest:
        faults = list(csv.DictReader(manifest))
    with db.cursor() as cursor:
        for fault in faults:
            name = f"{fault['source']}__{Path(fault['file']).stem}"
            if name not in KEYS or not fault["line_number"] or not fault["record_id"]:
                continue
            cursor.execute(
                f'select "{KEYS[name]}" from raw."{name}" where _file = %s and _line_number = %s',
                (fault["file"], int(fault["line_number"])),
            )
            assert cursor.fetchall() == [(fault["record_id"],)], fault
            checked += 1
    assert checked > 50


def test_loading_twice_gives_the_same_counts(loaded, db, raw_dir):
    before = counts(db)
    again = load(raw_dir)
    assert again.returncode == 0, again.stderr[-3000:]
    assert counts(db) == before
    assert again.stdout.splitlines()[:-1] == loaded.stdout.splitlines()[:-1]


def test_a_file_missing_a_column_is_reported_and_the_rest_loaded(pg_server, db, tmp_path):
    schema = "raw_pg_load_test"
    telephony = tmp_path / "telephony" / "2025-01-02"
    balie = tmp_path / "balie" / "2025-01-02"
    telephony.mkdir(parents=True)
    balie.mkdir(parents=True)
    # No endTimestamp: skipped with an error.
    dialogue_columns = [c for c in CONTRACT["telephony__dialogues"].columns if c != "endTimestamp"]
    (telephony / "dialogues.csv").write_text(",".join(dialogue_columns) + "\n" + "x," * 13 + "x\n")
    # Columns reordered, names padded and in other case, an extra column, a BOM, CRLF,
    # a quoted line break: read by name.
    visit_columns = list(reversed(CONTRACT["balie__visits"].columns))
    header = ";".join(f" {column.upper()} " for column in visit_columns) + ";extra"
    values = [f"v-{column}" for column in visit_columns]
    values[visit_columns.index("branch")] = '"Stads\nkantoor"'
    (balie / "visits.csv").write_bytes(
        ("\ufeff" + header + "\r\n" + ";".join(values) + ";e\r\n").encode("utf-8")
    )
    try:
        result = load(tmp_path, "--schema", schema)
        assert result.returncode == 1, result.stderr
        assert (
            "raw file telephony/2025-01-02/dialogues.csv: column 'endTimestamp' missing"
            " (file skipped)" in result.stderr
        )
        assert "unexpected column 'extra' ignored" in result.stderr
        with db.cursor() as cursor:
            cursor.execute(f"select * from {schema}.balie__visits")
            row = cursor.fetchall()
            cursor.execute(f"select count(*) from {schema}.telephony__dialogues")
            assert cursor.fetchone() == (0,)
        expected = [
            "Stads\nkantoor" if column == "branch" else f"v-{column}"
            for column in CONTRACT["balie__visits"].columns
        ]
        assert row == [(*expected, "balie/2025-01-02/visits.csv", 1, 2, False)]
        with db.cursor() as cursor:
            cursor.execute(
                f"select file_path, is_read, fault_kinds from {schema}.export_files"
                " order by file_path"
            )
            assert cursor.fetchall() == [
                ("balie/2025-01-02/visits.csv", True, ["extra_column"]),
                ("telephony/2025-01-02/dialogues.csv", False, ["missing_column"]),
            ]
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"drop schema if exists {schema} cascade")
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_export_files_is_the_inventory_and_decides_what_is_loaded(loaded, db, raw_dir):
    """raw.export_files has the columns of stg_raw_exports__files (lists as text[]), and
    exactly the files it marks is_read are loaded, with their records numbered from 1."""
    with db.cursor() as cursor:
        cursor.execute(
            "select column_name, udt_name from information_schema.columns"
            " where table_schema = 'raw' and table_name = 'export_files' order by ordinal_position"
        )
        assert cursor.fetchall() == [
            ("file_path", "text"), ("source_name", "text"), ("table_name", "text"),
            ("export_date", "date"), ("size_bytes", "int8"), ("file_version", "text"),
            ("contract_version", "text"), ("physical_lines", "int8"), ("encoding", "text"),
            ("header_columns", "_text"), ("read_columns", "_text"), ("is_read", "bool"),
            ("read_path", "text"), ("fault_kinds", "_text"), ("fault_severities", "_text"),
            ("fault_messages", "_text"),
        ]  # fmt: skip
        cursor.execute("select file_path, is_read from raw.export_files")
        inventory = dict(cursor.fetchall())
    assert set(inventory) == {
        path.relative_to(raw_dir).as_posix()
        for path in raw_dir.glob("*/*/*.csv")
        if path.parts[-3] in {table.source for table in CONTRACT.values()}
    }
    loaded_files = {file for _, file in counts(db)}
    assert loaded_files <= {file for file, is_read in inventory.items() if is_read}
    assert any(not is_read for is_read in inventory.values()), "no skipped file planted"
    with db.cursor() as cursor:
        for name in CONTRACT:
            cursor.execute(
                f'select _file, min(_record_number), max(_record_number), count(*)'
                f' from raw."{name}" group by _file'
            )
            for file, first, last, rows in cursor.fetchall():
                assert (first, last) == (1, rows), (name, file)


def test_truncated_last_records_are_marked(loaded, db):
    """A file whose inventory reports truncated_last_line has its last record marked
    _is_truncated (missing fields null), and no other record is."""
    with db.cursor() as cursor:
        cursor.execute(
            "select source_name || '__' || table_name, file_path from raw.export_files"
            " where 'truncated_last_line' = any(fault_kinds) and is_read"
        )
        truncated_files = cursor.fetchall()
        assert truncated_files, "the fixture exports hold no truncated last line"
        for name, file in truncated_files:
            cursor.execute(
                f'select _record_number, _is_truncated from raw."{name}" where _file = %s'
                " order by _record_number",
                (file,),
            )
            rows = cursor.fetchall()
            assert [is_truncated for _, is_truncated in rows] == [False] * (len(rows) - 1) + [True]


def test_public_holidays_are_the_python_models_rows(loaded, db):
    with db.cursor() as cursor:
        cursor.execute("select * from raw.public_holidays order by holiday_date")
        loaded_rows = cursor.fetchall()
    expected = public_holidays("2020-01-01", "2030-12-31")
    assert loaded_rows == [tuple(row) for row in expected.itertuples(index=False)]
    assert (dt.date(2025, 4, 26), "Koningsdag") in {row[:2] for row in loaded_rows}


def test_dbt_debug_connects_to_postgres(pg_server, tmp_path):
    result = subprocess.run(
        [
            str(SETTINGS.dbt), "debug", "--no-use-colors",
            "--log-path", str(tmp_path / "logs"),
        ],
        cwd=PROJECT_DIR,
        env={**os.environ, "KCC_TARGET": "postgres", "DBT_PROFILES_DIR": str(PROJECT_DIR)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "type: postgres" in result.stdout
    assert "Connection test: [OK connection ok]" in result.stdout

