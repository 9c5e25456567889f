"""`klantcontact quality`: run the checkpoint, print a table, exit non-zero on any failure.

Exit codes: 0 all expectations passed; 1 an expectation failed or a model is missing or
unreadable; 2 the database cannot be opened or the arguments are wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from klantcontact.quality.checkpoint import CheckpointReport, DatabaseError, run_checkpoint


def render(report: CheckpointReport, console: Console) -> None:
    # SIMPLE_HEAD: no vertical rules, so the six columns fit an 80-column CI log.
    table = Table(title=f"GX checkpoint: {report.database}", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("model", no_wrap=True)
    table.add_column("rows", justify="right")
    table.add_column("expectations", justify="right", min_width=12)
    table.add_column("passed", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("status")
    for model in report.models:
        if model.status != "validated":
            status = f"[red]{model.status.upper()}[/]"
        elif model.failed:
            status = "[red]FAIL[/]"
        else:
            status = "[green]ok[/]"
        table.add_row(
            model.model,
            f"{model.rows:,}",
            str(len(model.outcomes)),
            str(model.passed),
            f"[red]{model.failed}[/]" if model.failed else "0",
            status,
        )
    console.print(table)

    for model in report.models:
        if model.status != "validated":
            console.print(f"[red]{model.status.upper()}[/] {escape(model.message)}")
    for outcome in report.failures:
        console.print(
            f"[red]FAIL[/] {outcome.model}: {outcome.expectation} "
            f"[bold]({escape(outcome.columns)})[/] {escape(outcome.detail)}"
        )
    if report.docs_index is not None:
        console.print(f"Data Docs: {report.docs_index}")
    verdict = "[green]passed[/]" if report.success else "[red]failed[/]"
    console.print(f"Checkpoint {verdict} in {report.seconds:.1f} s")


def run(database: Path, docs_dir: Path | None, models: Sequence[str]) -> int:
    """Validate models (default: every registered one) of database and print the outcome;
    docs_dir None skips the Data Docs."""
    # Soft wrap: a failure line stays one line (greppable in CI logs) at any width.
    console = Console(soft_wrap=True)
    try:
        report = run_checkpoint(database, models=list(models) or None, docs_dir=docs_dir)
    except DatabaseError as error:
        console.print(f"[red]error:[/] {escape(str(error))}")
        return 2
    render(report, console)
    return 0 if report.success else 1
