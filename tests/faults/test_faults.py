"""Fault injection on the daily build (`make test-faults`, docs/running.md "When a build
goes wrong"); not part of `make test`.

On a copy of the fixture exports, made read-only, with one source folder (balie) present
but empty of exports:

- a clean daily build (`klantcontact dbt build --exclude-resource-type unit_test`, as
  `make daily` runs it) passes, leaves the raw folder exactly as it was, says the empty
  folder in one line and has no KPI of that source;
- a daily build killed with SIGKILL during the inventory, the base staging tables, the
  facts and the KPI marts, one after another on the same database, and then run to its
  end, gives tables identical to the clean build (kpi_values, fact_contact, fact_case;
  EXCEPT both ways);
- `make build` while another process holds the database open fails at once, names the
  lock and what to do, and changes nothing (the file's size, modification time and bytes);
- a build whose spill folder is full fails with DuckDB's message, and the database still
  opens with its previous kpi_values intact. The spill folder is a 1 MiB tmpfs, mounted in
  a user and mount namespace of the build's own (`unshare`, no root needed where user
  namespaces are allowed); where they are not, DuckDB's max_temp_directory_size is set to
  1 MiB in a copy of profiles.yml instead, which DuckDB reports as out of memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import FIXTURE_ARGS, generate

from klantcontact.settings import SETTINGS
from klantcontact.summary.sources import no_exports_line

PROJECT_DIR = SETTINGS.project_dir
DAILY = ("dbt", "build", "--exclude-resource-type", "unit_test")
EMPTY_SOURCE = "balie"
COMPARED = ("kpi.kpi_values", "core.fact_contact", "core.fact_case")
# Where each killed run is stopped: the first stdout line of dbt that starts with this text
# (after the given delay, so DuckDB is inside the model's statement).
KILL_POINTS = (
    ("inventory", "START python incremental model staging.stg_raw_exports__files", 1.0),
    ("base staging tables", "START sql incremental model staging.base_", 0.3),
    ("facts", "START sql table model core.fact_contact", 0.3),
    ("KPI marts", "START sql table model kpi.mart_", 0.3),
)
LOCK_WAIT_SECONDS = 30


@dataclass
class Work:
    root: Path
    raw_dir: Path
    clean: Path
    clean_output: str = ""
    raw_before: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    kill_timings: list[tuple[str, float]] = field(default_factory=list)


def _env(work: Work, database: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "KCC_RAW_DIR": str(work.raw_dir),
        "KCC_DUCKDB_PATH": str(database),
        "KCC_TRANSCODE_DIR": str(work.root / "transcoded"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        **extra,
    }


def _daily(work: Work, database: Path, name: str) -> list[str]:
    return [
        *SETTINGS.command, *DAILY,
        "--target-path", str(work.root / name / "target"),
        "--log-path", str(work.root / name / "logs"),
    ]  # fmt: skip


def _tree(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder below `folder`: size, modification time and content hash."""
    tree = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        tree[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns, digest)
    return tree


def _read_only(folder: Path) -> None:
    """chmod -R a-w. Root writes through it, which is why the tests compare the tree too."""
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        path.chmod(stat.S_IMODE(mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) | stat.S_IWUSR)


def _fixture_raw(tmp: Path) -> Path:
    given = SETTINGS.test_raw_dir
    if given and (given / "_generator" / "summary.json").exists():
        return given
    raw = tmp / "fixture_raw"
    generate(raw, *FIXTURE_ARGS)
    return raw


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Work]:
    root = tmp_path_factory.mktemp("faults")
    raw_dir = root / "raw"
    shutil.copytree(_fixture_raw(root), raw_dir, symlinks=False)
    shutil.rmtree(raw_dir / EMPTY_SOURCE)
    (raw_dir / EMPTY_SOURCE / "2025-06-01").mkdir(parents=True)
    _read_only(raw_dir)
    result = Work(root, raw_dir, root / "clean.duckdb", raw_before=_tree(raw_dir))
    started = time.monotonic()
    finished = subprocess.run(
        _daily(result, result.clean, "clean"), cwd=PROJECT_DIR,
        env=_env(result, result.clean), capture_output=True, text=True,
    )  # fmt: skip
    print(f"\nclean daily build: {time.monotonic() - started:.1f} s, exit {finished.returncode}")
    result.clean_output = finished.stdout + finished.stderr
    assert finished.returncode == 0, result.clean_output[-5000:]
    yield result
    _writable(raw_dir)


