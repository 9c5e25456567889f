"""`klantcontact bench` [--inhabitants N] [--years N] ...

Steps, each timed: generate the exports (or reuse them), hold back the last export day,
full `dbt build` into a fresh database, read floor over the same files, give the last
day back and run the daily build (`dbt build --exclude-resource-type unit_test`), count
core.fact_contact. Everything is written under
--work-dir (database, spill folder, dbt target and logs), so the project's own target/
and database stay untouched; the results go to --results.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
from rich.console import Console

from klantcontact.bench import engines, exports, machine, read_floor
from klantcontact.bench.duckdb_settings import DuckDBSettings
from klantcontact.bench.process import Measured, measure, tail
from klantcontact.bench.report import Results, table
from klantcontact.settings import SETTINGS

# The daily run (docs/running.md, "Daily runs"): unit tests check SQL logic on fixed inputs, so
# they belong to CI and to the full build, not to every day's data (dbt's advice too); the
# data tests of incremental staging tables read the rows this run loaded (`make daily`).
DAILY_BUILD = ("--exclude-resource-type", "unit_test", "--vars", "{data_tests_scope: run}")


@dataclass(frozen=True)
class Options:
    """The command's options."""

    inhabitants: int
    years: int
    seed: int
    fault_rate: float
    work_dir: Path
    results: Path
    engines: str  # also the demo size on these engines, e.g. duckdb,postgres,spark
    engines_only: bool


def _engines(args: Options, console: Console) -> list[engines.EngineTiming] | None:
    """The demo size on each engine of --engines, written to engines.json; None on failure."""
    try:
        chosen = engines.parse_engines(args.engines or "duckdb,postgres,spark")
        timings = engines.measure(
            chosen, SETTINGS.project_dir / "data" / "raw", args.work_dir / "engines", console
        )
    except (ValueError, RuntimeError) as failure:
        console.print(f"[red]{failure}[/red]")
        return None
    results = args.results.with_name("engines.json")
    engines.write(timings, results)
    console.print(f"Results: {results}")
    return timings


class _Bench:
    def __init__(self, work_dir: Path, console: Console) -> None:
        self.work_dir = work_dir.resolve()
        self.raw_dir = self.work_dir / "raw"
        self.held_dir = self.work_dir / "held_back"
        self.database = self.work_dir / "bench.duckdb"
        self.settings = DuckDBSettings.of(self.database)
        self.console = console

    def dbt_build(self, step: str, *extra: str) -> Measured:
        command = [
            str(SETTINGS.dbt),
            "build",
            *extra,
            "--project-dir", str(SETTINGS.project_dir),
            "--profiles-dir", str(SETTINGS.profiles_dir),
            "--target-path", str(self.work_dir / "target"),
            "--log-path", str(self.work_dir / "logs"),
        ]
        env = {
            **os.environ,
            **self.settings.env(),
            "KCC_RAW_DIR": str(self.raw_dir),
            "KCC_DUCKDB_PATH": str(self.database),
            "KCC_TRANSCODE_DIR": str(self.work_dir / "transcoded"),
        }
        log = self.work_dir / "logs" / f"{step}.out"
        self.console.print(f"{step}: dbt build … (output in {log})")
        measured = measure(command, env, SETTINGS.project_dir, log)
        if measured.returncode != 0:
            self.console.print(tail(log), markup=False, highlight=False)
            raise RuntimeError(f"{step}: dbt build failed (exit {measured.returncode})")
        self.console.print(
            f"{step}: {measured.seconds:,.1f} s, peak {measured.peak_rss_mb:,.0f} MiB"
        )
        return measured

    def start_fresh(self) -> None:
        """A full build starts from nothing: no database, parse cache or UTF-8 copies."""
        for leftover in (
            self.database,
            self.database.with_name(self.database.name + ".wal"),
        ):
            leftover.unlink(missing_ok=True)
        for folder in (
            self.settings.temp_dir,
            self.work_dir / "target",
            self.work_dir / "transcoded",
        ):
            shutil.rmtree(folder, ignore_errors=True)

    def contacts(self) -> int:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            row = connection.sql("select count(*) from core.fact_contact").fetchone()
        assert row is not None
        return int(row[0])


def run(args: Options) -> int:
    """The bench of args; 1 when a build or an engine failed."""
    console = Console()
    if args.engines_only:
        timings = _engines(args, console)
        if timings:
            console.print(engines.table(timings))
        return 0 if timings else 1
    size = exports.Size(args.inhabitants, args.years, args.seed, args.fault_rate)
    bench = _Bench(args.work_dir, console)
    bench.work_dir.mkdir(parents=True, exist_ok=True)
    load_start = machine.load_average()
    # An interrupted bench leaves the last day aside: put it back before anything else.
    exports.give_back(bench.raw_dir, bench.held_dir)

    console.print(
        f"generation: {size.inhabitants:,} inhabitants, {size.start} … {exports.LAST_DAY} "
        f"({size.days} days) into {bench.raw_dir}"
    )
    try:
        generated = exports.generate(
            size, bench.raw_dir, bench.work_dir / "generation.json"
        )
        if generated.reused:
            console.print("generation: exports of this size found, reused")
        else:
            console.print(
                f"generation: {generated.seconds:,.1f} s, peak {generated.peak_rss_mb:,.0f} MiB"
            )
        exports.hold_back(bench.raw_dir, bench.held_dir, exports.LAST_DAY)
        bench.start_fresh()
        full = bench.dbt_build("full build")
        console.print("read floor: every raw file once …")
        floor = read_floor.measure(SETTINGS.project_dir, bench.database, bench.settings)
        console.print(f"read floor: {floor.seconds:,.1f} s, {floor.records:,} records")
        exports.give_back(bench.raw_dir, bench.held_dir)
        one_day = bench.dbt_build("one more day", *DAILY_BUILD)
    except RuntimeError as failure:
        console.print(f"[red]{failure}[/red]")
        return 1
    finally:
        exports.give_back(bench.raw_dir, bench.held_dir)

    results = Results(
        inhabitants=size.inhabitants,
        years=size.years,
        first_day=size.start.isoformat(),
        last_day=exports.LAST_DAY.isoformat(),
        generation_s=generated.seconds,
        generation_peak_rss_mb=generated.peak_rss_mb,
        generation_reused=generated.reused,
        full_build_s=full.seconds,
        peak_rss_mb=full.peak_rss_mb,
        read_floor_s=floor.seconds,
        raw_files=floor.files,
        raw_records=floor.records,
        incremental_s=one_day.seconds,
        incremental_peak_rss_mb=one_day.peak_rss_mb,
        contacts=bench.contacts(),
        duckdb_settings={
            "threads": bench.settings.threads,
            "memory_limit": bench.settings.memory_limit,
        },
        machine=machine.describe(),
        load_average={"start": load_start, "end": machine.load_average()},
        measured_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    results.write(args.results)
    console.print(f"Results: {args.results}")
    # The demo size per engine joins the large size's table (docs/engines.md).
    timings = _engines(args, console) if args.engines else []
    console.print(table(results, engines.rows(timings) if timings else ()))
    return 1 if timings is None else 0
