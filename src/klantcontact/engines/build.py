"""Build the project on one engine: its loader where it needs one, then `dbt build`.

DuckDB reads the export folders in place. PostgreSQL and Spark cannot, so their loaders
copy the exports into schema `raw` first (docs/engines.md); the loader is part of what a
build on those engines costs, so it is timed with it. Unit tests are left out on every
engine: they hold DuckDB SQL fixtures and check logic, not engines.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from klantcontact.settings import SETTINGS

ENGINES = ("duckdb", "postgres", "spark")
# --full-refresh: PostgreSQL and Spark keep their warehouse between builds (build/pg,
# build/spark), and a build measured or compared here starts from nothing, as a new DuckDB
# file does.
BUILD_ARGS = ("--exclude-resource-type", "unit_test", "--full-refresh")


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float


@dataclass(frozen=True)
class EngineBuild:
    engine: str
    steps: tuple[Step, ...]

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


class BuildFailed(RuntimeError):
    pass


def engine_env(engine: str, raw_dir: Path, duckdb_path: Path | None = None) -> dict[str, str]:
    """The environment of a build on `engine` from raw_dir."""
    env = {
        **os.environ,
        "KCC_TARGET": engine,
        "KCC_RAW_DIR": str(raw_dir),
        "DBT_PROFILES_DIR": str(SETTINGS.profiles_dir),
        "DBT_PROJECT_DIR": str(SETTINGS.project_dir),
    }
    if duckdb_path is not None:
        env["KCC_DUCKDB_PATH"] = str(duckdb_path)
    return env


def _run(name: str, command: list[str], env: dict[str, str], log_dir: Path) -> Step:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as output:
        result = subprocess.run(
            command, cwd=SETTINGS.project_dir, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    seconds = time.monotonic() - started
    if result.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise BuildFailed(f"{name} failed (exit {result.returncode}), log {log}:\n{tail}")
    return Step(name, seconds)


def _load(engine: str, raw_dir: Path) -> list[str]:
    return [*SETTINGS.command, "load", engine, "--raw-dir", str(raw_dir)]


def _dbt(*args: str) -> list[str]:
    return [str(SETTINGS.dbt), *args]


def build(
    engine: str, raw_dir: Path, work_dir: Path, duckdb_path: Path | None = None
) -> EngineBuild:
    """Load (PostgreSQL, Spark) and `dbt build` the exports of raw_dir on `engine`; target/
    and logs go to work_dir. Raises BuildFailed with the log's tail when a step fails."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose from {', '.join(ENGINES)}")
    env = engine_env(engine, raw_dir, duckdb_path)
    logs = work_dir / "logs"
    steps = []
    if engine == "postgres":
        pg_up = [str(SETTINGS.project_dir / "scripts/pg.sh"), "up"]
        steps.append(_run("pg-up", pg_up, env, logs))
    if engine in ("postgres", "spark"):
        steps.append(_run("load", _load(engine, raw_dir), env, logs))
    dbt_paths = ("--target-path", str(work_dir / "target"), "--log-path", str(logs / "dbt"))
    steps.append(_run("dbt-build", _dbt("build", *dbt_paths, *BUILD_ARGS), env, logs))
    return EngineBuild(engine, tuple(steps))
