"""The bench's exports: generated once per size, with the last export day held back.

The full build reads every export day but the last; the one-day build then gets that
day back, as a daily run would get a new export folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from klantcontact.bench.process import Measured, measure
from klantcontact.settings import SETTINGS

# The extra day is an ordinary Monday that is also a monthly dump day of the snapshot
# sources (mor, zaken), so it brings what a real export day can: deltas and full dumps.
LAST_DAY = dt.date(2025, 12, 1)
SOURCES = ("telephony", "cxone", "balie", "email", "web", "chat", "mor", "zaken", "kcs", "kto")


@dataclass(frozen=True)
class Size:
    inhabitants: int
    years: int
    seed: int
    fault_rate: float

    @property
    def days(self) -> int:
        return 365 * self.years + 1

    @property
    def start(self) -> dt.date:
        return LAST_DAY - dt.timedelta(days=self.days - 1)

    def generator_parameters(self) -> dict[str, object]:
        """As the generator writes them into _generator/summary.json."""
        return {
            "inhabitants": self.inhabitants,
            "start": self.start.isoformat(),
            "days": self.days,
            "seed": self.seed,
            "fault_rate": self.fault_rate,
        }


@dataclass(frozen=True)
class Generated:
    seconds: float | None
    peak_rss_mb: float | None
    reused: bool


def _summary_parameters(raw_dir: Path) -> object:
    summary = raw_dir / "_generator" / "summary.json"
    if not summary.exists():
        return None
    return json.loads(summary.read_text(encoding="utf-8")).get("parameters")


def generate(size: Size, raw_dir: Path, record: Path) -> Generated:
    """Generate the exports unless raw_dir already holds them for this size.

    The generator writes its summary last, so a summary with these parameters means a
    complete run. The timing of that run is kept in record, to report it again.
    """
    wanted = size.generator_parameters()
    if _summary_parameters(raw_dir) == wanted:
        kept = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
        if kept.get("parameters") == wanted:
            return Generated(kept["seconds"], kept["peak_rss_mb"], reused=True)
        return Generated(None, None, reused=True)
    command = [
        *SETTINGS.command, "generate",
        "--inhabitants", str(size.inhabitants),
        "--start", size.start.isoformat(),
        "--days", str(size.days),
        "--seed", str(size.seed),
        "--fault-rate", str(size.fault_rate),
        "--out", str(raw_dir),
        "--quiet",
    ]
    measured: Measured = measure(
        command, dict(os.environ), SETTINGS.project_dir, record.with_suffix(".log")
    )
    if measured.returncode != 0:
        raise RuntimeError(f"the generator failed; see {measured.log}")
    kept = {
        "parameters": wanted,
        "seconds": measured.seconds,
        "peak_rss_mb": measured.peak_rss_mb,
    }
    record.write_text(json.dumps(kept, indent=2), encoding="utf-8")
    return Generated(measured.seconds, measured.peak_rss_mb, reused=False)


def hold_back(raw_dir: Path, held_dir: Path, day: dt.date) -> None:
    """Move every source's folder of day out of raw_dir, into held_dir."""
    for source in SOURCES:
        folder = raw_dir / source / day.isoformat()
        if folder.is_dir():
            target = held_dir / source / day.isoformat()
            target.parent.mkdir(parents=True, exist_ok=True)
            folder.rename(target)


def give_back(raw_dir: Path, held_dir: Path) -> None:
    """Put every held-back folder back into raw_dir (also after an interrupted bench)."""
    if not held_dir.exists():
        return
    for folder in sorted(held_dir.glob("*/*")):
        folder.rename(raw_dir / folder.parent.name / folder.name)
    shutil.rmtree(held_dir)
