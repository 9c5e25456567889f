"""Dirty data, injected only as raw-validation-contract.md describes: one fault per row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from typing import NamedTuple
from zoneinfo import ZoneInfo

from klantcontact.generator import files
from klantcontact.generator.files import FileSpec
from klantcontact.generator.rand import between, one_of

QUARANTINE = "quarantine"
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Few rows carry a BSN, and a mistyped BSN is the most common fault where one does.
_KIND_WEIGHT = {"invalid_bsn": 3}
_STRPTIME = {
    files.UTC: "%Y-%m-%dT%H:%M:%SZ",
    files.LOCAL_DMY: "%d-%m-%Y %H:%M:%S",
    files.DATE: "%Y-%m-%d",
}

Row = list[object]


class Fault(NamedTuple):
    """A fault at a position of the rows as written (header excluded, duplicates included)."""

    position: int
    record_id: str
    fault: str
    column: str
    expected: str


def _corrupt_timestamp(value: str, rng: random.Random) -> str:
    """Unparseable or non-existent, in the column's own notation."""
    choice = rng.randrange(3)
    if choice == 0:
        return "n/a"
    if value[2] == "-":  # DD-MM-YYYY...
        return ("31-02" if choice == 1 else "45-13") + value[5:]
    if value[2] == "/":  # MM/DD/YYYY
        return ("02/31" if choice == 1 else "13/45") + value[5:]
    if value[2] == ":":  # HH:MM:SS
        return "25" + value[2:] if choice == 1 else value[:3] + "61" + value[5:]
    return value[:5] + ("02-31" if choice == 1 else "13-45") + value[10:]


def _earlier(value: str, kind: str, rng: random.Random) -> str:
    """A valid moment in the same notation that lies before value."""
    if kind == files.DATE:
        day = dt.datetime.strptime(value, _STRPTIME[kind]) - dt.timedelta(days=between(rng, 1, 20))
        return day.strftime(_STRPTIME[kind])
    delta = dt.timedelta(seconds=between(rng, 300, 3 * 3600))
    if kind == files.OFFSET:
        moment = dt.datetime.fromisoformat(value) - delta
        return moment.astimezone(_AMSTERDAM).isoformat()
    moment = dt.datetime.strptime(value, _STRPTIME[kind]) - delta
    return moment.strftime(_STRPTIME[kind])


def _invalid_bsn(value: str, rng: random.Random) -> str:
    """Changing one digit of a valid BSN always breaks the 11-test (weights are below 11)."""
    digits = value.zfill(9)
    pos = rng.randrange(9)
    new = (int(digits[pos]) + between(rng, 1, 9)) % 10
    return f"{digits[:pos]}{new}{digits[pos + 1 :]}"


def _options(row: Row, spec: FileSpec) -> dict[str, list[str]]:
    def filled(column: str) -> bool:
        return str(row[spec.index(column)]) != ""

    options = {
        "missing_id": list(spec.missing_id),
        "invalid_timestamp": [c for c in spec.required_ts + spec.optional_ts if filled(c)],
        "out_of_range": list(spec.out_of_range),
        "unknown_code": [c for c in spec.unknown_codes if filled(c)],
        "end_before_start": [spec.end_before_start[0]]
        if spec.end_before_start and all(filled(c) for c in spec.end_before_start)
        else [],
        "invalid_bsn": [spec.bsn] if spec.bsn and filled(spec.bsn) else [],
        "duplicate_row": [""],
    }
    return {kind: columns for kind, columns in options.items() if columns}


def _faulty_copy(row: Row, spec: FileSpec, kind: str, column: str, rng: random.Random) -> Row:
    new = list(row)
    i = spec.index(column)
    value = str(row[i])
    if kind == "missing_id":
        new[i] = ""
    elif kind == "invalid_timestamp":
        new[i] = _corrupt_timestamp(value, rng)
    elif kind == "out_of_range":
        new[i] = one_of(rng, spec.out_of_range[column])
    elif kind == "unknown_code":
        new[i] = one_of(rng, spec.unknown_codes[column])
    elif kind == "end_before_start":
        assert spec.end_before_start is not None
        new[i] = _earlier(str(row[spec.index(spec.end_before_start[1])]), spec.ts_kind, rng)
    else:
        new[i] = _invalid_bsn(value, rng)
    return new


def record_id(row: Row, spec: FileSpec) -> str:
    return "|".join(str(row[spec.index(c)]) for c in spec.key)


def inject_rows(
    rows: list[Row], spec: FileSpec, rng: random.Random, rate: float, protect_last: bool
) -> tuple[list[Row], list[Fault]]:
    """Faults at a per-row rate; geometric gaps between faulty rows skip the clean ones fast."""
    if rate <= 0 or not rows:
        return rows, []
    out: list[Row] = []
    found: list[Fault] = []
    log_q = math.log(1.0 - rate)
    last = len(rows) - 1 if protect_last else len(rows)
    done = 0
    i = int(math.log(1.0 - rng.random()) / log_q)
    while i < last:
        out.extend(rows[done:i])
        row = rows[i]
        options = _options(row, spec)
        kinds = sorted(options)
        kind = rng.choices(kinds, [_KIND_WEIGHT.get(k, 1) for k in kinds])[0]
        column = one_of(rng, options[kind])
        if kind == "duplicate_row":
            out.append(row)
            out.append(row)
            found.append(Fault(len(out) - 1, record_id(row, spec), kind, "", "deduplicate"))
        else:
            new = _faulty_copy(row, spec, kind, column, rng)
            out.append(new)
            expected = "pseudonym_null" if kind == "invalid_bsn" else QUARANTINE
            rid = "" if kind == "missing_id" and column in spec.key else record_id(new, spec)
            found.append(Fault(len(out) - 1, rid, kind, column, expected))
        done = i + 1
        i = done + int(math.log(1.0 - rng.random()) / log_q)
    out.extend(rows[done:])
    return out, found


def truncated_line(row: Row, spec: FileSpec, rng: random.Random) -> str:
    """The record cut between the end of its key and its last delimiter, never inside quotes."""
    n = len(spec.columns)
    keep = between(rng, len(spec.key), n - 1)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=spec.delimiter, lineterminator="").writerow(row[:keep])
    text = buffer.getvalue()
    if keep <= n - 2:
        following = str(row[keep])
        plain = len(following) > 1 and not any(
            ch in following for ch in (spec.delimiter, '"', "\n", "\r")
        )
        if plain and rng.random() < 0.5:
            text += spec.delimiter + following[: between(rng, 1, len(following) - 1)]
    return text
