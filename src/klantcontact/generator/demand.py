"""When customers turn up: daily volumes and time-of-day profiles per channel."""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

from klantcontact.generator import season
from klantcontact.generator.clock import Clock

# Monday morning, the half hours 08:00-12:00, which Stream.monday_morning weights up: the
# weekend's questions come in at once.
_MORNING = range(16, 24)


def _half_hours(
    hourly: dict[int, float], overrides: dict[int, float] | None = None
) -> tuple[float, ...]:
    """48 half-hour weights from per-hour weights, with single half hours overridden."""
    weights = [hourly.get(h // 2, 0.0) for h in range(48)]
    for slot, value in (overrides or {}).items():
        weights[slot] = value
    return tuple(weights)


class Stream(NamedTuple):
    name: str
    annual: float  # arrivals per year per 150,000 inhabitants
    weekday: tuple[float, float, float, float, float]  # Monday..Friday on working days
    weekend: float  # a weekend day relative to an average working day
    closing: float  # a closing day (holiday) on a weekday, likewise
    working_hours: tuple[float, ...]
    off_hours: tuple[float, ...]
    friday_afternoon: float = 1.0  # weight of Friday's half hours from 13:00
    monday_morning: float = 1.0  # weight of Monday's half hours 08:00-12:00 (day total kept)


# Phone: Monday peak, lunch dip, quiet Friday afternoon; before 08:30 and after 17:00 callers
# still dial and hear the closed message.
PHONE = Stream(
    "phone",
    122_000,
    (1.3, 1.05, 0.95, 0.95, 0.75),
    0.03,
    0.1,
    _half_hours(
        {
            7: 0.12,
            8: 0.9,
            9: 1.35,
            10: 1.45,
            11: 1.25,
            12: 0.75,
            13: 0.95,
            14: 1.1,
            15: 1.0,
            16: 0.8,
            17: 0.14,
            18: 0.08,
            19: 0.05,
            20: 0.03,
            21: 0.02,
            22: 0.01,
            6: 0.02,
        },
        {16: 0.2, 17: 1.1},
    ),
    _half_hours({h: 1.0 for h in range(9, 18)} | {8: 0.5, 18: 0.5, 19: 0.3}),
    friday_afternoon=0.7,
    monday_morning=1.2,
)
EMAIL = Stream(
    "email",
    2_200,
    (1.2, 1.05, 1.0, 0.95, 0.85),
    0.35,
    0.4,
    _half_hours(
        {h: 0.15 for h in range(24)}
        | {
            7: 0.6,
            8: 1.2,
            9: 1.5,
            10: 1.5,
            11: 1.4,
            12: 1.0,
            13: 1.2,
            14: 1.3,
            15: 1.2,
            16: 1.0,
            17: 0.8,
            18: 0.7,
            19: 0.8,
            20: 0.9,
            21: 0.7,
            22: 0.4,
            23: 0.25,
        }
    ),
    _half_hours({h: 0.2 for h in range(24)} | {h: 1.0 for h in range(9, 23)}),
)
FORM = Stream(
    "form",
    6_500,
    (1.15, 1.05, 1.0, 1.0, 0.85),
    0.55,
    0.6,
    _half_hours(
        {h: 0.1 for h in range(24)}
        | {
            7: 0.5,
            8: 1.0,
            9: 1.4,
            10: 1.5,
            11: 1.4,
            12: 1.1,
            13: 1.2,
            14: 1.3,
            15: 1.2,
            16: 1.1,
            17: 0.9,
            18: 0.8,
            19: 1.0,
            20: 1.1,
            21: 0.9,
            22: 0.5,
            23: 0.25,
        }
    ),
    _half_hours({h: 0.15 for h in range(24)} | {h: 1.0 for h in range(9, 23)}),
)
# Staffed chat, WhatsApp and post: KCC opening hours on working days only.
_STAFFED = _half_hours(
    {9: 1.3, 10: 1.4, 11: 1.3, 12: 0.9, 13: 1.1, 14: 1.2, 15: 1.1, 16: 0.9}, {17: 0.9}
)
CHAT = Stream(
    "Live chat", 3_600, (1.25, 1.05, 0.95, 0.95, 0.8), 0.0, 0.0, _STAFFED, _STAFFED, 0.75, 1.15
)
WHATSAPP = Stream(
    "WhatsApp", 1_800, (1.25, 1.05, 0.95, 0.95, 0.8), 0.0, 0.0, _STAFFED, _STAFFED, 0.75, 1.15
)
POST = Stream("Brief", 900, (1.1, 1.0, 1.0, 1.0, 0.9), 0.0, 0.0, _STAFFED, _STAFFED)
# Signalen's web form and app run day and night, every day.
MELDING = Stream(
    "melding",
    9_700,
    (1.15, 1.0, 1.0, 1.0, 0.95),
    0.8,
    0.85,
    _half_hours(
        {h: 0.1 for h in range(24)}
        | {
            7: 0.6,
            8: 1.0,
            9: 1.2,
            10: 1.2,
            11: 1.2,
            12: 1.1,
            13: 1.1,
            14: 1.1,
            15: 1.1,
            16: 1.1,
            17: 1.1,
            18: 1.0,
            19: 1.0,
            20: 0.9,
            21: 0.7,
            22: 0.4,
            23: 0.2,
        }
    ),
    _half_hours({h: 0.1 for h in range(24)} | {h: 1.0 for h in range(9, 23)}),
)
# Counter: appointments and walk-ins 09:00-17:00; the Thursday evening is added by the balie module.
BALIE = Stream(
    "balie",
    18_000,
    (1.15, 1.05, 0.95, 1.05, 0.8),
    0.0,
    0.0,
    _half_hours({9: 1.2, 10: 1.3, 11: 1.2, 12: 0.9, 13: 1.0, 14: 1.1, 15: 1.0, 16: 0.8}),
    _half_hours({}),
)
STREAMS = (PHONE, EMAIL, FORM, CHAT, WHATSAPP, POST, MELDING, BALIE)


def working_day_weights(stream: Stream, weekday: int) -> tuple[float, ...]:
    """The 48 half-hour weights of a working day: Friday's afternoon quieter, Monday's
    morning busier (the day's total unchanged, so the weekday factor alone sets it)."""
    hours = stream.working_hours
    if weekday == 4:
        return tuple(w * (stream.friday_afternoon if s >= 26 else 1.0) for s, w in enumerate(hours))
    if weekday == 0 and stream.monday_morning != 1.0:
        boosted = [
            w * (stream.monday_morning if s in _MORNING else 1.0) for s, w in enumerate(hours)
        ]
        keep = sum(hours) / sum(boosted)
        return tuple(w * keep for w in boosted)
    return hours


class Profile:
    """Samples how many arrivals a day gets and when, for one stream."""

    def __init__(self, stream: Stream, clock: Clock, scale: float) -> None:
        self.stream = stream
        self.clock = clock
        self._cum_by_weekday = [
            list(accumulate(working_day_weights(stream, weekday))) for weekday in range(5)
        ]
        self._cum_working = self._cum_by_weekday[1]
        self._cum_off = list(accumulate(stream.off_hours))
        reference = sum(self.factor(day) for day in range(365)) / 365
        self._per_day = stream.annual * scale / 365 / reference
        # The channel shift on top of the seasons: not in the reference, so the yearly volume
        # holds in the middle of 2025 and grows or shrinks from there.
        self._trend = [season.trend(stream.name, clock.date(day)) for day in range(clock.days)]

    def factor(self, day: int) -> float:
        weekday = self.clock.weekday(day)
        month = season.month_factor(self.clock.date(day))
        if self.clock.is_working(day):
            return self.stream.weekday[weekday] * month
        return (self.stream.weekend if weekday >= 5 else self.stream.closing) * month

    def count(self, day: int, rng: random.Random, boost: float = 1.0) -> int:
        """Arrivals on the day; boost multiplies the mean (a surge of one subject)."""
        trend = self._trend[day] if 0 <= day < len(self._trend) else 1.0
        mean = self._per_day * self.factor(day) * trend * boost
        if mean <= 0:
            return 0
        return max(0, round(rng.gauss(mean, mean**0.5)))

    def moment(self, day: int, rng: random.Random) -> int:
        """A UTC moment on the local day following the stream's time-of-day profile."""
        if self.clock.is_working(day):
            cum = self._cum_by_weekday[self.clock.weekday(day)]
        else:
            cum = self._cum_off
        if cum[-1] <= 0:
            cum = self._cum_working
        slot = bisect_right(cum, rng.random() * cum[-1])
        return self.clock.at(day, slot * 1800 + rng.randrange(1800))
