"""Run the project's two Python models outside dbt, for the loaders of PostgreSQL and Spark.

The models stay the one place that inspects raw files and lists holidays: they are imported
from models/ by path and called with a stand-in for dbt's `dbt` object and an in-memory
DuckDB connection as `session` (their only use of it is scratch tables).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pandas as pd

from klantcontact.raw.contract import ContractTable
from klantcontact.settings import SETTINGS

FILES_MODEL = SETTINGS.project_dir / "models/staging/raw_exports/stg_raw_exports__files.py"
HOLIDAYS_MODEL = SETTINGS.project_dir / "models/intermediate/calendar/int_public_holidays_listed.py"


class _ModelConfig:
    """dbt.config: config(...) calls are ignored, meta_get reads the given meta."""

    def __init__(self, meta: dict[str, str]) -> None:
        self._meta = meta

    def __call__(self, **_: Any) -> None:
        return None

    def meta_get(self, key: str) -> str:
        return self._meta[key]


class _Dbt:
    """The part of dbt's `dbt` object the two models use: config, ref, a full refresh."""

    is_incremental = False
    this = None

    def __init__(self, meta: dict[str, str], refs: dict[str, Any]) -> None:
        self.config = _ModelConfig(meta)
        self._refs = refs

    def ref(self, name: str) -> Any:
        return self._refs[name]


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the Python model {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def raw_file_inventory(
    raw_dir: Path, transcode_dir: Path, tables: Iterable[ContractTable]
) -> pd.DataFrame:
    """stg_raw_exports__files for `tables` (the enabled sources' export files): one row per
    CSV file under raw_dir, with its faults and whether it is read."""
    session = duckdb.connect()
    try:
        session.execute(
            "create table expected_columns (source_name varchar, table_name varchar,"
            " file_name varchar, field_delimiter varchar, is_multiline boolean,"
            " column_position integer, column_name varchar)"
        )
        rows = [
            (table.source, table.name, table.file_name, table.delimiter, table.multiline,
             position, column)
            for table in tables
            for position, column in enumerate(table.columns, start=1)
        ]  # fmt: skip
        if rows:
            session.executemany("insert into expected_columns values (?, ?, ?, ?, ?, ?, ?)", rows)
        dbt = _Dbt(
            {"raw_dir": str(raw_dir), "transcode_dir": str(transcode_dir)},
            {"stg_raw_exports__columns": session.table("expected_columns")},
        )
        return _module(FILES_MODEL).model(dbt, session).df()
    finally:
        session.close()


def public_holidays(calendar_start: str, calendar_end: str) -> pd.DataFrame:
    """int_public_holidays_listed: the CAO holidays between the calendar vars' years."""
    dbt = _Dbt({"calendar_start": calendar_start, "calendar_end": calendar_end}, {})
    return _module(HOLIDAYS_MODEL).model(dbt, None)
