"""Writes the export folders, injects faults on the way, and keeps the fault manifest."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

from klantcontact.generator.clock import Clock
from klantcontact.generator.faults import (
    QUARANTINE,
    Fault,
    Row,
    inject_rows,
    record_id,
    truncated_line,
)
from klantcontact.generator.files import FileSpec

MANIFEST_COLUMNS = (
    "source",
    "file",
    "line_number",
    "record_id",
    "fault",
    "column_name",
    "expected",
)


class DeltaFile:
    """Rows of a delta file bucketed by export day, each with the moment that orders it."""

    def __init__(self, spec: FileSpec, days: int) -> None:
        self.spec = spec
        self.by_day: list[list[tuple[int, Row]]] = [[] for _ in range(days)]

    def add(self, day: int, t: int, row: Row) -> None:
        """Changes after the last export day are simply never exported."""
        if 0 <= day < len(self.by_day):
            self.by_day[day].append((t, row))

    def add_echoed(self, day: int, t: int, row: Row, rng: random.Random, rate: float) -> None:
        """Export the row, now and then also in the next folder (overlapping export windows)."""
        self.add(day, t, row)
        if rng.random() < rate:
            self.add(day + 1, t, row)


class Writer:
    def __init__(self, root: Path, clock: Clock, fault_rate: float, seed: int) -> None:
        self.root = root
        self.clock = clock
        self.fault_rate = fault_rate
        self.seed = seed
        self.manifest: list[tuple[str, str, str, str, str, str, str]] = []
        self.rows_written: dict[str, int] = {}
        self.folders: dict[str, int] = {}

    def _rng(self, spec: FileSpec) -> random.Random:
        return random.Random(f"{self.seed}/faults/{spec.path_name}")

    def _note(
        self, spec: FileSpec, rel: str, line: str, rid: str, fault: str, column: str, expected: str
    ) -> None:
        self.manifest.append((spec.source, rel, line, rid, fault, column, expected))

    def _write_file(
        self,
        spec: FileSpec,
        day: int,
        rows: list[Row],
        rng: random.Random,
        truncate: bool,
        legacy: bool = False,
    ) -> None:
        folder = self.clock.day_text(day)
        rel = f"{spec.source}/{folder}/{spec.name}"
        out, found = inject_rows(rows, spec, rng, self.fault_rate, protect_last=truncate)
        tail = ""
        if truncate:
            tail = truncated_line(out[-1], spec, rng)
            found.append(
                Fault(len(out) - 1, record_id(out[-1], spec), "truncated_row", "", QUARANTINE)
            )
            out = out[:-1]
        path = self.root / rel
        encoding = "cp1252" if legacy else "utf-8-sig" if spec.bom else "utf-8"
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(
                handle, delimiter=spec.delimiter, lineterminator="\r\n" if spec.crlf else "\n"
            )
            writer.writerow(spec.columns)
            writer.writerows(out)
            handle.write(tail)
        self.rows_written[spec.path_name] += len(out) + (1 if truncate else 0)
        if found:
            starts = _line_starts(out, spec, truncate)
            for fault in found:
                self._note(
                    spec,
                    rel,
                    str(starts[fault.position]),
                    fault.record_id,
                    fault.fault,
                    fault.column,
                    fault.expected,
                )

    def _folder(self, source: str, day: int) -> None:
        path = self.root / source / self.clock.day_text(day)
        if not path.exists():
            path.mkdir(parents=True)
            self.folders[source] = self.folders.get(source, 0) + 1

    def write_delta(self, delta: DeltaFile, advance: Callable[[], None]) -> None:
        """One file per day; a missing or 0-byte file hands its rows to the next day, and so does
        a truncated last record, so the pipeline loses nothing but the faulty lines."""
        spec = delta.spec
        rng = self._rng(spec)
        self.rows_written.setdefault(spec.path_name, 0)
        carry: list[tuple[int, Row]] = []
        legacy_seen = self.fault_rate <= 0
        last_day = len(delta.by_day) - 1
        for day, entries in enumerate(delta.by_day):
            entries.sort(key=itemgetter(0))
            entries = carry + entries
            carry = []
            self._folder(spec.source, day)
            rel = f"{spec.source}/{self.clock.day_text(day)}/{spec.name}"
            draw = rng.random() / self.fault_rate if self.fault_rate > 0 and day < last_day else 3.0
            if draw < 1.0:
                self._note(spec, rel, "", "", "missing_file", "", "none")
                carry = entries
            elif draw < 2.0:
                (self.root / rel).write_bytes(b"")
                self._note(spec, rel, "", "", "empty_file", "", "skip_file")
                carry = entries
            else:
                truncate = draw < 3.0 and bool(entries)
                rows = [row for _, row in entries]
                # Only a file with a non-ASCII character differs from UTF-8 in Windows-1252.
                # The first such file always is one, so every faulty export set has the fault.
                legacy_draw = spec.legacy_encoding and (
                    rng.random() < min(0.25, 10 * self.fault_rate) or not legacy_seen
                )
                legacy = legacy_draw and not all(
                    str(value).isascii() for row in rows for value in row
                )
                legacy_seen = legacy_seen or legacy
                self._write_file(spec, day, rows, rng, truncate, legacy)
                if legacy:
                    self._note(spec, rel, "", "", "windows_1252", "", "read")
                if truncate:
                    carry = entries[-1:]
            advance()

    def write_snapshot(
        self,
        spec: FileSpec,
        dump_days: list[int],
        rows_at: Callable[[int], list[Row]],
        advance: Callable[[], None],
    ) -> None:
        rng = self._rng(spec)
        self.rows_written.setdefault(spec.path_name, 0)
        for day in dump_days:
            self._folder(spec.source, day)
            self._write_file(spec, day, rows_at(day), rng, truncate=False)
            advance()

    def write_file(self, source: str, day: int, name: str, data: bytes) -> None:
        """A file written as given (a real system's own export), without faults."""
        self._folder(source, day)
        (self.root / source / self.clock.day_text(day) / name).write_bytes(data)

    def count(self, name: str, rows: int) -> None:
        """Records written under the summary's name of a file."""
        self.rows_written[name] = self.rows_written.get(name, 0) + rows

    def write_manifest(self) -> Path:
        folder = self.root / "_generator"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "faults.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(MANIFEST_COLUMNS)
            writer.writerows(self.manifest)
        return path


def _line_starts(out: list[Row], spec: FileSpec, truncated: bool) -> list[int]:
    """Physical line on which each record starts; the header is line 1."""
    count = len(out) + (1 if truncated else 0)
    if not spec.multiline:
        return list(range(2, count + 2))
    starts = []
    line = 2
    for row in out:
        starts.append(line)
        line += 1 + sum(str(value).count("\n") for value in row)
    starts.append(line)  # the truncated tail, if any
    return starts
