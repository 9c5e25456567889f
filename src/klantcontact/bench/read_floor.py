"""The read floor: the least a build of these exports can cost.

One DuckDB query reads every file the base models read once (the full build's inventory,
stg_raw_exports__files: a contract file in place, a real system's file or a Windows-1252
file from the UTF-8 contract copy the inventory made), each with the options of its source
definition (models/staging/*/_*__sources.yml: columns as varchar, delimiter, quotes,
serial reading of files with quoted line breaks), and returns only counts. It counts the
values of every column, not just the records, so that DuckDB has to produce every field
instead of skipping the columns a bare count(*) does not need. The pages of an API (JSON)
are left out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from klantcontact.bench.duckdb_settings import DuckDBSettings


@dataclass(frozen=True)
class FileType:
    source: str
    table: str
    columns: list[str]
    delimiter: str
    multiline: bool

    @property
    def name(self) -> str:
        return f"{self.source}/{self.table}"


@dataclass(frozen=True)
class ReadFloor:
    seconds: float
    files: int
    records: int
    values: int
    records_per_file_type: dict[str, int]


def file_types(project_dir: Path) -> list[FileType]:
    """Every export file type the sources define, in a fixed order."""
    found = []
    for path in sorted(project_dir.glob("models/staging/*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                meta = table.get("config", {}).get("meta", {})
                if "delimiter" in meta:
                    found.append(
                        FileType(
                            source["name"],
                            table["name"],
                            [column["name"] for column in table["columns"]],
                            meta["delimiter"],
                            bool(meta.get("multiline")),
                        )
                    )
    return found


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class FileGroup:
    """Files of one type with one column order, as the inventory lists them."""

    file_type: FileType
    columns: list[str]
    paths: list[str]


def _select(group: FileGroup) -> str:
    file_type = group.file_type
    columns = ", ".join(f"{_quoted(column)}: 'varchar'" for column in group.columns)
    counts = " + ".join(f'count("{column}")' for column in group.columns)
    paths = ", ".join(_quoted(path) for path in group.paths)
    serial = ", parallel = false" if file_type.multiline else ""
    return (
        f"select {_quoted(file_type.name)} as file_type, count(*) as records, "
        f"{counts} as field_values\n"
        f"from read_csv([{paths}], columns = {{{columns}}}, "
        f"delim = {_quoted(file_type.delimiter)}, quote = '\"', escape = '\"', header = true, "
        "auto_detect = false, null_padding = true, nullstr = '<missing-field>', "
        f"encoding = 'utf-8'{serial})"
    )


def file_groups(project_dir: Path, database: Path) -> list[FileGroup]:
    """The CSV files the build read, from its inventory, grouped by type and header."""
    types = {(t.source, t.table): t for t in file_types(project_dir)}
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(
            "select source_name, table_name, read_columns, list(read_path order by file_path)"
            " from staging.stg_raw_exports__files"
            " where is_read and lower(read_path) like '%.csv'"
            " group by all order by all"
        ).fetchall()
    return [
        FileGroup(types[(source, table)], list(columns), list(paths))
        for source, table, columns, paths in rows
        if (source, table) in types
    ]


def measure(project_dir: Path, database: Path, settings: DuckDBSettings) -> ReadFloor:
    groups = file_groups(project_dir, database)
    query = "\nunion all\n".join(_select(group) for group in groups)
    with duckdb.connect(":memory:", config=settings.config()) as connection:
        began = time.perf_counter()
        rows = connection.sql(query).fetchall() if groups else []
        seconds = time.perf_counter() - began
    per_type: dict[str, int] = {}
    for name, records, _ in rows:
        per_type[name] = per_type.get(name, 0) + records
    return ReadFloor(
        seconds=seconds,
        files=sum(len(group.paths) for group in groups),
        records=sum(records for _, records, _ in rows),
        values=sum(values for _, _, values in rows),
        records_per_file_type=per_type,
    )
