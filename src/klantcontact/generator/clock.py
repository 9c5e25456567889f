"""Europe/Amsterdam time, the CAO Gemeenten working-day calendar and the timestamp formats.

Every moment is an int of UTC epoch seconds: cheap to compare and to add to, and it
formats into each export's own notation without datetime objects on the hot path.
"""

from __future__ import annotations

import csv
import datetime as dt
from bisect import bisect_right

import holidays

from klantcontact.settings import SETTINGS

DAY = 86400
HOUR = 3600
MINUTE = 60
_EPOCH = dt.date(1970, 1, 1)
# The eight paid holidays of the CAO Gemeenten, by their Dutch names in the holidays
# package (its default Dutch set also holds Goede Vrijdag, Easter and Whit Sunday).
_CAO_HOLIDAYS = frozenset(
    {
        "Nieuwjaarsdag",
        "Tweede paasdag",
        "Koningsdag",
        "Bevrijdingsdag",
        "Hemelvaartsdag",
        "Tweede pinksterdag",
        "Eerste kerstdag",
        "Tweede kerstdag",
    }
)
# Extra closing days (e.g. the Friday after Hemelvaartsdag) are the municipality's own
# choice; the demo follows the reference seed so generated and modelled calendars agree.
EXTRA_CLOSING_DAYS_SEED = SETTINGS.project_dir / "seeds" / "closing_days_demo.csv"
_HMS = tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY))
# Lifecycles (cases, callbacks) run on past the last export; the calendar covers them.
_HORIZON_DAYS = 800
_LEAD_DAYS = 400


def _dst_start_end(year: int) -> tuple[int, int]:
    """EU rule: summer time from the last Sunday of March to that of October, 01:00 UTC."""
    bounds = []
    for month in (3, 10):
        last = dt.date(year, month, 31)
        last -= dt.timedelta(days=(last.weekday() + 1) % 7)
        bounds.append((last - _EPOCH).days * DAY + HOUR)
    return bounds[0], bounds[1]


def municipal_closing_days() -> set[dt.date]:
    """The municipality's own closing days, from the same seed the datamart's dim_date uses."""
    with EXTRA_CLOSING_DAYS_SEED.open(encoding="utf-8", newline="") as handle:
        return {dt.date.fromisoformat(row["closing_date"]) for row in csv.DictReader(handle)}


def closing_days(years: range) -> set[dt.date]:
    """CAO holidays for the years plus the seed's extra closing days; 5 May is added because
    the package keeps it to lustrum years."""
    found = holidays.country_holidays("NL", years=list(years), language="nl")
    days = {day for day, name in found.items() if name in _CAO_HOLIDAYS}
    days.update(dt.date(year, 5, 5) for year in years)
    days.update(day for day in municipal_closing_days() if day.year in years)
    return days


