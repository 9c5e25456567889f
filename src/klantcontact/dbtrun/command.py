"""`klantcontact dbt ARGS...`: run dbt with the municipality configuration of the exports.

`make build` runs dbt through this command. It resolves the municipality configuration
of the raw folder (klantcontact.settings.municipality_configuration: --vars, environment,
klantcontact.env, dbt_project.yml, and the demo's values for the demo's exports only),
prints it, and refuses (exit 3, naming what is missing; dbt's own exit codes are 0-2) to
build exports that are not the demo's without a name, a CBS code and a pseudonym key of
their own. Otherwise dbt gets the
resolved settings as --vars (merged under the caller's own --vars, which win) and the
pseudonym key in its environment, never on its command line: dbt writes its arguments into
target/run_results.json.

Checks before dbt starts. A database file name with a quote is refused (exit 3):
dbt-duckdb names the database after the file and pastes that name into SQL unescaped. The
DuckDB database must not be held open by another
program (a DuckDB UI or shell, DBeaver, Excel or Power BI over ODBC, a Python or notebook
session, another build): DuckDB lets one process write a database file, and dbt would stop
at its first model with a lock error, so the command refuses at once (exit 4), names the
program holding the lock and what to do, and changes nothing. And a source folder that
exists but holds no export yet gets one line saying its KPIs are absent, as they are for a
missing folder (klantcontact.summary.sources).

After `dbt build` on DuckDB (dbt exit 0 or 1) it runs the privacy scan
(klantcontact.quality.privacy_scan) over every table and view outside the staging schemas
of the database it built: a finding (schema.table.column, kind, rows; never the value)
makes the command exit 1 even when dbt passed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import yaml

from klantcontact.quality.privacy_scan import run as privacy_scan
from klantcontact.settings import SETTINGS, MunicipalityConfiguration
from klantcontact.summary.sources import no_exports_lines

VARS_OPTION = "--vars"
# Not run: settings missing. dbt itself exits 0 (success), 1 (failures) or 2 (error).
NOT_CONFIGURED = 3
# Not run: another program holds the DuckDB database open.
DATABASE_IN_USE = 4
# dbt commands that never open the database.
_WITHOUT_DATABASE = frozenset({"clean", "debug", "deps", "init", "list", "ls", "parse"})


def split_vars(args: Sequence[str]) -> tuple[list[str], dict[str, Any]]:
    """args without their --vars option (`--vars X` or `--vars=X`), and its value parsed
    (YAML, as dbt reads it). ValueError when it is not a mapping."""
    rest: list[str] = []
    given: dict[str, Any] = {}
    items = iter(args)
    for arg in items:
        if arg == VARS_OPTION:
            text = next(items, "")
        elif arg.startswith(VARS_OPTION + "="):
            text = arg.partition("=")[2]
        else:
            rest.append(arg)
            continue
        parsed = yaml.safe_load(text) if text.strip() else {}
        if not isinstance(parsed, dict):
            raise ValueError(f"{VARS_OPTION} must be a YAML mapping, got {text!r}")
        given.update(parsed)
    return rest, given


def dbt_command(
    args: Sequence[str], configuration: MunicipalityConfiguration, given: dict[str, Any]
) -> list[str]:
    """The dbt command line: args, then --vars with the configuration under `given`."""
    if not args:
        return [str(SETTINGS.dbt)]
    merged = {**configuration.dbt_vars(), **given}
    return [str(SETTINGS.dbt), *args, VARS_OPTION, json.dumps(merged, ensure_ascii=False)]


def database_path() -> Path | None:
    """The DuckDB file dbt will open (profiles.yml: KCC_DUCKDB_PATH, relative to the
    working folder), or None on another engine."""
    if SETTINGS.target != "duckdb":
        return None
    return Path(os.environ.get("KCC_DUCKDB_PATH") or "klantcontact.duckdb").absolute()


def database_in_use(database: Path) -> str | None:
    """Why dbt could not open `database` for writing (another process holds its lock), or
    None. Opening takes the same lock dbt would; a database that does not exist yet is
    left uncreated."""
    if not database.exists():
        return None
    try:
        duckdb.connect(str(database)).close()
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        return str(error).splitlines()[0]
    return None


def database_name_problem(database: Path) -> str | None:
    """Why dbt-duckdb can not build into a file of this name, or None. It names the
    database after the file (its stem) and pastes that name into its own SQL unescaped, so
    a quote there breaks every query; the folders above may hold any character."""
    if "'" in database.stem or '"' in database.stem:
        return (
            f"the database file name {database.name!r} holds a quote, which dbt-duckdb can "
            "not handle; rename the file (KCC_DUCKDB_PATH), the folder may keep its name"
        )
    return None


def in_use_message(database: Path, reason: str) -> str:
    return (
        f"ERROR: not running dbt: the database {database} is open in another program.\n"
        f"  DuckDB: {reason}\n"
        "  Close that program's connection first (a DuckDB UI or duckdb shell, DBeaver, "
        "Excel or Power BI, a Python or notebook session, or a build still running), then "
        "run again. Nothing was changed.\n"
        "  De database is in gebruik door een ander programma: sluit dat (DuckDB UI, "
        "DBeaver, Excel, Python-sessie) en start de build opnieuw. Er is niets gewijzigd."
    )


def _subcommand(args: Sequence[str]) -> str | None:
    """The dbt command (`build`, `run`, `show`, ...): the first argument that is no option."""
    return next((arg for arg in args if not arg.startswith("-")), None)


def _opens_database(args: Sequence[str]) -> bool:
    command = _subcommand(args)
    return command is not None and command not in _WITHOUT_DATABASE


def run(args: Sequence[str]) -> int:
    try:
        rest, given = split_vars(args)
    except (ValueError, yaml.YAMLError) as error:
        print(f"klantcontact dbt: {error}", file=sys.stderr)
        return NOT_CONFIGURED
    configuration = SETTINGS.municipality(given)
    print("\n".join(configuration.describe()), flush=True)
    problem = configuration.problem()
    if problem:
        print(f"ERROR: not running dbt: {problem}", file=sys.stderr)
        return NOT_CONFIGURED
    database = database_path() if _opens_database(rest) else None
    name_problem = database_name_problem(database) if database else None
    if name_problem:
        print(f"ERROR: not running dbt: {name_problem}", file=sys.stderr)
        return NOT_CONFIGURED
    reason = database_in_use(database) if database else None
    if database and reason:
        print(in_use_message(database, reason), file=sys.stderr)
        return DATABASE_IN_USE
    for line in no_exports_lines(SETTINGS.raw_dir):
        print(line, flush=True)
    env = {**os.environ, **configuration.dbt_env()}
    status = subprocess.run(dbt_command(rest, configuration, given), env=env).returncode
    if is_build(rest) and database and status in (0, 1):
        if privacy_scan(database) != 0:
            status = 1
    return status


def is_build(args: Sequence[str]) -> bool:
    """Whether the dbt command is `build`, after which the privacy scan runs."""
    return _subcommand(args) == "build"
