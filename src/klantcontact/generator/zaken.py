"""Cases (ZGW Zaken/Catalogi-like): full lifecycle at creation, dumped as of each snapshot date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING

from klantcontact.generator import vocab
from klantcontact.generator.faults import Row
from klantcontact.generator.rand import between, one_of

if TYPE_CHECKING:
    from klantcontact.generator.world import World

_DURATION = re.compile(r"P(\d+)([DWM])")
_SUSPEND_REASONS = (
    "Aanvullende informatie gevraagd",
    "Aanvullende informatie gevraagd",
    "Wachten op advies",
)


def add_duration(date: dt.date, duration: str) -> dt.date:
    """ISO-8601 durations as the Catalogi API writes them (one unit: P5D, P8W, P6M)."""
    match = _DURATION.fullmatch(duration)
    if match is None:
        raise ValueError(f"unsupported duration {duration!r}")
    amount, unit = int(match[1]), match[2]
    if unit == "D":
        return date + dt.timedelta(days=amount)
    if unit == "W":
        return date + dt.timedelta(weeks=amount)
    month = date.month - 1 + amount
    year = date.year + month // 12
    month = month % 12 + 1
    # 31 August + P6M ends on the last day of February.
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


class Zaak:
    __slots__ = (
        "seq",
        "ident",
        "code",
        "registered",
        "start",
        "planned",
        "legal",
        "working",
        "end",
        "result",
        "kanaal",
        "bsn",
        "kcm_id",
        "suspended",
        "resumed",
        "reason",
        "extended",
        "extension",
    )

    def __init__(
        self, seq: int, code: str, registered: int, kanaal: str, bsn: str, kcm_id: str
    ) -> None:
        self.seq = seq
        self.ident = ""
        self.code = code
        self.registered = registered  # UTC moment, orders the identificatie
        self.kanaal = kanaal
        self.bsn = bsn
        self.kcm_id = kcm_id
        self.start = self.planned = self.legal = self.working = self.end = 0  # day indexes
        self.result = ""
        self.suspended = self.resumed = self.extended = -1
        self.reason = self.extension = ""

    def __str__(self) -> str:
        return self.ident


class Zaken:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("zaken")
        self.cases: list[Zaak] = []

    def create(self, code: str, t: int, kanaal: str, bsn: str, kcm_id: str) -> Zaak:
        rng = self.rng
        clock = self.clock
        zaaktype = vocab.ZAAKTYPE_BY_CODE[code]
        zaak = Zaak(len(self.cases), code, t, kanaal, bsn, kcm_id)
        day = clock.local_day(t)
        zaak.start = day
        start_date = clock.date(day)
        zaak.planned = (add_duration(start_date, zaaktype.servicenorm) - clock.start).days
        zaak.legal = (add_duration(start_date, zaaktype.doorlooptijd) - clock.start).days
        norm = zaak.planned - day
        legal = zaak.legal - day
        draw = rng.random()
        if draw < 0.05:
            zaak.extended = clock.working_day_after(day, between(rng, 2, max(3, norm // 2)))
            zaak.extension = "P14D" if norm < 42 else one_of(rng, ("P14D", "P6W"))
            extra = (add_duration(start_date, zaak.extension) - start_date).days
            duration = between(rng, norm, norm + extra)
        elif draw < 0.88:
            duration = between(rng, max(1, norm // 5), norm)
        elif draw < 0.975:
            duration = between(rng, norm + 1, max(norm + 1, legal))
        else:
            duration = between(rng, legal + 1, legal + 30)
        taken = clock.working_day_after(day, between(rng, 0, 2))
        if rng.random() < 0.08:
            zaak.suspended = clock.working_day_after(taken, between(rng, 1, 5))
            pause = between(rng, 5, 21)
            zaak.resumed = zaak.suspended + pause
            zaak.reason = one_of(rng, _SUSPEND_REASONS)
            duration += pause
        end = day + duration
        # Closed on a working day: the last one before the target date when there is one.
        while end > day and not clock.is_working(end):
            end -= 1
        zaak.end = max(
            clock.working_day_after(end, 0 if clock.is_working(end) else 1), zaak.resumed
        )
        zaak.working = min(taken, zaak.end)
        zaak.result = one_of(rng, zaaktype.resultaten)
        self.cases.append(zaak)
        return zaak

    def finish(self) -> None:
        """Numbers by registration moment, per year, as Open Zaak's default identificatie does."""
        counters: dict[int, int] = {}
        for zaak in sorted(self.cases, key=lambda z: (z.registered, z.seq)):
            year = self.clock.date(self.clock.local_day(zaak.registered)).year
            counters[year] = counters.get(year, 0) + 1
            zaak.ident = f"ZAAK-{year}-{counters[year]:010d}"
        self.cases.sort(key=lambda z: (z.registered, z.seq))

    def rows_at(self, day: int) -> list[Row]:
        """Every case registered up to the end of the dump day, in its state on that day."""
        clock = self.clock
        rows: list[Row] = []
        for zaak in self.cases:
            if zaak.start > day:
                break
            zaaktype = vocab.ZAAKTYPE_BY_CODE[zaak.code]
            closed = zaak.end <= day
            if closed:
                status = "Afgehandeld"
            elif zaak.working <= day:
                status = "In behandeling"
            else:
                status = "Ontvangen"
            rows.append(
                [
                    zaak.ident,
                    vocab.RSIN,
                    zaak.code,
                    f"{zaaktype.omschrijving} via {zaak.kanaal}",
                    clock.day_text(zaak.start),
                    clock.day_text(zaak.start),
                    clock.day_text(zaak.planned),
                    clock.day_text(zaak.legal),
                    clock.day_text(zaak.end) if closed else "",
                    status,
                    zaak.result if closed else "",
                    zaak.kanaal,
                    "true" if zaak.suspended <= day < zaak.resumed else "false",
                    zaak.reason if 0 <= zaak.suspended <= day else "",
                    zaak.extension if 0 <= zaak.extended <= day else "",
                    zaak.bsn,
                    zaak.kcm_id,
                    zaaktype.afdeling,
                ]
            )
        return rows


def zaaktype_rows() -> list[Row]:
    return [
        [z.code, z.omschrijving, z.doorlooptijd, z.servicenorm, z.afdeling] for z in vocab.ZAAKTYPEN
    ]
