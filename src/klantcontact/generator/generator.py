"""Python API: simulate the period, then write every export folder, the manifest and the summary."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from klantcontact.generator import files, real
from klantcontact.generator.clock import Clock
from klantcontact.generator.files import FileSpec
from klantcontact.generator.world import Params, World
from klantcontact.generator.writer import DeltaFile, Writer
from klantcontact.generator.zaken import zaaktype_rows

# Creates a progress task (name, total steps) and returns the function that advances it.
ProgressFactory = Callable[[str, int], Callable[[], None]]
# real: mor and web as Signalen, Matomo and Open Formulieren write them (real.py);
# contract: every source in the export contract's own files.
REAL = "real"
CONTRACT = "contract"
FORMATS = (REAL, CONTRACT)
_MOR_FILES = (
    files.SIGNALS,
    files.STATUSES,
    files.CATEGORIES,
    files.LOCATIONS,
    files.REPORTERS,
    files.KTO_FEEDBACK,
    files.SLA,
)


def _no_progress(_name: str, _total: int) -> Callable[[], None]:
    return lambda: None


def snapshot_days(clock: Clock) -> list[int]:
    """A full dump on the first of every month and on the last day of the period."""
    days = [day for day in range(clock.days) if clock.date(day).day == 1]
    if clock.days - 1 not in days:
        days.append(clock.days - 1)
    return days


def generate(
    params: Params,
    out: Path,
    progress: ProgressFactory = _no_progress,
    formats: str = REAL,
) -> dict[str, object]:
    if formats not in FORMATS:
        raise ValueError(f"formats must be one of {', '.join(FORMATS)}, not {formats!r}")
    clock = Clock(dt.date.fromisoformat(params.start), params.days)
    world = World(params, clock)
    world.seed_demand()
    world.web.analytics()
    world.run(progress("simulation", clock.days))

    for name in (*files.SOURCES, "_generator"):
        shutil.rmtree(out / name, ignore_errors=True)  # only the folders this generator owns
    writer = Writer(out, clock, params.fault_rate, params.seed)
    deltas: dict[str, tuple[DeltaFile, ...]] = {
        "telephony": (world.telephony.legs,),
        "cxone": (world.cxone.rows,),
        "balie": (world.balie.visits,),
        "email": (world.email.messages,),
        "web": (world.web.pages, world.web.searches, world.web.forms),
        "chat": (world.chat.sessions,),
        "kcs": (world.kcs.contacts, world.kcs.tasks),
        "kto": (world.kto.responses,),
    }
    dumps = snapshot_days(clock)
    snapshots: dict[str, tuple[tuple[FileSpec, Callable[[int], list[list[object]]]], ...]] = {
        "mor": tuple(
            (spec, lambda day, name=spec.name[:-4]: world.mor.rows_at(name, day))
            for spec in _MOR_FILES
        ),
        "zaken": (
            (files.ZAKEN, world.zaken.rows_at),
            (files.ZAAKTYPEN, lambda _day: zaaktype_rows()),
        ),
    }
    for source in files.SOURCES:
        if formats == REAL and source == "mor":
            real.write_mor(writer, world.mor, dumps, params.seed, progress)
        elif formats == REAL and source == "web":
            real.write_web(writer, world.web, world.customers, params.seed, progress)
        elif source in deltas:
            advance = progress(source, clock.days * len(deltas[source]))
            for delta in deltas[source]:
                writer.write_delta(delta, advance)
        else:
            advance = progress(source, len(dumps) * len(snapshots[source]))
            for spec, rows_at in snapshots[source]:
                writer.write_snapshot(spec, dumps, rows_at, advance)
    writer.write_manifest()

    fault_counts: dict[str, int] = {}
    for entry in writer.manifest:
        fault_counts[entry[4]] = fault_counts.get(entry[4], 0) + 1
    summary: dict[str, object] = {
        "parameters": params._asdict(),
        "seed": params.seed,
        "rows": dict(sorted(writer.rows_written.items())),
        "folders": dict(sorted(writer.folders.items())),
        "snapshot_dates": [clock.day_text(day) for day in dumps],
        "faults": dict(sorted(fault_counts.items())),
    }
    if formats != CONTRACT:  # a contract run's summary stays as it always was
        summary["formats"] = formats
    (out / "_generator" / "summary.json").write_text(
        json.dumps(summary, indent=2) + "\n", encoding="utf-8"
    )
    return summary
