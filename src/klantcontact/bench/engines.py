"""The demo-size build on each engine: `klantcontact bench --engines ...`.

The demo exports (`make build`: 150,000 inhabitants, 2025, seed 42) are built once per
engine with klantcontact.engines.build: on PostgreSQL and Spark the loader's time counts,
since those engines cannot read the export folders in place. Unit tests are left out on
every engine. The results go to bench/engines.json and a table of their own.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from klantcontact.bench import machine
from klantcontact.engines.build import ENGINES, BuildFailed, build
from klantcontact.settings import SETTINGS

# The Makefile's DEMO_ARGS: the size docs/engines.md's advice is about.
DEMO_ARGS = ("--inhabitants", "150000", "--start", "2025-01-01", "--days", "365", "--seed", "42")


@dataclass(frozen=True)
class EngineTiming:
    engine: str
    seconds: float
    steps: dict[str, float]


def _demo_exports(raw_dir: Path, console: Console) -> None:
    if (raw_dir / "_generator" / "summary.json").exists():
        return
    console.print(f"engines: generating the demo exports into {raw_dir} …")
    subprocess.run(
        [*SETTINGS.command, "generate", *DEMO_ARGS, "--out", str(raw_dir), "--quiet"],
        check=True,
        cwd=SETTINGS.project_dir,
    )


def measure(
    engines: list[str], raw_dir: Path, work_dir: Path, console: Console
) -> list[EngineTiming]:
    _demo_exports(raw_dir, console)
    timings = []
    for engine in engines:
        engine_dir = work_dir / engine
        database = engine_dir / "demo.duckdb"
        database.unlink(missing_ok=True)
        console.print(f"engines: demo build on {engine} (logs in {engine_dir / 'logs'}) …")
        try:
            built = build(engine, raw_dir, engine_dir, duckdb_path=database)
        except BuildFailed as failure:
            console.print(f"[red]{failure}[/red]", markup=True, highlight=False)
            raise
        steps = {step.name: round(step.seconds, 1) for step in built.steps}
        console.print(f"engines: {engine} {built.seconds:,.1f} s {steps}")
        timings.append(EngineTiming(engine, round(built.seconds, 1), steps))
    return timings


def write(timings: list[EngineTiming], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "size": " ".join(DEMO_ARGS),
        "engines": [asdict(timing) for timing in timings],
        "machine": machine.describe(),
        "load_average_end": machine.load_average(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def rows(timings: list[EngineTiming]) -> list[tuple[str, str, str]]:
    """(engine, build time with its factor to the fastest, steps) per engine."""
    fastest = min(timing.seconds for timing in timings)
    return [
        (
            timing.engine,
            f"{timing.seconds:,.0f} s ({timing.seconds / fastest:.1f}×)",
            ", ".join(f"{name} {seconds:,.0f} s" for name, seconds in timing.steps.items()),
        )
        for timing in timings
    ]


def table(timings: list[EngineTiming]) -> Table:
    result = Table(title="Demo size (150,000 inhabitants × 1 year) per engine")
    for column in ("engine", "build", "of which"):
        result.add_column(column, justify="right" if column == "build" else "left")
    for row in rows(timings):
        result.add_row(*row)
    return result


def parse_engines(value: str) -> list[str]:
    chosen = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in ENGINES]
    if unknown or not chosen:
        raise ValueError(f"--engines takes a comma list of {', '.join(ENGINES)}")
    return chosen
