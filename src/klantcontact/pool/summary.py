"""The short report after a pooled build: per municipality its schema prefix and its rows
of pooled.pooled_kpi_values, next to how long its build took."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from klantcontact.pool.builds import Run

POOLED_SCHEMA = "pooled"


@dataclass(frozen=True)
class PooledMunicipality:
    code: str
    name: str
    schema_prefix: str
    kpi_rows: int
    kpis: int
    first_period: date | None
    last_period: date | None


def pooled_municipalities(database: Path) -> list[PooledMunicipality]:
    """Every municipality of pooled_dim_municipality with its pooled_kpi_values rows."""
    with duckdb.connect(str(database), read_only=True) as connection:
        # Qualified with the catalog: a database file named pooled.duckdb is catalog
        # "pooled", and pooled.<table> would be ambiguous.
        (catalog,) = connection.execute("select current_database()").fetchone() or ("",)
        schema = f'"{catalog}".{POOLED_SCHEMA}'
        rows = connection.execute(
            f"""
            select
                municipalities.gemeente_code,
                municipalities.gemeente_name,
                municipalities.schema_prefix,
                count(kpis.kpi_code),
                count(distinct kpis.kpi_code),
                min(kpis.period_start),
                max(kpis.period_start)
            from {schema}.pooled_dim_municipality as municipalities
            left join {schema}.pooled_kpi_values as kpis
                on municipalities.gemeente_code = kpis.gemeente_code
            group by all
            order by municipalities.gemeente_code
            """
        ).fetchall()
    return [PooledMunicipality(*row) for row in rows]


def print_summary(
    console: Console, database: Path, found: Sequence[PooledMunicipality], runs: Sequence[Run]
) -> None:
    seconds = {run.label.split(" ", 1)[0]: run.seconds for run in runs}
    table = Table(title=f"Pooled warehouse {database}", title_justify="left")
    table.add_column("gemeente")
    table.add_column("name")
    table.add_column("schemas")
    table.add_column("kpi rows", justify="right")
    table.add_column("kpis", justify="right")
    table.add_column("periods", no_wrap=True)
    table.add_column("build", justify="right")
    for municipality in found:
        periods = (
            f"{municipality.first_period}..{municipality.last_period}"
            if municipality.first_period
            else "-"
        )
        built = seconds.get(municipality.code)
        table.add_row(
            municipality.code,
            municipality.name,
            f"{municipality.schema_prefix}*",
            f"{municipality.kpi_rows:,}",
            str(municipality.kpis),
            periods,
            f"{built:.0f} s" if built is not None else "-",
        )
    console.print(table)
    console.print(
        f"Query side by side: select * from {POOLED_SCHEMA}.pooled_kpi_values; each "
        "municipality's own star schema: <schemas>core, its KPIs: <schemas>kpi."
    )
