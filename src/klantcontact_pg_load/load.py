"""Truncate-and-load of the raw tables in PostgreSQL with COPY ... FROM STDIN (text format).

One table per export file type, every contract column `text` in the contract's order, then
`_file` (path below raw_dir) and `_line_number`. A table whose columns no longer match the
contract is dropped and created again. Everything happens in one transaction, so readers
see the previous load or the new one, never half of it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from psycopg2 import sql
from psycopg2.extensions import connection as Connection

from klantcontact_pg_load.reader import FileRead, Row, read_file
from klantcontact_raw.contract import ContractTable

LINEAGE_COLUMNS = ("_file", "_line_number")
_EXPORT_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# COPY's text format: backslash escapes for the characters that separate fields and rows.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@dataclass
class TableLoad:
    table: ContractTable
    files: list[FileRead] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(file.rows) for file in self.files)

    @property
    def files_loaded(self) -> int:
        return sum(1 for file in self.files if file.is_loaded)

    @property
    def files_skipped(self) -> int:
        return len(self.files) - self.files_loaded


def export_files(raw_dir: Path, table: ContractTable) -> list[tuple[Path, str]]:
    """(path, path below raw_dir) of the table's files in export-date folders, oldest first."""
    found = [
        (path, f"{table.source}/{path.parent.name}/{path.name}")
        for path in (raw_dir / table.source).glob(f"*/{table.file_name}")
        if _EXPORT_DATE.match(path.parent.name) and path.is_file()
    ]
    return sorted(found, key=lambda item: item[1])


def unknown_files(raw_dir: Path, tables: Iterable[ContractTable]) -> list[str]:
    """CSV files the contract does not know (or outside an export-date folder): ignored."""
    known = {(table.source, table.file_name) for table in tables}
    return sorted(
        path.relative_to(raw_dir).as_posix()
        for path in raw_dir.glob("*/*/*.csv")
        if not path.parts[-3].startswith("_")
        and ((path.parts[-3], path.name) not in known or not _EXPORT_DATE.match(path.parts[-2]))
    )


def _copy_text(rows: Iterable[Row], file_path: str) -> io.StringIO:
    lines = []
    for row in rows:
        values = ["\\N" if value is None else value.translate(_COPY_ESCAPES) for value in row]
        lines.append("\t".join([*values[:-1], file_path.translate(_COPY_ESCAPES), values[-1]]))
    return io.StringIO("".join(line + "\n" for line in lines))


def _prepare_table(connection: Connection, schema: str, table: ContractTable) -> None:
    """An empty table with the contract's columns: truncated, or (re)created."""
    expected = [*table.columns, *LINEAGE_COLUMNS]
    identifier = sql.Identifier(schema, table.table_name)
    with connection.cursor() as cursor:
        cursor.execute(
            "select column_name from information_schema.columns"
            " where table_schema = %s and table_name = %s order by ordinal_position",
            (schema, table.table_name),
        )
        existing = [name for (name,) in cursor.fetchall()]
        if existing == expected:
            cursor.execute(sql.SQL("truncate table {}").format(identifier))
            return
        if existing:
            cursor.execute(sql.SQL("drop table {}").format(identifier))
        columns = [sql.SQL("{} text").format(sql.Identifier(name)) for name in table.columns]
        columns += [sql.SQL("_file text not null"), sql.SQL("_line_number integer not null")]
        cursor.execute(
            sql.SQL("create table {} ({})").format(identifier, sql.SQL(", ").join(columns))
        )


def load_table(
    connection: Connection, schema: str, raw_dir: Path, table: ContractTable
) -> TableLoad:
    _prepare_table(connection, schema, table)
    copy = sql.SQL("copy {} ({}) from stdin").format(
        sql.Identifier(schema, table.table_name),
        sql.SQL(", ").join(sql.Identifier(name) for name in (*table.columns, *LINEAGE_COLUMNS)),
    ).as_string(connection)
    result = TableLoad(table)
    with connection.cursor() as cursor:
        for path, relative_path in export_files(raw_dir, table):
            read = read_file(path, relative_path, table)
            result.files.append(read)
            if read.rows:
                cursor.copy_expert(copy, _copy_text(read.rows, relative_path), size=1 << 20)
    return result


def load_all(
    connection: Connection, schema: str, raw_dir: Path, tables: Iterable[ContractTable]
) -> list[TableLoad]:
    """Load every table in one transaction (committed on success, rolled back on error)."""
    with connection:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
        return [load_table(connection, schema, raw_dir, table) for table in tables]
