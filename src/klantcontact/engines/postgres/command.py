"""`klantcontact load postgres`: the raw exports into PostgreSQL (docs/postgres.md).

    klantcontact load postgres --raw-dir data/raw [--dsn "host=... dbname=..."]

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

import sys
import time
from pathlib import Path

import psycopg2

from klantcontact.engines.postgres.connection import connect
from klantcontact.engines.postgres.load import Load, load_all
from klantcontact.raw.contract import enabled_tables, read_contract
from klantcontact.raw.python_models import public_holidays, raw_file_inventory
from klantcontact.settings import SETTINGS


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


def run(
    raw_dir: Path, dsn: str | None, schema: str, project_dir: Path, transcode_dir: Path | None
) -> int:
    """Load the exports of raw_dir into schema; dsn None: SETTINGS.pg_dsn, transcode_dir
    None: the project's. 1 when a file was skipped with an error, 2 when nothing could be
    loaded (no folder, no contract, no server)."""
    if not raw_dir.is_dir():
        print(f"--raw-dir {raw_dir} is not a folder", file=sys.stderr)
        return 2
    tables = read_contract(project_dir)
    if not tables:
        print(f"no export contract under {project_dir}/models/staging", file=sys.stderr)
        return 2
    started = time.monotonic()
    project = SETTINGS.for_project(project_dir)
    variables = project.project_vars
    # The project's own Python models decide which files are read and how (docs/engines.md).
    # Only enabled sources' files are inspected; every contract table is created, so a
    # source switched off reads as zero rows, as on DuckDB.
    inventory = raw_file_inventory(
        raw_dir.resolve(),
        (transcode_dir or project.transcode_dir).resolve(),
        enabled_tables(tables),
    )
    holidays = public_holidays(str(variables["calendar_start"]), str(variables["calendar_end"]))
    try:
        connection = connect(dsn)
    except (psycopg2.OperationalError, psycopg2.ProgrammingError) as error:
        print(f"cannot connect to PostgreSQL ({str(error).strip()}); start it with "
              "scripts/pg.sh up",
              file=sys.stderr)
        return 2
    try:
        connection.set_client_encoding("UTF8")
        load = load_all(connection, schema, tables, inventory, holidays)
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
    print(summary(load, schema))
    print(f"loaded into schema {schema} in {time.monotonic() - started:.1f} s"
          + (f"; {errors} file(s) skipped with an error" if errors else ""))
    return 1 if errors else 0
