"""Command line: python -m klantcontact.generator [--inhabitants N] [--start DATE] [--days N] ..."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from klantcontact.generator.generator import generate
from klantcontact.generator.world import Params

_DEFAULTS = Params()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m klantcontact.generator",
        description="Generate the demo raw exports of the klantcontact datamart "
        "(deterministic per seed).",
    )
    parser.add_argument(
        "--inhabitants",
        type=int,
        default=_DEFAULTS.inhabitants,
        help="size of the municipality; volumes scale linearly (default %(default)s)",
    )
    parser.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=dt.date.fromisoformat(_DEFAULTS.start),
        help="first export day, YYYY-MM-DD (default %(default)s)",
    )
    parser.add_argument(
        "--days", type=int, default=_DEFAULTS.days, help="number of days (default %(default)s)"
    )
    parser.add_argument(
        "--seed", type=int, default=_DEFAULTS.seed, help="random seed (default %(default)s)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("data/raw"), help="raw_dir to write (default %(default)s)"
    )
    parser.add_argument(
        "--fault-rate",
        type=float,
        default=_DEFAULTS.fault_rate,
        help="share of rows given one injected fault, 0 for clean data (default %(default)s)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bars and no summary table"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.inhabitants < 1 or args.days < 1 or not 0 <= args.fault_rate < 0.3:
        _parser().error("--inhabitants and --days must be positive and --fault-rate in [0, 0.3)")
    params = Params(args.inhabitants, args.start.isoformat(), args.days, args.seed, args.fault_rate)
    console = Console(stderr=True)
    began = time.perf_counter()
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=args.quiet,
    ) as progress:

        def task(name: str, total: int) -> Callable[[], None]:
            task_id = progress.add_task(name, total=total)
            return lambda: progress.advance(task_id)

        summary = generate(params, args.out, task)
    elapsed = time.perf_counter() - began
    if not args.quiet:
        rows = summary["rows"]
        folders = summary["folders"]
        faults = summary["faults"]
        assert isinstance(rows, dict) and isinstance(folders, dict) and isinstance(faults, dict)
        table = Table(title=f"klantcontact demo exports in {args.out} ({elapsed:.1f} s)")
        table.add_column("file")
        table.add_column("rows", justify="right")
        table.add_column("folders", justify="right")
        for name, count in rows.items():
            table.add_row(name, f"{count:,}", str(folders[name.split("/")[0]]))
        console.print(table)
        console.print(
            "Injected faults: " + ", ".join(f"{kind} {count}" for kind, count in faults.items())
        )
    return 0
