"""Print what a build produced: rows per source, quarantine, and the headline KPIs.

Reads the database read-only, so it can run beside an open analyst session.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from klantcontact_summary.headlines import HEADLINE_KPI_CODES, HEADLINE_SQL


def _reconciliation_table(connection: duckdb.DuckDBPyConnection) -> Table:
    table = Table(title="Raw rows per export file")
    for column in ("source", "file", "raw", "staged", "quarantined", "duplicates removed"):
        table.add_column(column, justify="left" if column in ("source", "file") else "right")
    rows = connection.sql(
        """
        select source_name, file_name, raw_rows, staged_rows, quarantined_rows, duplicates_removed
        from quality.source_reconciliation
        order by source_name, file_name
        """
    ).fetchall()
    for source_name, file_name, *counts in rows:
        table.add_row(source_name, file_name, *(f"{count:,}" for count in counts))
    return table


def _quarantine_table(connection: duckdb.DuckDBPyConnection) -> Table:
    table = Table(title="Quarantined rows per reason")
    table.add_column("source")
    table.add_column("reason")
    table.add_column("rows", justify="right")
    rows = connection.sql(
        """
        select source_name, reason, count(*)
        from quality.quarantined_rows
        group by all
        order by source_name, reason
        """
    ).fetchall()
    for source_name, reason, count in rows:
        table.add_row(source_name, reason, f"{count:,}")
    return table


def _headline_table(connection: duckdb.DuckDBPyConnection) -> Table:
    table = Table(title="Headline KPIs, latest year (kpi.kpi_values, channel alle)")
    for column in ("KPI", "value", "norm", "meets norm"):
        table.add_column(column, justify="left" if column == "KPI" else "right")
    for kpi_code in HEADLINE_KPI_CODES:
        row = connection.execute(HEADLINE_SQL, [kpi_code]).fetchone()
        if row is None:
            table.add_row(kpi_code, "—", "", "no data")
            continue
        _, name, value, unit, operator, norm, meets = row
        verdict = "" if meets is None else ("[green]yes[/green]" if meets else "[red]no[/red]")
        norm_text = f"{operator} {_format(norm, unit)}" if norm is not None else "—"
        table.add_row(f"{name} ({kpi_code})", _format(value, unit), norm_text, verdict)
    return table


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "fraction":
        return f"{value:.1%}"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("KCC_DUCKDB_PATH", "klantcontact.duckdb")),
    )
    arguments = parser.parse_args(argv)
    console = Console()
    if not arguments.database.exists():
        console.print(f"[red]No database at {arguments.database}; run `make build` first.[/red]")
        return 2
    with duckdb.connect(str(arguments.database), read_only=True) as connection:
        connection.sql("set TimeZone = 'UTC'")
        console.print(_reconciliation_table(connection))
        console.print(_quarantine_table(connection))
        console.print(_headline_table(connection))
    console.print(f"Database: {arguments.database}  (query it with: duckdb {arguments.database})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
