"""Load the raw exports into PostgreSQL (docs/postgres.md).

    python -m klantcontact_pg_load --raw-dir data/raw [--dsn "host=... dbname=..."]

Every export file type of the contract (models/staging/*/_*__sources.yml) becomes the table
raw.<source>__<file>: all columns text in the contract's order, plus _file (path below
raw_dir) and _line_number (physical line where the record starts; header = line 1). Each
run truncates and loads again. File faults are reported as `raw file <path>: <message>`;
a file with an error (e.g. a missing column) is skipped, the rest still loaded, and the
exit status is 1. Start the server first: scripts/pg.sh up (make pg-up).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2.extensions import parse_dsn

from klantcontact_pg_load.load import TableLoad, load_all, unknown_files
from klantcontact_raw.contract import read_contract

PROJECT_DIR = Path(__file__).resolve().parents[2]


def default_dsn() -> str:
    """The server of scripts/pg.sh: KCC_PG_DSN, else 127.0.0.1:KCC_PG_PORT as klantcontact."""
    given = os.environ.get("KCC_PG_DSN")
    if given:
        return given
    return (
        f"host=127.0.0.1 port={os.environ.get('KCC_PG_PORT', '55432')} "
        "dbname=klantcontact user=klantcontact"
    )


def password_of(dsn: str) -> dict[str, str]:
    """KCC_PG_PASSWORD (default klantcontact) unless the DSN or PGPASSWORD gives one."""
    if "password" in parse_dsn(dsn) or "PGPASSWORD" in os.environ:
        return {}
    return {"password": os.environ.get("KCC_PG_PASSWORD", "klantcontact")}


def summary(loads: list[TableLoad]) -> str:
    width = max(len(load.table.table_name) for load in loads) + len("raw.")
    lines = [f"{'table':<{width}}  {'rows':>9}  {'files':>5}  {'skipped':>7}"]
    for load in loads:
        lines.append(
            f"{'raw.' + load.table.table_name:<{width}}  {load.rows:>9}  "
            f"{load.files_loaded:>5}  {load.files_skipped:>7}"
        )
    lines.append(f"{'total':<{width}}  {sum(load.rows for load in loads):>9}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--raw-dir", type=Path, required=True,
                        help="folder with <source>/<export-date>/<file>.csv")
    parser.add_argument("--dsn", default=None,
                        help="libpq connection string (default: KCC_PG_DSN, else the "
                        "scripts/pg.sh server on 127.0.0.1:KCC_PG_PORT); the password comes "
                        "from KCC_PG_PASSWORD when neither the DSN nor PGPASSWORD gives one")
    parser.add_argument("--schema", default="raw", help="target schema (default: raw)")
    parser.add_argument("--project-dir", type=Path, default=PROJECT_DIR,
                        help="the dbt project whose sources YAML is the contract")
    arguments = parser.parse_args(argv)
    if not arguments.raw_dir.is_dir():
        print(f"--raw-dir {arguments.raw_dir} is not a folder", file=sys.stderr)
        return 2
    tables = read_contract(arguments.project_dir)
    if not tables:
        print(f"no export contract under {arguments.project_dir}/models/staging", file=sys.stderr)
        return 2
    dsn = arguments.dsn or default_dsn()
    started = time.monotonic()
    try:
        connection = psycopg2.connect(dsn, **password_of(dsn))
    except (psycopg2.OperationalError, psycopg2.ProgrammingError) as error:
        print(f"cannot connect to PostgreSQL ({str(error).strip()}); start it with "
              "scripts/pg.sh up",
              file=sys.stderr)
        return 2
    try:
        connection.set_client_encoding("UTF8")
        loads = load_all(connection, arguments.schema, arguments.raw_dir, tables)
    finally:
        connection.close()
    errors = 0
    for path in unknown_files(arguments.raw_dir, tables):
        print(f"raw file {path}: not a file of the export contract; ignored", file=sys.stderr)
    for load in loads:
        for file in load.files:
            for warning in file.warnings:
                print(f"raw file {file.path}: {warning}", file=sys.stderr)
            if file.error:
                errors += 1
                print(f"raw file {file.path}: {file.error} (file skipped)", file=sys.stderr)
    print(summary(loads))
    print(f"loaded into schema {arguments.schema} in {time.monotonic() - started:.1f} s"
          + (f"; {errors} file(s) skipped with an error" if errors else ""))
    return 1 if errors else 0
