"""Write the KPI dashboard of a built database as one self-contained HTML file.

    python -m klantcontact.report --database klantcontact.duckdb --out reports/dashboard.html

Reads the database read-only (it can run beside an open analyst session); the page needs
no network: plotly.js is inlined once.
"""

from __future__ import annotations

import argparse
import os
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("KCC_DUCKDB_PATH", "klantcontact.duckdb")),
        help="built database (default: $KCC_DUCKDB_PATH or klantcontact.duckdb)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("reports/dashboard.html"),
        help="HTML file to write (default: reports/dashboard.html)",
    )
    arguments = parser.parse_args(argv)
    if not arguments.database.exists():
        print(f"No database at {arguments.database}; run `make build` first.", file=sys.stderr)
        return 2
    started = time.monotonic()
    out = write_dashboard(arguments.database, arguments.out)
    size = out.stat().st_size / 1_000_000
    print(f"Dashboard: {out} ({size:.1f} MB, {time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
