"""`klantcontact generate`: the demo exports, with progress bars and a summary table."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from klantcontact.generator.generator import generate
from klantcontact.generator.world import Params


def run(params: Params, out: Path, quiet: bool, formats: str = "real") -> None:
    """Generate the exports of params into out in formats (real or contract); quiet: no
    progress bars, no summary table."""
    console = Console(stderr=True)
    began = time.perf_counter()
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
    ) as progress:

        def task(name: str, total: int) -> Callable[[], None]:
            task_id = progress.add_task(name, total=total)
            return lambda: progress.advance(task_id)

        summary = generate(params, out, task, formats)
    elapsed = time.perf_counter() - began
    if quiet:
        return
    rows = summary["rows"]
    folders = summary["folders"]
    faults = summary["faults"]
    assert isinstance(rows, dict) and isinstance(folders, dict) and isinstance(faults, dict)
    table = Table(title=f"klantcontact demo exports in {out} ({elapsed:.1f} s)")
    table.add_column("file")
    table.add_column("rows", justify="right")
    table.add_column("folders", justify="right")
    for name, count in rows.items():
        table.add_row(name, f"{count:,}", str(folders[name.split("/")[0]]))
    console.print(table)
    console.print(
        "Injected faults: " + ", ".join(f"{kind} {count}" for kind, count in faults.items())
    )