def _differences(database: Path, reference: Path) -> dict[str, tuple[int, int, int]]:
    """Per compared table: rows, rows only in database, rows only in reference."""
    with duckdb.connect(str(database), read_only=True) as db:
        db.execute(f"attach '{str(reference).replace(chr(39), chr(39) * 2)}' as clean_build"
                   " (read_only)")  # fmt: skip
        counts = {}
        for table in COMPARED:
            (rows,) = db.sql(f"select count(*) from {table}").fetchone() or (0,)
            (extra,) = db.sql(
                f"select count(*) from (from {table} except all from clean_build.{table})"
            ).fetchone() or (0,)
            (missing,) = db.sql(
                f"select count(*) from (from clean_build.{table} except all from {table})"
            ).fetchone() or (0,)
            counts[table] = (rows, extra, missing)
    return counts


def test_the_clean_build_leaves_the_read_only_raw_folder_alone(work: Work) -> None:
    assert _tree(work.raw_dir) == work.raw_before
    assert not list(work.raw_dir.rglob("*.tmp")), "DuckDB wrote beside the raw files"


def test_an_empty_source_folder_is_said_and_its_kpis_are_absent(work: Work) -> None:
    assert work.clean_output.count(no_exports_line(EMPTY_SOURCE)) == 1
    with duckdb.connect(str(work.clean), read_only=True) as db:
        families = {
            family
            for (family,) in db.sql(
                "select distinct kpis.family from kpi.kpi_values"
                " inner join reference.kpis as kpis using (kpi_code)"
            ).fetchall()
        }
        (balie_contacts,) = db.sql(
            "select count(*) from core.fact_contact where source_system = 'balie'"
        ).fetchone() or (0,)
    assert EMPTY_SOURCE not in families
    assert balie_contacts == 0
    assert "assert_every_kpi_at_every_grain" in work.clean_output  # the test ran and passed


def _killed_run(work: Work, database: Path, marker: str, delay: float) -> float:
    """Start the daily build, SIGKILL its process group `delay` seconds after dbt prints
    `marker`; the seconds into the run at which the kill happened."""
    started = time.monotonic()
    process = subprocess.Popen(
        _daily(work, database, "killed"), cwd=PROJECT_DIR,
        # Unbuffered: dbt's lines as it prints them, not when a pipe buffer fills.
        env=_env(work, database, PYTHONUNBUFFERED="1"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            time.sleep(delay)
            os.killpg(process.pid, signal.SIGKILL)
            killed_at = time.monotonic() - started
            process.wait()
            process.stdout.close()
            return killed_at
    process.wait()
    pytest.fail(f"the build ended before {marker!r}:\n{''.join(seen)[-3000:]}")


def test_killed_daily_builds_then_a_full_one_equal_the_clean_build(work: Work) -> None:
    database = work.root / "killed.duckdb"
    for name, marker, delay in KILL_POINTS:
        work.kill_timings.append((name, _killed_run(work, database, marker, delay)))
    print("\nkill points (seconds into the run, SIGKILL to the process group):")
    for name, seconds in work.kill_timings:
        print(f"  {name:<20} {seconds:6.1f} s")
    started = time.monotonic()
    finished = subprocess.run(
        _daily(work, database, "killed"), cwd=PROJECT_DIR, env=_env(work, database),
        capture_output=True, text=True,
    )  # fmt: skip
    print(f"  run after the kills: {time.monotonic() - started:.1f} s, exit {finished.returncode}")
    assert finished.returncode == 0, (finished.stdout + finished.stderr)[-5000:]
    differences = _differences(database, work.clean)
    print(f"  rows, only after kills, only in the clean build: {differences}")
    assert all(extra == 0 and missing == 0 for _, extra, missing in differences.values())
    assert all(rows > 0 for rows, _, _ in differences.values())


def _file_state(database: Path) -> tuple[int, int, str]:
    info = database.stat()
    return info.st_size, info.st_mtime_ns, hashlib.sha256(database.read_bytes()).hexdigest()


def _kpi_checksum(database: Path) -> tuple[object, ...]:
    with duckdb.connect(str(database), read_only=True) as db:
        return db.sql(
            "select count(*), sum(hash(columns(*))) from kpi.kpi_values"
        ).fetchone() or ()


HOLDER = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_build_on_a_database_open_elsewhere_stops_at_once(work: Work) -> None:
    database = work.root / "held.duckdb"
    shutil.copy(work.clean, database)
    before, checksum = _file_state(database), _kpi_checksum(database)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database), "120"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        # Through `make build`, which runs dbt by `klantcontact dbt` (-o: the venv counts as
        # installed whatever its timestamps).
        finished = subprocess.run(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "build",
             f"KCC_RAW_DIR={work.raw_dir}", f"KCC_DUCKDB_PATH={database}"],
            cwd=PROJECT_DIR, env=_env(work, database), capture_output=True, text=True,
            timeout=LOCK_WAIT_SECONDS * 4,
        )  # fmt: skip
        seconds = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    output = finished.stdout + finished.stderr
    print(f"\nbuild on a held database: exit {finished.returncode} after {seconds:.1f} s")
    assert finished.returncode != 0
    assert seconds < LOCK_WAIT_SECONDS, output
    assert "Could not set lock" in output and "Close" in output, output
    assert "Running with dbt" not in output, "dbt started"
    assert _file_state(database) == before
    assert _kpi_checksum(database) == checksum


