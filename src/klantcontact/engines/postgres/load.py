"""Truncate-and-load of schema `raw` in PostgreSQL with COPY ... FROM STDIN (text format).

The raw layer of a loaded engine (docs/engines.md, "Raw layer"):
- `raw.<source>__<file>`, one per file type of the contract (empty for a source switched
  off, whose files the inventory does not list): every contract column `text` in the
  contract's order, then `_file` (path below raw_dir), `_record_number` (1 = first data
  record of the file), `_line_number` (physical line where the record starts, header = 1)
  and `_is_truncated`;
- `raw.export_files`: the file inventory, the columns of stg_raw_exports__files;
- `raw.public_holidays`: the CAO holidays of int_public_holidays_listed.
Only the files the inventory marks `is_read` are loaded, each by its `read_columns`. A table
whose columns no longer match is dropped and created again. Everything happens in one
transaction, so readers see the previous load or the new one, never half of it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from psycopg2 import sql
from psycopg2.extensions import connection as Connection

from klantcontact.engines.postgres.reader import Row, read_records
from klantcontact.raw.contract import ContractTable

Columns = Sequence[tuple[str, str]]

LINEAGE_COLUMNS: Columns = (
    ("_file", "text"),
    ("_record_number", "integer"),
    ("_line_number", "integer"),
    ("_is_truncated", "boolean"),
)
# stg_raw_exports__files, DuckDB's varchar[] as text[].
EXPORT_FILES_COLUMNS: Columns = (
    ("file_path", "text"), ("source_name", "text"), ("table_name", "text"),
    ("export_date", "date"), ("size_bytes", "bigint"), ("file_version", "text"),
    ("contract_version", "text"), ("physical_lines", "bigint"), ("encoding", "text"),
    ("header_columns", "text[]"), ("read_columns", "text[]"), ("is_read", "boolean"),
    ("read_path", "text"), ("fault_kinds", "text[]"), ("fault_severities", "text[]"),
    ("fault_messages", "text[]"), ("format_name", "text"),
)  # fmt: skip
PUBLIC_HOLIDAYS_COLUMNS: Columns = (
    ("holiday_date", "date"), ("holiday_name", "text"), ("holiday_source", "text"),
)  # fmt: skip
# COPY's text format: backslash escapes for the characters that separate fields and rows.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@dataclass
class TableLoad:
    table: ContractTable
    rows: int = 0
    files_loaded: int = 0
    files_skipped: int = 0


@dataclass
class Load:
    tables: list[TableLoad] = field(default_factory=list)
    export_files: int = 0
    public_holidays: int = 0


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_COPY_ESCAPES)


def _copy_text(rows: Iterable[Row], file_path: str) -> io.StringIO:
    """Rows as COPY text: the contract columns, _file, then the record's lineage."""
    lines = []
    for row in rows:
        values = [*row[:-3], file_path, *row[-3:]]
        lines.append("\t".join(_copy_value(value) for value in values))
    return io.StringIO("".join(line + "\n" for line in lines))


def _prepare_table(connection: Connection, schema: str, name: str, columns: Columns) -> None:
    """An empty table with these columns and types: truncated, or (re)created."""
    identifier = sql.Identifier(schema, name)
    with connection.cursor() as cursor:
        cursor.execute(
            "select column_name, format_type(atttypid, atttypmod)"
            " from information_schema.columns"
            " join pg_attribute on attrelid = format('%%I.%%I', table_schema, table_name)::regclass"
            " and attname = column_name"
            " where table_schema = %s and table_name = %s order by ordinal_position",
            (schema, name),
        )
        existing = cursor.fetchall()
        if existing == [tuple(column) for column in columns]:
            cursor.execute(sql.SQL("truncate table {}").format(identifier))
            return
        if existing:
            cursor.execute(sql.SQL("drop table {} cascade").format(identifier))
        definitions = [
            sql.SQL("{} {}").format(sql.Identifier(column), sql.SQL(kind))
            for column, kind in columns
        ]
        cursor.execute(
            sql.SQL("create table {} ({})").format(identifier, sql.SQL(", ").join(definitions))
        )


def _copy(
    connection: Connection, schema: str, name: str, columns: Columns, text: io.StringIO
) -> None:
    copy = sql.SQL("copy {} ({}) from stdin").format(
        sql.Identifier(schema, name),
        sql.SQL(", ").join(sql.Identifier(column) for column, _ in columns),
    ).as_string(connection)
    with connection.cursor() as cursor:
        cursor.copy_expert(copy, text, size=1 << 20)


def _python_value(value: Any) -> Any:
    """A frame cell as psycopg2 adapts it: None for missing, date for dates, lists as lists."""
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # numpy scalars and arrays
        return list(value) if isinstance(value, list | tuple) else value
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value


def _insert_frame(
    connection: Connection, schema: str, name: str, columns: Columns, frame: pd.DataFrame
) -> int:
    _prepare_table(connection, schema, name, columns)
    names = [column for column, _ in columns]
    rows = [
        tuple(_python_value(value) for value in row)
        for row in frame[names].itertuples(index=False)
    ]
    if rows:
        insert = sql.SQL("insert into {} ({}) values ({})").format(
            sql.Identifier(schema, name),
            sql.SQL(", ").join(sql.Identifier(column) for column in names),
            sql.SQL(", ").join(
                sql.SQL("%s::{}").format(sql.SQL(kind)) for _, kind in columns
            ),
        )
        with connection.cursor() as cursor:
            cursor.executemany(insert, rows)
    return len(rows)


def load_table(
    connection: Connection, schema: str, table: ContractTable, inventory: pd.DataFrame
) -> TableLoad:
    """The table's files marked is_read in the inventory, each by its read_columns."""
    columns = [*((column, "text") for column in table.columns), *LINEAGE_COLUMNS]
    _prepare_table(connection, schema, table.table_name, columns)
    files = inventory[
        (inventory["source_name"] == table.source) & (inventory["table_name"] == table.name)
    ].sort_values("file_path")
    result = TableLoad(table)
    for file in files.itertuples(index=False):
        if not file.is_read:
            result.files_skipped += 1
            continue
        rows = read_records(Path(file.read_path), list(file.read_columns), table)
        result.files_loaded += 1
        result.rows += len(rows)
        if rows:
            _copy(connection, schema, table.table_name, columns, _copy_text(rows, file.file_path))
    return result


def load_all(
    connection: Connection,
    schema: str,
    tables: Iterable[ContractTable],
    inventory: pd.DataFrame,
    holidays: pd.DataFrame,
) -> Load:
    """Load everything in one transaction (committed on success, rolled back on error)."""
    with connection:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
        result = Load([load_table(connection, schema, table, inventory) for table in tables])
        result.export_files = _insert_frame(
            connection, schema, "export_files", EXPORT_FILES_COLUMNS, inventory
        )
        result.public_holidays = _insert_frame(
            connection, schema, "public_holidays", PUBLIC_HOLIDAYS_COLUMNS, holidays
        )
        return result
