"""Load the raw exports into PostgreSQL (docs/postgres.md).

    python -m klantcontact.engines.postgres --raw-dir data/raw [--dsn "host=... dbname=..."]

The raw layer of a loaded engine (docs/engines.md): the file inventory of the project's
Python model stg_raw_exports__files decides which files are read and how (raw.export_files);
every export file type of the enabled sources becomes the table raw.<source>__<file> (all
columns text in the contract's order, then _file, _record_number, _line_number and
_is_truncated); raw.public_holidays holds int_public_holidays_listed. Each run truncates and
loads again. File faults are reported as `raw file <path>: <message>`; a file with an error
(e.g. a missing column) is skipped, the rest still loaded, and the exit status is 1. Start
the server first: scripts/pg.sh up (make pg-up).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import psycopg2
import yaml
from psycopg2.extensions import parse_dsn

from klantcontact.engines.postgres.load import Load, load_all
from klantcontact.raw.contract import enabled_tables, read_contract
from klantcontact.raw.python_models import public_holidays, raw_file_inventory

PROJECT_DIR = Path(__file__).resolve().parents[4]


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


def project_vars(project_dir: Path) -> dict[str, object]:
    """The vars block of dbt_project.yml."""
    document = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(document.get("vars") or {})


def default_transcode_dir(project_dir: Path) -> Path:
    """KCC_TRANSCODE_DIR, else the var transcode_dir below the project (as dbt has it)."""
    given = os.environ.get("KCC_TRANSCODE_DIR")
    if given:
        return Path(given)
    configured = project_vars(project_dir).get("transcode_dir", "target/raw_transcoded")
    return project_dir / str(configured)


def summary(load: Load, schema: str) -> str:
    loads = load.tables
    width = max([len(table.table.table_name) for table in loads] + [len("public_holidays")])
    width += len(schema) + 1
    lines = [f"{'table':<{width}}  {'rows':>9}  {'files':>5}  {'skipped':>7}"]
    for table in loads:
        lines.append(
            f"{schema + '.' + table.table.table_name:<{width}}  {table.rows:>9}  "
            f"{table.files_loaded:>5}  {table.files_skipped:>7}"
        )
    lines.append(f"{'total':<{width}}  {sum(table.rows for table in loads):>9}")
    lines.append(f"{schema + '.export_files':<{width}}  {load.export_files:>9}")
    lines.append(f"{schema + '.public_holidays':<{width}}  {load.public_holidays:>9}")
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
    parser.add_argument("--transcode-dir", type=Path, default=None,
                        help="UTF-8 copies of Windows-1252 exports (default: "
                        "KCC_TRANSCODE_DIR, else the project's var transcode_dir)")
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
    variables = project_vars(arguments.project_dir)
    # The project's own Python models decide which files are read and how (docs/engines.md).
    # Only enabled sources' files are inspected; every contract table is created, so a
    # source switched off reads as zero rows, as on DuckDB.
    inventory = raw_file_inventory(
        arguments.raw_dir.resolve(),
        (arguments.transcode_dir or default_transcode_dir(arguments.project_dir)).resolve(),
        enabled_tables(tables),
    )
    holidays = public_holidays(str(variables["calendar_start"]), str(variables["calendar_end"]))
    try:
        connection = psycopg2.connect(dsn, **password_of(dsn))
    except (psycopg2.OperationalError, psycopg2.ProgrammingError) as error:
        print(f"cannot connect to PostgreSQL ({str(error).strip()}); start it with "
              "scripts/pg.sh up",
              file=sys.stderr)
        return 2
    try:
        connection.set_client_encoding("UTF8")
        load = load_all(connection, arguments.schema, tables, inventory, holidays)
    finally:
        connection.close()
    errors = 0
    for file in inventory.sort_values("file_path").itertuples(index=False):
        for severity, message in zip(file.fault_severities, file.fault_messages, strict=True):
            if severity == "error":
                errors += 1
                print(f"raw file {file.file_path}: {message} (file skipped)", file=sys.stderr)
            else:
                print(f"raw file {file.file_path}: {message}", file=sys.stderr)
    print(summary(load, arguments.schema))
    print(f"loaded into schema {arguments.schema} in {time.monotonic() - started:.1f} s"
          + (f"; {errors} file(s) skipped with an error" if errors else ""))
    return 1 if errors else 0
