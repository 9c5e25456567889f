"""The summary's configuration line: which municipality a build is of, where its settings
came from and the closing days of its own in force (docs/configuration.md, "Whose settings
a build uses").

Name and CBS code come from core.dim_municipality and the closing days from core.dim_date,
both in the database. The source of the configuration is not a fact of the data: `klantcontact
dbt` (`make build`) passes it to dbt as var municipality_configuration, and dbt writes its
vars into target/run_results.json, so it is read from there when --run-results is given.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

# The own closing days (not the CAO holidays) in the years the KPIs cover.
CLOSING_DAYS_SQL = """
    select date_day
    from core.dim_date
    where is_extra_closing_day
        and year in (
            select distinct extract(year from period_start)
            from kpi.kpi_values
            where period_grain = 'year'
        )
    order by date_day
"""


def run_vars(run_results: Path | None) -> dict[str, object]:
    """The vars dbt ran with (args.vars of run_results.json); empty without the file."""
    if run_results is None or not run_results.exists():
        return {}
    args = json.loads(run_results.read_text(encoding="utf-8")).get("args") or {}
    found = args.get("vars") or {}
    return found if isinstance(found, dict) else {}


def configuration_label(
    name: str, code: str, source: str | None, seed: str | None, closing_days: list[dt.date]
) -> str:
    """'Gemeente: Voorbeeldstad (CBS 0307); configuratie: demo; eigen sluitingsdagen
    (closing_days_demo): 2025-05-30, 2025-12-31'."""
    configured = source or "niet vastgelegd (alleen met --run-results van de build)"
    seed_text = f" ({seed})" if seed and seed != "none" else ""
    days = (
        ", ".join(day.isoformat() for day in closing_days)
        if closing_days
        else "geen, alleen de acht CAO-feestdagen"
    )
    return (
        f"Gemeente: {name} (CBS {code}); configuratie: {configured}; "
        f"eigen sluitingsdagen{seed_text}: {days}"
    )


def configuration_line(connection: duckdb.DuckDBPyConnection, vars_: dict[str, object]) -> str:
    name, code = connection.sql(
        "select gemeente_name, gemeente_code from core.dim_municipality"
    ).fetchone()
    closing_days = [day for (day,) in connection.sql(CLOSING_DAYS_SQL).fetchall()]
    source = vars_.get("municipality_configuration")
    seed = vars_.get("closing_days_seed")
    return configuration_label(
        name, code, None if source is None else str(source),
        None if seed is None else str(seed), closing_days,
    )  # fmt: skip
