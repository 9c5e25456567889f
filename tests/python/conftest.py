"""Shared fixtures: one small generated export set, built once per test session.

`make test` builds the fixture exports before pytest and passes their paths in
KCC_TEST_RAW_DIR / KCC_TEST_DUCKDB (klantcontact.settings); run on its own, pytest
generates and builds them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from klantcontact.settings import SETTINGS

PROJECT_DIR = SETTINGS.project_dir
FIXTURE_ARGS = [
    "--inhabitants", "8000", "--start", "2025-04-14", "--days", "49", "--seed", "7",
    "--fault-rate", "0.02", "--formats", "contract",
]


@dataclass(frozen=True)
class BuiltFixture:
    raw_dir: Path
    database: Path


def dbt(
    command: str,
    raw_dir: Path,
    database: Path,
    *extra: str,
    work_dir: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a dbt command (build, run, ...) on raw_dir into database; returns the finished
    process. With work_dir, target/ and logs/ go there, so the build leaves the project's
    own target/ alone; env adds environment variables."""
    paths = (
        ["--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")]
        if work_dir
        else []
    )
    return subprocess.run(
        [str(SETTINGS.dbt), command, *paths, *extra],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "KCC_RAW_DIR": str(raw_dir),
            "KCC_DUCKDB_PATH": str(database),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            **(env or {}),
        },
        capture_output=True,
        text=True,
    )


def generate(raw_dir: Path, *args: str) -> None:
    """Write generated exports into raw_dir; args are `klantcontact generate` options."""
    subprocess.run(
        [*SETTINGS.command, "generate", *args, "--out", str(raw_dir), "--quiet"],
        check=True,
        cwd=PROJECT_DIR,
    )


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> BuiltFixture:
    given_raw_dir, given_database = SETTINGS.test_raw_dir, SETTINGS.test_database
    if given_raw_dir and given_database and given_database.exists():
        return BuiltFixture(given_raw_dir, given_database)
    work = tmp_path_factory.mktemp("fixture")
    raw_dir = work / "raw"
    database = work / "test.duckdb"
    generate(raw_dir, *FIXTURE_ARGS)
    result = dbt("build", raw_dir, database)
    assert result.returncode == 0, result.stdout[-5000:]
    return BuiltFixture(raw_dir, database)


@pytest.fixture
def connection(built_fixture: BuiltFixture) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(built_fixture.database), read_only=True) as db:
        db.sql("set TimeZone = 'UTC'")
        yield db
