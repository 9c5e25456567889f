"""The dbt runs of a pooled warehouse: one `dbt build` per municipality into its own
schema set, then `dbt build --select models/pooled`.

Each run is a subprocess of the venv's dbt, one after the other (DuckDB allows one
writer per database file). A municipality's run gets its raw folder (KCC_RAW_DIR), the
schema prefix gm<code>_ (KCC_SCHEMA_PREFIX), its code and name as dbt vars, and a
transcode folder of its own, so its UTF-8 copies of Windows-1252 exports can be removed
with the rest of its data. Its incremental state (the raw file inventory, the base
tables) lives in its own schemas, so municipalities never see each other's files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from klantcontact.pool.municipalities import Municipality
from klantcontact.settings import SETTINGS

POOLED_SELECTOR = "models/pooled"


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float
    returncode: int
    log: Path


def _base_env(database: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(SETTINGS.profiles_dir),
        "DBT_PROJECT_DIR": str(SETTINGS.project_dir),
        "KCC_DUCKDB_PATH": str(database),
    }
    # A prefix set for single builds must not leak into the pooled ones.
    env.pop("KCC_SCHEMA_PREFIX", None)
    return env


def transcode_dir(municipality: Municipality) -> Path:
    """<KCC_TRANSCODE_DIR or target/raw_transcoded>/gm<code>: one folder per municipality."""
    return SETTINGS.transcode_dir / municipality.schema_prefix.rstrip("_")


def municipality_env(database: Path, municipality: Municipality) -> dict[str, str]:
    env = _base_env(database)
    env["KCC_RAW_DIR"] = str(municipality.raw_dir)
    env["KCC_SCHEMA_PREFIX"] = municipality.schema_prefix
    env["KCC_TRANSCODE_DIR"] = str(transcode_dir(municipality))
    # A pseudonym key per municipality when given (KCC_PSEUDONYM_KEY_0307), so the same
    # phone number gets unrelated pseudonyms in two municipalities.
    own_key = SETTINGS.pseudonym_keys.get(municipality.code)
    if own_key:
        env["KCC_PSEUDONYM_KEY"] = own_key
    return env


def municipality_vars(
    municipality: Municipality, extra: dict[str, object] | None = None
) -> dict[str, object]:
    return {
        "municipality_cbs_code": municipality.code,
        "municipality_name": municipality.name,
        **(extra or {}),
    }


def _run(
    label: str,
    command: Sequence[str],
    env: dict[str, str],
    log: Path,
    verbose: bool,
) -> Run:
    """Run one dbt command; its output goes to log (and to the terminal when verbose)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            command,
            cwd=SETTINGS.project_dir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            output.write(line)
            if verbose:
                sys.stdout.write(line)
        returncode = process.wait()
    return Run(label, time.perf_counter() - began, returncode, log)


def build_municipality(
    database: Path,
    municipality: Municipality,
    log_dir: Path,
    dbt_args: Sequence[str] = (),
    extra_vars: dict[str, object] | None = None,
    verbose: bool = False,
) -> Run:
    command = [
        str(SETTINGS.dbt), "build",
        "--vars", json.dumps(municipality_vars(municipality, extra_vars)),
        *dbt_args,
    ]  # fmt: skip
    return _run(
        f"{municipality.code} {municipality.name}",
        command,
        municipality_env(database, municipality),
        log_dir / f"{municipality.schema_prefix}build.log",
        verbose,
    )


def build_pool(
    database: Path,
    codes: Sequence[str],
    log_dir: Path,
    dbt_args: Sequence[str] = (),
    verbose: bool = False,
) -> Run:
    command = [
        str(SETTINGS.dbt), "build", "--select", POOLED_SELECTOR,
        "--vars", json.dumps({"pooled_municipalities": list(codes)}),
        *dbt_args,
    ]  # fmt: skip
    return _run(
        "pooled",
        command,
        _base_env(database),
        log_dir / "pooled_build.log",
        verbose,
    )


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
