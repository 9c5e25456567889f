"""Source folders that exist but hold no export yet.

A municipality often creates its source folders (balie/, email/, ...) before the first
export arrives. Such a folder is read like a missing one: no rows, and the KPIs that need
the source are absent from kpi_values (assert_every_kpi_at_every_grain expects them absent).
That is easy to mistake for a fault, so `klantcontact dbt` and `klantcontact summary` say it
in one line per source.
"""

from __future__ import annotations

from pathlib import Path

from klantcontact.raw.contract import source_registry
from klantcontact.raw.inventory import folder_date


def _has_export(folder: Path) -> bool:
    """Whether a dated folder below the source folder holds a file (hidden files aside, as
    the inventory ignores them)."""
    for dated in folder.iterdir():
        if dated.is_dir() and folder_date(dated.name) is not None:
            if any(
                path.is_file() and not path.name.startswith(".") for path in dated.iterdir()
            ):
                return True
    return False


def sources_without_exports(raw_dir: Path) -> list[str]:
    """The switched-on sources of the registry whose folder exists under raw_dir without an
    export: no folder named by a date (YYYY-MM-DD), or only empty ones."""
    if not raw_dir.is_dir():
        return []
    return [
        name
        for name, entry in source_registry().items()
        if entry.get("enabled", True) in (True, "true", "True", 1)
        and (raw_dir / name).is_dir()
        and not _has_export(raw_dir / name)
    ]


def no_exports_line(source: str) -> str:
    return (
        f"{source}: map bestaat, nog geen exports — KPI's van deze bron ontbreken "
        f"(folder exists, no exports yet: the KPIs of this source are absent)"
    )


def no_exports_lines(raw_dir: Path) -> list[str]:
    return [no_exports_line(source) for source in sources_without_exports(raw_dir)]


__all__ = ["no_exports_line", "no_exports_lines", "sources_without_exports"]
