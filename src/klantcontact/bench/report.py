"""The bench's results: bench/results.json and a table against the issue's targets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.table import Table

# Targets of the large size (a G4 city over three years) on a 2-core machine
# (docs/performance.md).
FULL_BUILD_TARGET_S = 400.0
INCREMENTAL_TARGET_S = 60.0
PEAK_RSS_TARGET_MB = 3072.0  # 3 GiB, in MiB like peak_rss_mb; of either build
RATIO_TARGET = 16.0
INCREMENTAL_TARGET_PCT = 15.0
LARGE_SIZE = (900_000, 3)


@dataclass(frozen=True)
class Results:
    inhabitants: int
    years: int
    first_day: str
    last_day: str
    generation_s: float | None
    generation_peak_rss_mb: float | None
    generation_reused: bool
    full_build_s: float
    peak_rss_mb: float
    read_floor_s: float
    raw_files: int
    raw_records: int
    incremental_s: float
    incremental_peak_rss_mb: float
    contacts: int
    duckdb_settings: dict[str, object]
    machine: dict[str, object]
    load_average: dict[str, float]
    measured_at: str
    ratio: float = field(init=False)
    incremental_pct: float = field(init=False)

    def __post_init__(self) -> None:
        # Frozen: derived values are set once, here, so the JSON always agrees with them.
        object.__setattr__(self, "ratio", round(self.full_build_s / self.read_floor_s, 2))
        object.__setattr__(
            self, "incremental_pct", round(100 * self.incremental_s / self.full_build_s, 1)
        )

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            key: round(value, 2) if isinstance(value, float) else value
            for key, value in asdict(self).items()
        }
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _verdict(met: bool) -> str:
    return "[green]met[/green]" if met else "[red]missed[/red]"


def table(results: Results, engine_rows: Sequence[tuple[str, str, str]] = ()) -> Table:
    """The large size against its targets; engine_rows (engine, build time, steps) add the
    demo size on each engine (`--engines`)."""
    size = f"{results.inhabitants:,} inhabitants × {results.years} year(s)"
    machine = results.machine
    table = Table(
        title=f"klantcontact bench: {size}, {results.first_day} … {results.last_day}",
        caption=(
            f"{machine['cpu_model']}, {machine['usable_cores']} usable cores, "
            f"{machine['ram_gib']} GiB RAM; DuckDB threads {results.duckdb_settings['threads']},"
            f" memory_limit {results.duckdb_settings['memory_limit']}; load average "
            f"{results.load_average['start']} at start, {results.load_average['end']} at end"
            + (
                ""
                if (results.inhabitants, results.years) == LARGE_SIZE
                else ". The time and memory targets are for 900,000 × 3 years."
            )
        ),
    )
    for column in ("measure", "value", "target", ""):
        table.add_column(column, justify="right" if column == "value" else "left")
    if results.generation_s is None:
        generation = "reused"
    else:
        generation = f"{results.generation_s:,.1f} s" + (
            " (earlier run)" if results.generation_reused else ""
        )
    table.add_row("generation of the exports", generation, "", "")
    table.add_row(
        "full dbt build (all days but the last)",
        f"{results.full_build_s:,.1f} s",
        f"≤ {FULL_BUILD_TARGET_S:,.0f} s",
        _verdict(results.full_build_s <= FULL_BUILD_TARGET_S),
    )
    peak = max(results.peak_rss_mb, results.incremental_peak_rss_mb)
    table.add_row(
        "peak memory of either build",
        f"{peak:,.0f} MiB",
        f"≤ {PEAK_RSS_TARGET_MB:,.0f} MiB",
        _verdict(peak <= PEAK_RSS_TARGET_MB),
    )
    table.add_row(
        "read floor (every raw file once)",
        f"{results.read_floor_s:,.1f} s",
        f"{results.raw_files:,} files, {results.raw_records:,} records",
        "",
    )
    table.add_row(
        "full build / read floor",
        f"{results.ratio:,.1f}×",
        f"≤ {RATIO_TARGET:.0f}×",
        _verdict(results.ratio <= RATIO_TARGET),
    )
    table.add_row(
        "daily dbt build after one more export day (a monthly dump day)",
        f"{results.incremental_s:,.1f} s",
        f"≤ {INCREMENTAL_TARGET_S:,.0f} s",
        _verdict(results.incremental_s <= INCREMENTAL_TARGET_S),
    )
    table.add_row(
        "one more day / full build",
        f"{results.incremental_pct:.1f} %",
        f"≤ {INCREMENTAL_TARGET_PCT:.0f} %",
        _verdict(results.incremental_pct <= INCREMENTAL_TARGET_PCT),
    )
    table.add_row("contacts (core.fact_contact)", f"{results.contacts:,}", "", "")
    for engine, build_time, steps in engine_rows:
        table.add_row(f"demo-size build on {engine}", build_time, steps, "")
    return table

