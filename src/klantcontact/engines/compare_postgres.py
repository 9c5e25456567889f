"""`klantcontact compare postgres`: a PostgreSQL build against a DuckDB build of the same
exports (docs/engines.md).

    klantcontact compare postgres --duckdb build/test.duckdb [--dsn ...] [--all]

kpi.kpi_values must be identical (klantcontact.engines.compare: every key, numbers to
1e-9) and the core facts must have the same row counts. With --all every table both
databases hold is compared by its rows (numbers rounded to 9 significant digits, lineage
that differs by construction left out), which finds the model where the engines start to
differ. Exit status 0 only when kpi_values and the fact counts agree.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from klantcontact.engines.compare import differences
from klantcontact.engines.postgres.connection import connect

KPI_VALUES = "kpi.kpi_values"
FACTS = (
    "core.fact_contact", "core.fact_case", "core.fact_case_status", "core.fact_callback",
    "core.fact_survey_response", "core.fact_web_page_day", "core.fact_web_search_day",
)  # fmt: skip
# Lineage that differs by construction: the run's start time, absolute paths.
VOLATILE_COLUMNS = {"_loaded_at", "read_path", "dbt_valid_from", "dbt_valid_to",
                    "dbt_updated_at", "dbt_scd_id", "file_version", "_file_version"}


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def _value(value: Any) -> Any:
    """One cell in a form both engines share: numbers as float, instants in UTC, lists as tuples."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, list | tuple):
        return tuple(_value(item) for item in value)
    return value


class DuckDB:
    def __init__(self, path: Path) -> None:
        self.connection = duckdb.connect(str(path), read_only=True)
        self.connection.execute("set timezone = 'UTC'")

    def tables(self) -> set[str]:
        rows = self.connection.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_type = 'BASE TABLE'"
        ).fetchall()
        return {name for (name,) in rows}

    def frame(self, relation: str) -> pd.DataFrame:
        return self.connection.sql(f"select * from {relation}").df()

    def read(self, relation: str) -> Table:
        cursor = self.connection.execute(f"select * from {relation}")
        columns = [column[0].lower() for column in cursor.description]
        return Table(columns, [tuple(map(_value, row)) for row in cursor.fetchall()])


class Postgres:
    def __init__(self, dsn: str | None) -> None:
        self.connection = connect(dsn)
        self.connection.set_session(readonly=True, autocommit=True)
        with self.connection.cursor() as cursor:
            cursor.execute("set timezone = 'UTC'")

    def tables(self) -> set[str]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "select table_schema || '.' || table_name from information_schema.tables"
                " where table_type = 'BASE TABLE'"
                " and table_schema not in ('pg_catalog', 'information_schema', 'raw')"
            )
            return {name for (name,) in cursor.fetchall()}

    def frame(self, relation: str) -> pd.DataFrame:
        with self.connection.cursor() as cursor:
            cursor.execute(f"select * from {relation}")
            columns = [column.name for column in cursor.description]
            return pd.DataFrame(cursor.fetchall(), columns=columns)

    def read(self, relation: str) -> Table:
        with self.connection.cursor() as cursor:
            cursor.execute(f"select * from {relation}")
            columns = [column.name.lower() for column in cursor.description]
            return Table(columns, [tuple(map(_value, row)) for row in cursor.fetchall()])


def _rounded(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value) and value != 0:
        return float(f"{value:.9g}")
    return value


def compare_rows(duck: Table, pg: Table) -> str | None:
    """None when both hold the same rows (numbers to 9 significant digits), else a summary."""
    if len(duck.rows) != len(pg.rows):
        return f"rows: duckdb {len(duck.rows)}, postgres {len(pg.rows)}"
    common = [c for c in duck.columns if c in pg.columns and c not in VOLATILE_COLUMNS]
    missing = sorted(set(duck.columns) ^ set(pg.columns))
    at_duck = [duck.columns.index(c) for c in common]
    at_pg = [pg.columns.index(c) for c in common]
    left = Counter(tuple(_rounded(row[i]) for i in at_duck) for row in duck.rows)
    right = Counter(tuple(_rounded(row[i]) for i in at_pg) for row in pg.rows)
    if left == right:
        return f"columns only on one side: {missing}" if missing else None
    differing = [
        column for n, column in enumerate(common)
        if Counter(key[n] for key in left.elements()) != Counter(key[n] for key in right.elements())
    ]  # fmt: skip
    return f"{sum((left - right).values())} rows differ; columns: {differing}"


def run(duckdb_path: Path, dsn: str | None, every_table: bool) -> int:
    """Print the differences; 0 only when kpi_values and the fact counts agree. dsn None:
    the loader's server; every_table: also compare every table both databases hold."""
    duck, pg = DuckDB(duckdb_path), Postgres(dsn)
    failures = 0
    kpi_duck, kpi_pg = duck.frame(KPI_VALUES), pg.frame(KPI_VALUES)
    problems = differences(kpi_duck, kpi_pg)
    print(f"{KPI_VALUES}: duckdb {len(kpi_duck)} rows, postgres {len(kpi_pg)} rows, "
          f"{len(problems)} differences")
    for problem in problems[:50]:
        print(f"  {problem}")
    failures += bool(problems)
    for relation in FACTS:
        left, right = duck.read(relation), pg.read(relation)
        same = len(left.rows) == len(right.rows)
        print(f"{relation}: duckdb {len(left.rows)} rows, postgres {len(right.rows)} rows"
              + ("" if same else "  DIFFERENT"))
        failures += not same
    if every_table:
        for relation in sorted(duck.tables() & pg.tables()):
            difference = compare_rows(duck.read(relation), pg.read(relation))
            if difference:
                print(f"{relation}: {difference}")
        for relation in sorted(duck.tables() ^ pg.tables()):
            print(f"{relation}: only in {'duckdb' if relation in duck.tables() else 'postgres'}")
    print("identical" if not failures else "DIFFERENT")
    return 1 if failures else 0
