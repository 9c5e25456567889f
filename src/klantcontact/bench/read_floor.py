"""The read floor: the least a build of these exports can cost.

One DuckDB query reads every raw file once, each file type with the options of its
source definition (models/staging/*/_*__sources.yml: columns as varchar, delimiter,
quotes, serial reading of files with quoted line breaks), and returns only counts. It
counts the values of every column, not just the records, so that DuckDB has to produce
every field instead of skipping the columns a bare count(*) does not need.

One difference from the build: `ignore_errors`. DuckDB 1.5's UTF-8 reader stops with an
internal error on a Windows-1252 byte; the build reads such a file from a UTF-8 copy
made by its file inventory, while the floor skips the few lines holding one.
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


def _select(file_type: FileType, raw_dir: Path) -> str:
    columns = ", ".join(f"{_quoted(column)}: 'varchar'" for column in file_type.columns)
    counts = " + ".join(f'count("{column}")' for column in file_type.columns)
    pattern = raw_dir / file_type.source / "*" / f"{file_type.table}.csv"
    serial = ", parallel = false" if file_type.multiline else ""
    return (
        f"select {_quoted(file_type.name)} as file_type, count(*) as records, "
        f"{counts} as field_values\n"
        f"from read_csv({_quoted(str(pattern))}, columns = {{{columns}}}, "
        f"delim = {_quoted(file_type.delimiter)}, quote = '\"', escape = '\"', header = true, "
        "auto_detect = false, null_padding = true, nullstr = '<missing-field>', "
        f"encoding = 'utf-8', ignore_errors = true{serial})"
    )


def measure(project_dir: Path, raw_dir: Path, settings: DuckDBSettings) -> ReadFloor:
    present = [
        file_type
        for file_type in file_types(project_dir)
        if any((raw_dir / file_type.source).glob(f"*/{file_type.table}.csv"))
    ]
    files = sum(
        len(list((raw_dir / file_type.source).glob(f"*/{file_type.table}.csv")))
        for file_type in present
    )
    query = "\nunion all\n".join(_select(file_type, raw_dir) for file_type in present)
    with duckdb.connect(":memory:", config=settings.config()) as connection:
        began = time.perf_counter()
        rows = connection.sql(query).fetchall()
        seconds = time.perf_counter() - began
    return ReadFloor(
        seconds=seconds,
        files=files,
        records=sum(records for _, records, _ in rows),
        values=sum(values for _, _, values in rows),
        records_per_file_type={name: records for name, records, _ in rows},
    )
