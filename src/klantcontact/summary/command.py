"""`klantcontact summary`: what a build produced, the quality report (rows, quarantine,
file faults, freshness, tests) and the headline KPIs.

Reads the database read-only, so it can run beside an open analyst session. The one
exception is --run-results: dbt's test results exist only after `dbt build` has finished,
so no dbt model can hold them; this command imports them into quality.build_test_results
(see run_results.py) over a short read-write connection, closed before anything is read.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from klantcontact.settings import SETTINGS
from klantcontact.summary.configuration import configuration_line, run_vars
from klantcontact.summary.headlines import (
    HEADLINE_KPI_CODES,
    HEADLINE_SQL,
    NORM_PROFILES_SQL,
    norm_profile_label,
)
from klantcontact.summary.run_results import read_test_results, write_test_results
from klantcontact.summary.sources import no_exports_lines

_STATUS_STYLE = {"fresh": "green", "warn": "yellow", "stale": "red"}


def _quality_report_table(connection: duckdb.DuckDBPyConnection) -> Table:
    table = Table(title="Quality report per source (quality.quality_report)")
    columns = ("source", "files", "skipped", "raw rows", "staged", "quarantined",
               "duplicates", "file faults", "freshness")
    for column in columns:
        table.add_column(column, justify="left" if column in ("source", "freshness") else "right")
    rows = connection.sql(
        """
        select source_name, files_read, files_skipped, raw_rows, staged_rows,
            quarantined_rows, duplicates_removed, file_errors, file_warnings,
            freshness_status, days_since_latest_export
        from quality.quality_report
        order by source_name
        """
    ).fetchall()
    for source_name, *counts, errors, warnings, status, age in rows:
        faults = [f"[red]{errors} error(s)[/red]"] if errors else []
        faults += [f"[yellow]{warnings} warning(s)[/yellow]"] if warnings else []
        style = _STATUS_STYLE.get(status, "")
        days = "" if age is None else f" ({age} d)"
        table.add_row(
            source_name,
            *(f"{count:,}" for count in counts),
            ", ".join(faults) or "—",
            f"[{style}]{status}[/{style}]{days}" if style else status,
        )
    return table


def _file_faults(connection: duckdb.DuckDBPyConnection) -> Table | str:
    """Every file-level fault, or one line saying there were none."""
    rows = connection.sql(
        """
        select severity, file_path, fault_kind, message, is_skipped
        from quality.raw_file_faults
        order by case severity when 'error' then 0 else 1 end, file_path, fault_number
        """
    ).fetchall()
    if not rows:
        return "[green]No file-level faults in the raw exports[/green] (quality.raw_file_faults)"
    table = Table(title=f"Raw file faults: {len(rows):,} (quality.raw_file_faults)")
    for column in ("severity", "file", "fault", "message", "skipped"):
        table.add_column(column, overflow="fold")
    for severity, file_path, kind, message, is_skipped in rows:
        style = "red" if severity == "error" else "yellow"
        table.add_row(
            f"[{style}]{severity}[/{style}]", file_path, kind, message, "yes" if is_skipped else ""
        )
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


def _test_results(connection: duckdb.DuckDBPyConnection) -> Table | str:
    """The tests that did not pass, or one line saying they all did."""
    total, passed = connection.sql(
        "select count(*), count(*) filter (where status = 'pass') from quality.build_test_results"
    ).fetchone()
    if total == passed:
        return f"[green]All {total:,} tests passed[/green] (quality.build_test_results)"
    table = Table(
        title=f"Failed or warning tests: {total - passed:,} of {total:,} "
        "(quality.build_test_results)"
    )
    for column in ("status", "test", "model", "failures", "message"):
        table.add_column(column, justify="right" if column == "failures" else "left")
    rows = connection.sql(
        """
        select status, test_name, tested_model, failures, message
        from quality.build_test_results
        where status <> 'pass'
        order by case status when 'error' then 0 when 'fail' then 1 when 'warn' then 2
            else 3 end, test_name
        """
    ).fetchall()
    for status, test_name, model, failures, message in rows:
        style = "yellow" if status == "warn" else "red"
        table.add_row(
            f"[{style}]{status}[/{style}]",
            test_name,
            model or "",
            "" if failures is None else f"{failures:,}",
            message or "",
        )
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


def _norm_profile(connection: duckdb.DuckDBPyConnection) -> str:
    """The norm profiles the headline norms come from, as one line."""
    profiles = [name for (name,) in connection.sql(NORM_PROFILES_SQL).fetchall()]
    return f"{norm_profile_label(profiles)} (core.dim_norm_profile)"


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "fraction":
        return f"{value:.1%}"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def run(database: Path, run_results: Path | None, raw_dir: Path | None = None) -> int:
    """Print the summary of database; with run_results, import dbt's test results first.
    2 when either file is missing. Source folders of raw_dir (default KCC_RAW_DIR) without
    an export yet get a line each."""
    # Piped into make's log or CI, rich would assume 80 columns and cut file paths.
    console = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160)
    if not database.exists():
        console.print(f"[red]No database at {database}; run `make build` first.[/red]")
        return 2
    if run_results is not None:
        if not run_results.exists():
            console.print(f"[red]No dbt run results at {run_results}.[/red]")
            return 2
        write_test_results(database, read_test_results(run_results))
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.sql("set TimeZone = 'UTC'")
        sections = [_quality_report_table, _quarantine_table, _file_faults]
        if run_results is not None:
            sections.append(_test_results)
        sections += [_headline_table, _norm_profile]
        build_vars = run_vars(run_results)
        for line in no_exports_lines(raw_dir or SETTINGS.raw_dir):
            console.print(f"[yellow]{line}[/yellow]")

        def _configuration(db: duckdb.DuckDBPyConnection) -> str:
            """Whose build this is: municipality, its settings' source, closing days."""
            return configuration_line(db, build_vars)

        sections.append(_configuration)
        for section in sections:
            # After a failed build some relations are missing: report the rest.
            try:
                console.print(section(connection))
            except duckdb.CatalogException as missing:
                console.print(f"[yellow]{section.__name__.strip('_')}: not built "
                              f"({str(missing).splitlines()[0]})[/yellow]")
    # The duckdb-cli package installs the shell next to this interpreter (the venv's bin).
    shell = Path(sys.executable).parent / "duckdb"
    # Quoted for the shell: the path may hold spaces or quotes.
    query = (
        f"{shlex.quote(str(shell))} -readonly {shlex.quote(str(database))}"
        if shell.exists()
        else "docs/querying.md"
    )
    console.print(f"Database: {database}  (query it with: {query})")
    return 0