class Clock:
    """Period calendar: day indexes count from the first export day (0)."""

    def __init__(self, start: dt.date, days: int) -> None:
        self.start = start
        self.days = days
        self.day0 = (start - _EPOCH).days
        first_year = start.year - 2
        last_year = (start + dt.timedelta(days=days + _HORIZON_DAYS)).year + 1
        years = range(first_year, last_year + 1)
        transitions = [t for year in years for t in _dst_start_end(year)]
        closed = closing_days(years)
        self._lo = -_LEAD_DAYS
        span = days + _HORIZON_DAYS - self._lo
        # Lookup tables over the whole span: summer time per UTC hour, date texts per day.
        self._first_day = self.day0 + self._lo
        self._first_hour = self._first_day * 24
        self._summer = bytes(
            bisect_right(transitions, hour * HOUR) % 2
            for hour in range(self._first_hour, self._first_hour + span * 24)
        )
        dates = [start + dt.timedelta(days=i + self._lo) for i in range(span)]
        self._iso = [d.isoformat() for d in dates]
        self._dmy = [d.strftime("%d-%m-%Y") for d in dates]
        self._mdy = [d.strftime("%m/%d/%Y") for d in dates]
        self._working = bytearray(span)
        self._working_before: list[int] = [0] * span  # working days strictly before index
        self.working_days: list[int] = []
        for i, date in enumerate(dates):
            self._working_before[i] = len(self.working_days)
            if date.weekday() < 5 and date not in closed:
                self._working[i] = 1
                self.working_days.append(i + self._lo)
        self.end = self.at(days, 0)

    # --- time zone -------------------------------------------------------------------
    def offset(self, t: int) -> int:
        return 7200 if self._summer[t // HOUR - self._first_hour] else 3600

    def at(self, day: int, second: int) -> int:
        """UTC moment of a local wall-clock time; a time in the spring gap moves an hour on."""
        local = (self.day0 + day) * DAY + second
        summer = local - 7200
        if self.offset(summer) == 7200:
            return summer
        return local - 3600

    def local_day(self, t: int) -> int:
        return (t + self.offset(t)) // DAY - self.day0

    def local_second(self, t: int) -> int:
        return (t + self.offset(t)) % DAY

    # --- calendar --------------------------------------------------------------------
    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def weekday(self, day: int) -> int:
        return (self.day0 + day + 3) % 7  # 1 Jan 1970 was a Thursday

    def is_working(self, day: int) -> bool:
        return self._working[day - self._lo] == 1

    def working_day_after(self, day: int, n: int) -> int:
        """The n-th working day strictly after day (n = 0: day itself), as in kpis.md."""
        if n == 0:
            return day
        return self.working_days[self._working_before[day - self._lo + 1] + n - 1]

    def weekdays_after(self, day: int, n: int) -> int:
        """Signalen's own deadline: n weekdays on, holidays ignored."""
        while n > 0:
            day += 1
            if self.weekday(day) < 5:
                n -= 1
        return day

    # --- formats ---------------------------------------------------------------------
    def _iso_date(self, epoch_day: int) -> str:
        return self._iso[epoch_day - self._first_day]

    def _dmy_date(self, epoch_day: int) -> str:
        return self._dmy[epoch_day - self._first_day]

    def day_text(self, day: int) -> str:
        """YYYY-MM-DD of a day index."""
        return self._iso_date(self.day0 + day)

    def utc(self, t: int) -> str:
        """ts-utc: 2025-03-03T08:15:02Z."""
        return f"{self._iso_date(t // DAY)}T{_HMS[t % DAY]}Z"

    def with_offset(self, t: int) -> str:
        """ts-offset: 2025-03-03T09:15:02+01:00."""
        off = self.offset(t)
        local = t + off
        zone = "+02:00" if off == 7200 else "+01:00"
        return f"{self._iso_date(local // DAY)}T{_HMS[local % DAY]}{zone}"

    def signalen(self, t: int, micro: int) -> str:
        """Signalen's database notation: 2025-03-03 09:15:02.123456+01:00."""
        off = self.offset(t)
        local = t + off
        zone = "+02:00" if off == 7200 else "+01:00"
        return f"{self._iso_date(local // DAY)} {_HMS[local % DAY]}.{micro:06d}{zone}"

    def postgres_utc(self, t: int, micro: int = 0) -> str:
        """A timestamptz as PostgreSQL prints it in a UTC session: 2025-03-03 08:15:02.12+00,
        the fraction without trailing zeros and left out when zero; micro may exceed a second."""
        t += micro // 1_000_000
        micro %= 1_000_000
        fraction = f".{micro:06d}".rstrip("0") if micro else ""
        return f"{self._iso_date(t // DAY)} {_HMS[t % DAY]}{fraction}+00"

    def local_iso(self, t: int) -> str:
        """ts-local YYYY-MM-DD HH:MM:SS."""
        local = t + self.offset(t)
        return f"{self._iso_date(local // DAY)} {_HMS[local % DAY]}"

    def local_dmy(self, t: int) -> str:
        """ts-local DD-MM-YYYY HH:MM:SS."""
        local = t + self.offset(t)
        return f"{self._dmy_date(local // DAY)} {_HMS[local % DAY]}"

    def local_mdy_hms(self, t: int) -> tuple[str, str]:
        """ts-local as two columns, US style: (MM/DD/YYYY, HH:MM:SS)."""
        local = t + self.offset(t)
        return self._mdy[local // DAY - self._first_day], _HMS[local % DAY]

    def local_dmy_minutes(self, t: int) -> str:
        """ts-local DD-MM-YYYY HH:MM."""
        local = t + self.offset(t)
        return f"{self._dmy_date(local // DAY)} {_HMS[local % DAY][:5]}"
