"""`klantcontact report`: the KPI dashboard of a built database as one self-contained HTML
file (docs/dashboard.md).

    klantcontact report --database klantcontact.duckdb --out reports/dashboard.html

Reads the database read-only (it can run beside an open analyst session); the page needs
no network: plotly.js is inlined once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from klantcontact.report.page import render


def write_dashboard(database: Path, out: Path) -> Path:
    """Render the dashboard of database into out (folders created); returns out."""
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.sql("set TimeZone = 'UTC'")
        html = render(connection, database.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


def run(database: Path, out: Path) -> int:
    """Write the dashboard of database into out and say where; 2 without a database."""
    if not database.exists():
        print(f"No database at {database}; run `make build` first.", file=sys.stderr)
        return 2
    started = time.monotonic()
    write_dashboard(database, out)
    size = out.stat().st_size / 1_000_000
    print(f"Dashboard: {out} ({size:.1f} MB, {time.monotonic() - started:.1f} s)")
    return 0