# Runs a command with a 1 MiB tmpfs mounted on $0, in a mount namespace of its own: a real
# full disk without root where user namespaces are allowed (the mount ends with the command).
IN_TMPFS = 'mount -t tmpfs -o size=1m tmpfs "$0" && exec "$@"'


def _tmpfs_prefix(folder: Path) -> list[str] | None:
    """The command prefix that runs a command with a 1 MiB tmpfs on folder, or None when
    this machine does not allow it (no unshare, or user namespaces switched off)."""
    folder.mkdir()
    unshare = shutil.which("unshare")
    if not unshare:
        return None
    prefix = [unshare, "--user", "--map-root-user", "--mount", "sh", "-c", IN_TMPFS, str(folder)]
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True)
    return prefix if probe.returncode == 0 else None


def _tiny_spill_profiles(target: Path) -> Path:
    """profiles.yml with DuckDB's max_temp_directory_size at 1 MiB, for machines that allow
    no tmpfs: the same limit a full disk sets, though not a full file system."""
    profiles = yaml.safe_load((PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
    duckdb_output = profiles["klantcontact"]["outputs"]["duckdb"]
    duckdb_output["config_options"]["max_temp_directory_size"] = "1MiB"
    target.mkdir()
    (target / "profiles.yml").write_text(yaml.safe_dump(profiles), encoding="utf-8")
    return target


def test_a_full_spill_disk_stops_the_build_and_keeps_the_database(work: Work) -> None:
    database = work.root / "spill.duckdb"
    shutil.copy(work.clean, database)
    checksum = _kpi_checksum(database)
    spill = work.root / "spill"
    prefix = _tmpfs_prefix(spill)
    # Below the fixture's needs, so DuckDB must spill.
    extra = {"KCC_TEMP_DIR": str(spill / "duckdb"), "KCC_MEMORY_LIMIT": "40MB"}
    if prefix is None:
        extra["DBT_PROFILES_DIR"] = str(_tiny_spill_profiles(work.root / "profiles"))
    finished = subprocess.run(
        [*(prefix or []), *_daily(work, database, "spill")], cwd=PROJECT_DIR,
        env=_env(work, database, **extra), capture_output=True, text=True,
    )  # fmt: skip
    output = finished.stdout + finished.stderr
    how = "a 1 MiB tmpfs" if prefix else "max_temp_directory_size 1 MiB (no tmpfs allowed)"
    print(f"\nfull spill folder ({how}): exit {finished.returncode}")
    assert finished.returncode != 0
    # A full disk: DuckDB could not write a block to the spill folder. With only the
    # setting, DuckDB gives up earlier, reporting the memory it could not free.
    expected = (
        ("failed to offload data block", "No space left")
        if prefix
        else ("Out of Memory Error",)
    )
    assert any(message in output for message in expected), output[-5000:]
    assert _kpi_checksum(database) == checksum
    differences = _differences(database, work.clean)
    assert all(extra == 0 and missing == 0 for _, extra, missing in differences.values())
