"""Meldingen openbare ruimte (Signalen datawarehouse export): lifecycle per melding, seven dumps."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from klantcontact.generator import texts, vocab
from klantcontact.generator.clock import DAY, HOUR, MINUTE
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import format_email, format_phone
from klantcontact.generator.faults import Row
from klantcontact.generator.rand import Weighted, between, by_weight, one_of, uuid
from klantcontact.generator.vocab import Buurt, SignalCategory

if TYPE_CHECKING:
    from klantcontact.generator.world import World

_AFVAL = by_weight(c for c in vocab.SIGNAL_CATEGORIES if c.main == "afval")
_OTHER = by_weight(c for c in vocab.SIGNAL_CATEGORIES if c.main != "afval")
_TYPES = Weighted(("SIG", "REQ", "QUE", "COM"), (88, 5, 4, 3))
_PRIORITIES = Weighted(("normal", "high", "low"), (90, 8, 2))
_INTERMEDIATE = Weighted(
    ("ingepland", "h", "reaction requested", "forward to external"), (35, 20, 30, 15)
)
_DUPLICATE_RADIUS = 0.0003  # degrees; well within 50 m
_BUURTEN = Weighted(vocab.BUURTEN, vocab.BUURT_MELDING_WEIGHTS)
_Event = TypeVar("_Event", bound=tuple)


class Place(NamedTuple):
    buurt: Buurt
    postcode: str
    lat: float
    lng: float


class StormMelding(NamedTuple):
    """A storm melding (season.py): its category and the buurt it comes from."""

    category: SignalCategory
    buurt: Buurt


class Signal:
    __slots__ = (
        "seq",
        "id",
        "uuid",
        "source",
        "text",
        "incident",
        "created",
        "type",
        "priority",
        "parent",
        "times",
        "place",
        "category",
    )

    def __init__(self, seq: int, created: int) -> None:
        self.seq = seq
        self.id = 0
        self.created = created
        self.times: list[int] = []
        self.parent: Signal | None = None

    def __str__(self) -> str:
        return f"SIG-{self.id}"


class MorEvents(NamedTuple):
    """The rows of every dump before formatting (signalen.py writes them as Signalen does)."""

    statuses: list[tuple[int, int, Signal, str, str, str]]  # t, seq, signal, state, text, user
    categories: list[tuple[int, int, Signal, SignalCategory, str]]  # ..., department
    locations: list[tuple[int, int, Signal, Place]]
    reporters: list[tuple[int, int, Signal, str, str, bool]]  # ..., email, phone, anonymised
    feedback: list[tuple[int, int, Signal, bool, bool, str, int]]  # submitted, ..., closed


def micro(seq: int) -> int:
    """Stable microseconds per event, so every dump writes the same moment."""
    return seq * 7919 % 1_000_000


def _bool(value: bool) -> str:
    return "True" if value else "False"  # Python's spelling, as Signalen's export writes it


class Mor:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("mor")
        self.signals: list[Signal] = []
        self._seq = 0
        self._statuses: list[tuple[int, int, Signal, str, str, str]] = []
        self._categories: list[tuple[int, int, Signal, SignalCategory, str]] = []
        self._locations: list[tuple[int, int, Signal, Place]] = []
        self._reporters: list[tuple[int, int, Signal, str, str, bool]] = []
        self._feedback: list[tuple[int, int, Signal, bool, bool, str, int]] = []
        self._recent: dict[str, list[tuple[int, Place]]] = {}
        self.sla_base = self.clock.at(-365, 9 * HOUR)
        self.sla_change = self.clock.at(self.clock.days // 2, 9 * HOUR)
        self._rows: dict[str, tuple[list[int], list[Row]]] = {}

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def n_days(self, category: SignalCategory, t: int) -> int:
        if category.sub == vocab.SLA_CHANGE_SUB and t >= self.sla_change:
            return vocab.SLA_CHANGE_DAYS
        return category.n_days

    def _status(self, signal: Signal, t: int, state: str, user: str) -> None:
        text = one_of(self.rng, texts.STATUS_TEXTS[state]) if state in texts.STATUS_TEXTS else ""
        self._statuses.append((t, self._next(), signal, state, text, user))
        signal.times.append(t)

    def _category(self, signal: Signal, t: int, category: SignalCategory, department: str) -> None:
        self._categories.append((t, self._next(), signal, category, department))
        signal.times.append(t)

    def _location(self, signal: Signal, t: int, place: Place) -> None:
        self._locations.append((t, self._next(), signal, place))
        signal.times.append(t)

    def _place(self, sub: str, t: int) -> Place:
        """Some meldingen land within metres of a recent one of the same kind: the same problem."""
        rng = self.rng
        recent = []
        if rng.random() < 0.09:
            recent = [place for when, place in self._recent.get(sub, []) if t - when < 30 * DAY]
        if recent:
            base = one_of(rng, recent)
            return base._replace(
                lat=base.lat + rng.uniform(-1, 1) * _DUPLICATE_RADIUS,
                lng=base.lng + rng.uniform(-1, 1) * _DUPLICATE_RADIUS,
            )
        return self._in(_BUURTEN.pick(rng))

    def _in(self, buurt: Buurt) -> Place:
        """A spot in the buurt."""
        rng = self.rng
        return Place(
            buurt,
            f"{buurt.postcode}{one_of(rng, 'ABCDEGHJKLMNPRST')}{one_of(rng, 'ABCDEGHJKLMNPRST')}",
            buurt.lat + rng.uniform(-0.0035, 0.0035),
            buurt.lng + rng.uniform(-0.005, 0.005),
        )

    def create(
        self,
        t: int,
        source: str,
        cust: int,
        subject: str,
        staff: str,
        *,
        category: SignalCategory | None = None,
        parent: Signal | None = None,
        place: Place | None = None,
    ) -> Signal:
        rng = self.rng
        world = self.world
        customers = world.customers
        if category is None:
            category = (_AFVAL if subject == vocab.AFVAL else _OTHER).pick(rng)
        signal = Signal(self._next(), t)
        signal.uuid = uuid(rng)
        signal.source = source
        signal.text = texts.signal_text(category.main, rng, customers, cust)
        signal.incident = t - (
            between(rng, 0, 36 * HOUR) if rng.random() < 0.6 else between(rng, 0, 10 * MINUTE)
        )
        signal.type = _TYPES.pick(rng)
        signal.priority = _PRIORITIES.pick(rng)
        signal.parent = parent
        signal.category = category
        self.signals.append(signal)
        self._status(signal, t, "m", staff)
        self._category(signal, t, category, vocab.MOR_DEPARTMENT)
        signal.place = place or self._place(category.sub, t)
        self._recent.setdefault(category.sub, []).append((t, signal.place))
        del self._recent[category.sub][:-60]
        self._location(signal, t, signal.place)
        self._reporter(signal, t, source, cust, staff)
        self._lifecycle(signal, t, cust, subject)
        return signal

    def _reporter(self, signal: Signal, t: int, source: str, cust: int, staff: str) -> None:
        rng = self.rng
        customers = self.world.customers
        if source == "Interne melding":
            mail, phone, anonymous = staff, "", False
        elif source in ("online", "app") and rng.random() < 0.04:
            mail, phone, anonymous = "", "", True  # the melder chose not to leave contact details
        else:
            mail_share = {"E-mail": 1.0, "Telefoon": 0.3, "Balie": 0.3}.get(source, 0.85)
            phone_share = {"E-mail": 0.2, "Telefoon": 0.9, "Balie": 0.5}.get(source, 0.6)
            mail = format_email(customers.email[cust], rng) if rng.random() < mail_share else ""
            phone = format_phone(customers.phone[cust], rng) if rng.random() < phone_share else ""
            anonymous = False
        self._reporters.append((t, self._next(), signal, mail, phone, anonymous))

    def _staff_close(self, day: int, after: int, calendar_days: bool) -> int:
        """Calendar-day categories (container crews) also close at weekends; others on workdays."""
        if not calendar_days:
            return self.world.staff_time(day, after, self.rng)
        while True:
            lo = max(self.clock.at(day, 8 * HOUR), after + 5 * MINUTE)
            hi = self.clock.at(day, 17 * HOUR)
            if lo < hi:
                return between(self.rng, lo, hi)
            day += 1

    def _lifecycle(self, signal: Signal, t: int, cust: int, subject: str) -> None:
        rng = self.rng
        clock = self.clock
        world = self.world
        category = signal.category
        staff = one_of(rng, world.staff.emails[vocab.DEPT_OPENBARE_RUIMTE])
        created_day = clock.local_day(t)
        n = self.n_days(category, t)
        calendar_days = category.use_calendar_days
        due = created_day + n if calendar_days else clock.working_day_after(created_day, n)
        taken = world.staff_time(created_day, t + between(rng, 10 * MINUTE, 6 * HOUR), rng)
        if signal.parent is None and signal.source in ("online", "app") and rng.random() < 0.004:
            self._status(signal, taken, "s", staff)
            for _ in range(2):
                child = one_of(rng, [c for c in vocab.SIGNAL_CATEGORIES if c.main == category.main])
                self.create(
                    taken,
                    signal.source,
                    cust,
                    subject,
                    staff,
                    category=child,
                    parent=signal,
                    place=signal.place,
                )
            return
        if rng.random() < 0.03:
            self._status(signal, taken, "a", staff)
            return
        self._status(signal, taken, "b", staff)
        if rng.random() < 0.87:
            k = int((n + 1) * rng.random() ** 1.3)
            close_day = (
                created_day + k if calendar_days else clock.working_day_after(created_day, k)
            )
        else:
            late = between(rng, 1, 10)
            close_day = due + late if calendar_days else clock.working_day_after(due, late)
        closed = self._staff_close(close_day, taken, calendar_days)
        span = closed - taken
        if rng.random() < 0.25:
            state = _INTERMEDIATE.pick(rng)
            self._status(signal, taken + int(span * rng.uniform(0.2, 0.6)), state, staff)
            if state == "reaction requested":
                self._status(
                    signal, taken + int(span * rng.uniform(0.65, 0.9)), "reaction received", ""
                )
        move = rng.random()
        if move < 0.06:
            self._category(signal, taken + 60, category, one_of(rng, vocab.MOR_REROUTE_DEPARTMENTS))
        elif move < 0.085:
            siblings = [
                c for c in vocab.SIGNAL_CATEGORIES if c.main == category.main and c != category
            ]
            self._category(signal, taken + 60, one_of(rng, siblings), vocab.MOR_DEPARTMENT)
        if rng.random() < 0.02:
            place = signal.place
            self._location(
                signal,
                taken + 120,
                place._replace(
                    lat=place.lat + rng.uniform(-5e-4, 5e-4),
                    lng=place.lng + rng.uniform(-5e-4, 5e-4),
                ),
            )
        self._status(signal, closed, "o", staff)
        if rng.random() < 0.035:
            reopened = closed + between(rng, HOUR, 8 * DAY)
            self._status(signal, reopened, "reopened", "")
            again = world.staff_time(clock.local_day(reopened), reopened + 30 * MINUTE, rng)
            self._status(signal, again, "b", staff)
            closed = world.staff_time(
                clock.working_day_after(clock.local_day(again), between(rng, 1, 5)), again, rng
            )
            self._status(signal, closed, "o", staff)
        if rng.random() < 0.21:
            submitted = closed + 300 + int(rng.expovariate(1 / (20 * HOUR)))
            satisfied = rng.random() < (0.83 if clock.local_day(closed) <= due else 0.55)
            remark = texts.feedback_text(rng) if rng.random() < 0.65 else ""
            self._feedback.append(
                (submitted, self._next(), signal, satisfied, rng.random() < 0.6, remark, closed)
            )

    # --- intake handlers --------------------------------------------------------------
    def online(self, t: int, contact: Contact) -> None:
        """A melding filed by the citizen in Signalen's web form or app."""
        rng = self.rng
        source = "app" if rng.random() < 0.28 else "online"
        if isinstance(contact.extra, Signal):  # reported again: same spot, same kind
            earlier = contact.extra
            signal = self.create(
                t,
                source,
                contact.cust,
                contact.subject,
                "",
                category=earlier.category,
                place=earlier.place._replace(lat=earlier.place.lat + rng.uniform(-2e-4, 2e-4)),
            )
        elif isinstance(contact.extra, StormMelding):
            storm = contact.extra
            signal = self.create(
                t,
                source,
                contact.cust,
                contact.subject,
                "",
                category=storm.category,
                place=self._in(storm.buurt),
            )
        else:
            category = contact.extra if isinstance(contact.extra, SignalCategory) else None
            signal = self.create(t, source, contact.cust, contact.subject, "", category=category)
        self.world.follow_up(t, contact._replace(ref=signal, extra=signal), "melding", 0.12)

    def staffed(self, t: int, contact: Contact) -> None:
        """A melding taken at the counter or raised by the municipality's own staff."""
        source = str(contact.extra)
        staff = one_of(
            self.rng,
            self.world.staff.emails[
                vocab.DEPT_OPENBARE_RUIMTE if source == "Interne melding" else vocab.DEPT_KCC
            ],
        )
        self.create(t, source, contact.cust, contact.subject, staff)

    # --- dumps ------------------------------------------------------------------------
    def finish(self) -> None:
        """Ids in creation order, then every immutable row formatted once for all dumps."""
        clock = self.clock
        self.signals.sort(key=lambda s: (s.created, s.seq))
        for number, signal in enumerate(self.signals, start=1):
            signal.id = number
            signal.times.sort()

        self._rows["statuses"] = self._numbered(
            self._statuses,
            lambda i, e: [
                i,
                e[2].id,
                e[3],
                vocab.SIGNAL_STATE_DISPLAY[e[3]],
                e[4],
                e[5],
                clock.signalen(e[0], micro(e[1])),
            ],
        )
        self._rows["categories"] = self._numbered(
            self._categories, lambda i, e: self._category_row(i, e)
        )
        self._rows["locations"] = self._numbered(
            self._locations,
            lambda i, e: [
                i,
                e[2].id,
                e[3].buurt.code,
                e[3].buurt.name,
                e[3].postcode,
                f"{e[3].lat:.6f}",
                f"{e[3].lng:.6f}",
                clock.with_offset(e[0]),
            ],
        )
        self._rows["reporters"] = self._numbered(
            self._reporters,
            lambda i, e: [i, e[2].id, e[3], e[4], _bool(e[5]), clock.with_offset(e[0])],
        )
        self._rows["kto_feedback"] = self._numbered(
            self._feedback,
            lambda i, e: [
                e[2].id,
                _bool(e[3]),
                _bool(e[4]),
                e[5],
                clock.signalen(e[6], micro(e[1])),
                clock.signalen(e[0], micro(e[1] + 1)),
            ],
        )
        self._rows["sla"] = self._numbered(
            self.sla_rules(),
            lambda i, e: [i, e[2].main, e[2].sub, e[3], _bool(e[4]), clock.with_offset(e[0])],
        )

    def sla_rules(self) -> list[tuple[int, int, SignalCategory, int, bool]]:
        """(created, order, category, n_days, use_calendar_days): one rule per sub-category a
        year before the period, and the tightened one halfway; ids follow this order."""
        rules = [
            (self.sla_base, i, c, c.n_days, c.use_calendar_days)
            for i, c in enumerate(vocab.SIGNAL_CATEGORIES)
        ]
        changed = next(c for c in vocab.SIGNAL_CATEGORIES if c.sub == vocab.SLA_CHANGE_SUB)
        rules.append((self.sla_change, len(rules), changed, vocab.SLA_CHANGE_DAYS, False))
        return rules

    def events(self) -> MorEvents:
        """Every status, category assignment, location, reporter and feedback, each list
        sorted by (moment, creation order) once finish() has numbered them: id = index + 1."""
        return MorEvents(
            self._statuses, self._categories, self._locations, self._reporters, self._feedback
        )

    @staticmethod
    def _numbered(
        events: list[_Event], build: Callable[[int, _Event], Row]
    ) -> tuple[list[int], list[Row]]:
        """Ids follow (moment, creation order); a dump is then the prefix up to its moment."""
        events.sort(key=lambda e: (e[0], e[1]))
        return [e[0] for e in events], [build(i, e) for i, e in enumerate(events, start=1)]

    def _category_row(
        self, number: int, event: tuple[int, int, Signal, SignalCategory, str]
    ) -> Row:
        clock = self.clock
        t, seq, signal, category, department = event
        deadline, factor_3 = self.deadlines(signal, category)
        return [
            number,
            signal.id,
            category.main,
            category.sub,
            department,
            clock.signalen(t, micro(seq)),
            clock.signalen(deadline, 0),
            clock.signalen(factor_3, 0),
        ]

    def deadlines(self, signal: Signal, category: SignalCategory) -> tuple[int, int]:
        """Signalen's deadline and deadline_factor_3 of an assignment: n and 3n days after the
        melding's creation (weekdays unless the category counts calendar days), same time."""
        clock = self.clock
        created_day = clock.local_day(signal.created)
        second = clock.local_second(signal.created)
        n = self.n_days(category, signal.created)
        if category.use_calendar_days:
            deadline, factor_3 = created_day + n, created_day + 3 * n
        else:
            deadline, factor_3 = (
                clock.weekdays_after(created_day, n),
                clock.weekdays_after(created_day, 3 * n),
            )
        return clock.at(deadline, second), clock.at(factor_3, second)

    def rows_at(self, name: str, day: int) -> list[Row]:
        end = self.clock.at(day + 1, 0)
        if name != "signals":
            times, rows = self._rows[name]
            return rows[: bisect_left(times, end)]
        clock = self.clock
        rows = []
        for signal in self.signals:
            if signal.created >= end:
                break
            updated = signal.times[bisect_left(signal.times, end) - 1]
            rows.append(
                [
                    signal.id,
                    signal.uuid,
                    signal.source,
                    signal.text,
                    clock.signalen(signal.incident, 0),
                    clock.signalen(signal.created, micro(signal.seq)),
                    clock.signalen(updated, micro(signal.seq + 1)),
                    "" if signal.parent is None else signal.parent.id,
                    signal.type,
                    signal.priority,
                ]
            )
        return rows
