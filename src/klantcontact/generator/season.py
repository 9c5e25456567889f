"""Seasons and events: what makes one month, week or morning of the demo unlike another.

Multipliers on the demand of demand.py (volumes per month, the channel shift, subjects that
surge) and on the KCC's phone queue (telephony.py: staffing, the outage). The proportions
each produces in the demo build are in docs/demo-generator.md, "Seasons and events".
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from klantcontact.generator import vocab
from klantcontact.generator.clock import Clock

# Demand of every channel per calendar month, January first: the new year's peak (moves,
# new rules and tariffs, the afvalkalender), the summer holidays, the quiet Christmas weeks.
# February's own surge, the tax assessment, comes on top (TAX_* below).
MONTH_FACTOR = (1.17, 0.99, 1.03, 1.0, 0.97, 0.96, 0.8, 0.82, 1.01, 1.04, 1.02, 0.88)
# KCC staff on duty per month: holidays in July and August, Christmas leave in December;
# a month whose demand outruns its staff has longer waits (telephony.mean_wait).
STAFFING = (1.0, 1.0, 1.0, 1.0, 0.97, 0.97, 0.79, 0.8, 1.0, 1.0, 1.0, 0.92)

# The channel shift from phone to digital: growth per year of each stream, around the middle
# of 2025, where the yearly volumes of demand.py hold (earlier years have more calls and
# fewer forms and chats). Streams not named keep their volume.
TREND_MIDPOINT = dt.date(2025, 7, 2)
TREND = {"phone": -0.08, "email": -0.02, "form": 0.25, "Live chat": 0.3, "WhatsApp": 0.4}

# The aanslag gemeentelijke belastingen is sent on the first working day of February:
# questions about Belastingen (phone, e-mail, chat) are three times their usual number that
# day and fall back over about two weeks (an exponential decay with that time constant).
TAX_SURGE = 2.0
TAX_DECAY_DAYS = 14.0


class Storm(NamedTuple):
    """A storm week: fallen trees, lampposts and signs in the green, exposed buurten."""

    first: dt.date
    meldingen: tuple[float, ...]  # extra online/app meldingen per day (150,000 inhabitants)
    openbare_ruimte: tuple[float, ...]  # multiplier of phone/e-mail/chat about it per day
    hotspots: tuple[str, ...]  # buurt names
    hotspot_share: float  # of the extra meldingen
    categories: tuple[tuple[str, int], ...]  # sub-category slug, weight


STORM = Storm(
    dt.date(2025, 11, 10),
    (30.0, 230.0, 150.0, 80.0, 45.0, 25.0, 15.0),
    (1.3, 4.0, 3.0, 2.0, 1.5, 1.2, 1.1),
    ("Park Oost", "Bomenbuurt", "Zuiderpark"),
    0.8,
    (
        ("boom", 45),
        ("straatverlichting-openbare-klok", 15),
        ("verkeersbord-verkeersafzetting", 12),
        ("onderhoud-stoep-straat-en-fietspad", 10),
        ("zwerfvuil", 10),
        ("container-is-vol", 8),
    ),
)


class Outage(NamedTuple):
    """A month with telephony trouble on Anywhere365 (the general number)."""

    month: tuple[int, int]  # year, month
    capacity: float  # agents reachable over the whole month (lines down, re-logins)
    windows: tuple[tuple[dt.date, float, float], ...]  # day, local hours from, to
    blocked: float  # share of calls the menu blocks during a window


OUTAGE = Outage(
    (2025, 9),
    0.72,
    (
        (dt.date(2025, 9, 8), 8.5, 13.0),
        (dt.date(2025, 9, 9), 10.0, 15.5),
        (dt.date(2025, 9, 16), 8.5, 11.0),
        (dt.date(2025, 9, 23), 13.0, 17.0),
    ),
    0.65,
)

# Phone demand relative to staff averages to this over the twelve months; pressure is
# expressed relative to it, so an ordinary month waits as the queue model was tuned for.
_MEAN_RATIO = sum(m / s for m, s in zip(MONTH_FACTOR, STAFFING, strict=True)) / 12
_SUBJECT_INDEX = {subject: i for i, subject in enumerate(vocab.SUBJECTS)}
_TAX = _SUBJECT_INDEX[vocab.BELASTINGEN]
_OR = _SUBJECT_INDEX[vocab.OPENBARE_RUIMTE]
_PHONE_SHARE = [w / sum(vocab.SUBJECT_WEIGHTS_PHONE) for w in vocab.SUBJECT_WEIGHTS_PHONE]


def month_factor(date: dt.date) -> float:
    return MONTH_FACTOR[date.month - 1]


def trend(stream: str, date: dt.date) -> float:
    """The stream's volume relative to the middle of 2025 (the channel shift)."""
    rate = TREND.get(stream, 0.0)
    return (1.0 + rate) ** ((date - TREND_MIDPOINT).days / 365.25) if rate else 1.0


