"""The period an extract covers: [start, end], whole seconds in UTC.

KCC_EXTRACT_FROM and KCC_EXTRACT_TO are dates (YYYY-MM-DD: FROM from 00:00:00, TO through
23:59:59 UTC) or timestamps with a time zone (2025-05-01T06:00:00Z). TO defaults to now;
FROM defaults to the end of the last extract of the system minus an overlap (one day), read
from its newest manifest, so a daily run picks up what changed late on the previous day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from klantcontact.extract.errors import ConfigError

UTC = dt.UTC
OVERLAP = dt.timedelta(days=1)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime

    @property
    def folder(self) -> str:
        """The export folder's name: the UTC date of the window's end."""
        return self.end.date().isoformat()

    def as_json(self) -> dict[str, str]:
        return {"from": timestamp(self.start), "to": timestamp(self.end)}


def timestamp(moment: dt.datetime) -> str:
    """yyyy-MM-ddTHH:mm:ssZ: the one format KISS accepts, used everywhere for windows."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_moment(value: str, variable: str, *, end_of_day: bool) -> dt.datetime:
    """A date or an aware timestamp as UTC, whole seconds; a date is its first second, or
    with end_of_day its last."""
    if _DATE.match(value):
        day = dt.date.fromisoformat(value)
        moment = dt.datetime.combine(day, dt.time(23, 59, 59) if end_of_day else dt.time())
        return moment.replace(tzinfo=UTC)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ConfigError(
            f"{variable}={value!r} is neither a date (YYYY-MM-DD) nor a timestamp with a "
            "time zone (YYYY-MM-DDTHH:MM:SSZ)"
        )
    return moment.astimezone(UTC).replace(microsecond=0)


def last_extract_end(folder: Path, system: str) -> dt.datetime | None:
    """The latest window end among <folder>/<date>/<system>.manifest.json."""
    ends = []
    for manifest in folder.glob(f"*/{system}.manifest.json"):
        try:
            window = json.loads(manifest.read_text(encoding="utf-8"))["window"]
            ends.append(parse_moment(window["to"], str(manifest), end_of_day=True))
        except (OSError, ValueError, KeyError, TypeError, ConfigError):
            continue
    return max(ends, default=None)


def resolve(
    given_from: str | None, given_to: str | None, folder: Path, system: str, now: dt.datetime
) -> Window:
    """The window of one system's extract into folder (<raw_dir>/kcs or zaken)."""
    end = (
        parse_moment(given_to, "KCC_EXTRACT_TO", end_of_day=True)
        if given_to
        else now.astimezone(UTC).replace(microsecond=0)
    )
    if given_from:
        start = parse_moment(given_from, "KCC_EXTRACT_FROM", end_of_day=False)
    else:
        last = last_extract_end(folder, system)
        if last is None:
            raise ConfigError(
                f"{system}: no earlier extract in {folder} to continue from; set "
                "KCC_EXTRACT_FROM (YYYY-MM-DD) for the first extract"
            )
        start = last - OVERLAP
    if start > end:
        raise ConfigError(
            f"{system}: the window starts after it ends ({timestamp(start)} > {timestamp(end)});"
            " check KCC_EXTRACT_FROM and KCC_EXTRACT_TO"
        )
    return Window(start, end)
