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
from typing import Any

import yaml

from klantcontact.settings import SETTINGS, MunicipalityConfiguration

VARS_OPTION = "--vars"
# Not run: settings missing. dbt itself exits 0 (success), 1 (failures) or 2 (error).
NOT_CONFIGURED = 3


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
    env = {**os.environ, **configuration.dbt_env()}
    status = subprocess.run(dbt_command(rest, configuration, given), env=env).returncode
    if is_build(rest) and SETTINGS.target == "duckdb" and status in (0, 1):
        from klantcontact.quality.privacy_scan import run as privacy_scan

        if privacy_scan(SETTINGS.duckdb_path) != 0:
            status = 1
    return status


def is_build(args: Sequence[str]) -> bool:
    """Whether the dbt command is `build` (its first argument that is no option)."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    return command == "build"
