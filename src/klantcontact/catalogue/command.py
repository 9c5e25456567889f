"""`klantcontact catalogue`: check the catalogue's seeds, print the Bijlage 3 counts and
write (or, with --check, compare) docs/kpi-catalogue.md."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from klantcontact.catalogue.check import check, load, vng_counts
from klantcontact.catalogue.render import render


def run(seeds_dir: Path, out: Path, check_only: bool, console: Console | None = None) -> int:
    """0 when the seeds pass and the file is written (or current with check_only), 1 when
    the seeds have problems or the file is not current, 2 when it cannot be rendered."""
    console = console or Console()
    catalogue = load(seeds_dir)
    counts = vng_counts(catalogue)
    console.print(
        "VNG Bijlage 3: " + ", ".join(f"{match} {n}" for match, n in counts.items()),
        highlight=False,
    )
    problems = check(catalogue)
    for problem in problems:
        console.print(f"[red]problem[/red] {problem}", highlight=False)
    try:
        text = render(catalogue)
    except ValueError as error:
        console.print(f"[red]cannot render {out}[/red]: {error}", highlight=False)
        return 2
    if check_only:
        current = out.read_text(encoding="utf-8") if out.exists() else None
        if current != text:
            console.print(f"[red]{out} is not current[/red]: run `klantcontact catalogue`",
                          highlight=False)
            return 1
        console.print(f"{out} is current", highlight=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)
    return 1 if problems else 0