def tax_dispatch(year: int, clock: Clock) -> int:
    """Day index of the first working day of February of year."""
    day = (dt.date(year, 2, 1) - clock.start).days
    return clock.working_day_after(day, 0 if clock.is_working(day) else 1)


class Season:
    """The calendar above per day of the period (index 0 = the first export day)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        days = clock.days
        neutral = (1.0,) * len(vocab.SUBJECTS)
        self._subjects: list[tuple[float, ...]] = [neutral] * days
        self._storm_day: list[int] = [-1] * days
        storm_start = (STORM.first - clock.start).days
        dispatches = [
            tax_dispatch(year, clock) for year in range(clock.start.year, clock.date(days).year + 1)
        ]
        for day in range(days):
            multipliers = list(neutral)
            since = min((day - d for d in dispatches if d <= day), default=-1)
            if 0 <= since < 75:
                multipliers[_TAX] = 1.0 + TAX_SURGE * math.exp(-since / TAX_DECAY_DAYS)
            if 0 <= day - storm_start < len(STORM.meldingen):
                self._storm_day[day] = day - storm_start
                multipliers[_OR] = STORM.openbare_ruimte[day - storm_start]
            if multipliers != list(neutral):
                self._subjects[day] = tuple(multipliers)
        # Blocked-menu windows of the outage as UTC moments per day.
        self._windows: dict[int, tuple[int, int]] = {}
        for date, lo, hi in OUTAGE.windows:
            day = (date - clock.start).days
            if 0 <= day < days:
                self._windows[day] = (clock.at(day, int(lo * 3600)), clock.at(day, int(hi * 3600)))
        self._pressure = [self._pressure_of(day) for day in range(days)]

    def _pressure_of(self, day: int) -> float:
        date = self.clock.date(day)
        index = date.month - 1
        boost = sum(s * m for s, m in zip(_PHONE_SHARE, self._subjects[day], strict=True))
        capacity = OUTAGE.capacity if (date.year, date.month) == OUTAGE.month else 1.0
        return MONTH_FACTOR[index] * boost / STAFFING[index] / capacity / _MEAN_RATIO

    def subjects(self, day: int) -> tuple[float, ...]:
        """Multiplier per subject of vocab.SUBJECTS for contacts on phone, e-mail and chat."""
        return self._subjects[day] if 0 <= day < self.clock.days else self._subjects[0]

    def pressure(self, day: int) -> float:
        """Phone demand relative to the staff on duty, 1.0 for an ordinary month."""
        return self._pressure[day] if 0 <= day < self.clock.days else 1.0

    def blocked(self, day: int, t: int) -> float:
        """Share of calls to the general number the menu blocks at t (the outage)."""
        window = self._windows.get(day)
        if window is not None and window[0] <= t < window[1]:
            return OUTAGE.blocked
        return 0.0

    def storm_meldingen(self, day: int, scale: float) -> float:
        """Mean extra storm meldingen on the day (0 outside the storm week)."""
        index = self._storm_day[day] if 0 <= day < self.clock.days else -1
        return STORM.meldingen[index] * scale if index >= 0 else 0.0
