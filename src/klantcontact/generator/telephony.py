"""Contact-centre call legs (Anywhere365 Dialogues-like): menu, queues, transfers, callbacks."""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

from klantcontact.generator import files, vocab
from klantcontact.generator.clock import MINUTE, Clock
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import format_phone
from klantcontact.generator.demand import PHONE, working_day_weights
from klantcontact.generator.rand import between, one_of, uuid
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

OPEN = 8 * 3600 + 30 * 60
CLOSE = 17 * 3600
_TALK_MU = math.log(285) - 0.18  # lognormal talk time, mean about 4.5 minutes
PATIENCE = 260.0  # mean seconds a caller waits before hanging up
ANONYMOUS = "anonymous"
# Mean wait grows steeply with load: queues explode at the Monday-morning peak.
WAIT_BASE = 15.0
PRESSURE_POWER = 3.5
_AVERAGE_OPEN_WEIGHT = sum(PHONE.working_hours[17:34]) / 17
# Load of each half hour per weekday (Monday..Friday) relative to an average open half hour.
_LOAD = tuple(
    tuple(PHONE.weekday[d] * w / _AVERAGE_OPEN_WEIGHT for w in working_day_weights(PHONE, d))
    for d in range(5)
)


# Shared with the Sociaal Domein line on NICE CXone (cxone.py): the same callers, menu
# lengths, KCC agents and queue behaviour, drawn from the caller's platform's own generator.
def is_open(clock: Clock, t: int) -> bool:
    """The KCC answers the phone 08:30-17:00 on working days."""
    return clock.is_working(clock.local_day(t)) and OPEN <= clock.local_second(t) < CLOSE


def caller_number(e164: str, rng: random.Random) -> str:
    """The caller number as presented: withheld now and then, else in any notation."""
    return ANONYMOUS if rng.random() < 0.07 else format_phone(e164, rng)


def menu_seconds(rng: random.Random) -> int:
    return max(8, int(rng.gauss(32, 9)))


def talk_seconds(rng: random.Random, scale: float = 1.0) -> int:
    return max(20, int(rng.lognormvariate(_TALK_MU, 0.6) * scale))


def mean_wait(clock: Clock, t: int, pressure: float = 1.0) -> float:
    """Mean first-line wait at t: grows steeply with the load of the half hour and with the
    day's pressure (the month's demand relative to the staff on duty, season.py)."""
    day = clock.local_day(t)
    weekday = clock.weekday(day)
    load = _LOAD[weekday][clock.local_second(t) // 1800] if weekday < 5 else 1.0
    # A short-staffed month runs the queue near its capacity: waits grow faster with the
    # day's pressure than with the half hour's load.
    return WAIT_BASE * load**1.8 * pressure**PRESSURE_POWER


def transfer_wait(rng: random.Random, department: bool) -> tuple[int, bool]:
    """Seconds in the transfer target queue, and False when the caller hangs up waiting."""
    wait = int(rng.expovariate(1 / (26 if department else 18)))
    if rng.random() < (0.1 if department else 0.04):
        return max(wait, between(rng, 20, 240)), False
    return wait, True


def reopening_redial(world: World, t: int, rng: random.Random) -> int:
    """When a caller who heard the closed message tries again: mostly once the KCC is open."""
    clock = world.clock
    day = clock.local_day(t)
    early = clock.local_second(t) < OPEN and clock.is_working(day)
    next_day = clock.working_day_after(day, 0 if early else 1)
    when = world.profile("phone").moment(next_day, rng)
    return max(when, t + between(rng, MINUTE, 30 * MINUTE))


def redial(world: World, rng: random.Random, when: int, contact: Contact, chance: float) -> None:
    """Callers who gave up try again, on the same line (world.phone routes them)."""
    if contact.attempt < 3 and rng.random() < chance:
        world.schedule(when, world.phone, contact._replace(attempt=contact.attempt + 1))


class Telephony:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("telephony")
        self.legs = DeltaFile(files.DIALOGUES, world.clock.days)

    def _leg(
        self,
        corr: str,
        start: int,
        end: int,
        outcome: str,
        caller: str,
        *,
        direction: str = "Inbound",
        ivr: int | None = None,
        ivr_result: str = "",
        queue: str = "",
        entered: int | None = None,
        accepted: int | None = None,
        acw: int | None = None,
        agent: str = "",
        target: str = "",
    ) -> None:
        clock = self.clock
        row: list[object] = [
            uuid(self.rng),
            corr,
            direction,
            clock.utc(start),
            "" if ivr is None else ivr,
            ivr_result,
            queue,
            "" if entered is None else clock.utc(entered),
            "" if accepted is None else clock.utc(accepted),
            clock.utc(end),
            "" if acw is None else acw,
            agent,
            caller,
            outcome,
            target,
        ]
        self.legs.add_echoed(clock.local_day(start), start, row, self.rng, 0.005)

    def _talk(self, scale: float = 1.0) -> int:
        return talk_seconds(self.rng, scale)

    def _redial(self, when: int, contact: Contact, chance: float) -> None:
        redial(self.world, self.rng, when, contact, chance)

    def inbound(self, t: int, contact: Contact) -> None:
        rng = self.rng
        clock = self.clock
        world = self.world
        corr = uuid(rng)
        phone = world.customers.phone[contact.cust]
        caller = caller_number(phone, rng)
        if not is_open(clock, t):
            self._leg(corr, t, t + between(rng, 8, 25), "ClosedHours", caller)
            self._redial(reopening_redial(world, t, rng), contact, 0.6)
            return
        day = clock.local_day(t)
        mean = mean_wait(clock, t, world.season.pressure(day))
        if rng.random() < 0.0015 + 0.001 * mean / WAIT_BASE:
            self._leg(corr, t, t + between(rng, 1, 4), "Busy", caller)
            self._redial(t + between(rng, 5 * MINUTE, 40 * MINUTE), contact, 0.7)
            return
        ivr = menu_seconds(rng)
        menu = rng.random()
        if menu < 0.03:
            left = between(rng, 3, ivr)
            self._leg(corr, t, t + left, "Abandoned", caller, ivr=left, ivr_result="abandoned")
            self._redial(t + between(rng, 2 * MINUTE, 30 * MINUTE), contact, 0.55)
            return
        blocked = world.season.blocked(day, t)  # the outage: the platform turns calls away
        if menu < 0.036 or (blocked > 0 and rng.random() < blocked):
            self._leg(corr, t, t + ivr, "Overflow", caller, ivr=ivr, ivr_result="blocked")
            self._redial(t + between(rng, 10 * MINUTE, 60 * MINUTE), contact, 0.5)
            return
        right_queue = vocab.SUBJECT_QUEUE.get(contact.subject, vocab.Q_ALGEMEEN)
        wrong = rng.random() < 0.033
        queue = right_queue
        if wrong:
            queue = one_of(rng, [q for q in vocab.FIRST_LINE_QUEUES if q != right_queue])
        entered = t + ivr
        wait = int(rng.expovariate(1 / mean))
        patience = rng.expovariate(1 / PATIENCE)
        if rng.random() < 0.002:
            left = entered + min(wait, between(rng, 60, 240))
            self._leg(
                corr,
                t,
                left,
                "Voicemail",
                caller,
                ivr=ivr,
                ivr_result="completed",
                queue=queue,
                entered=entered,
            )
            return
        if patience < wait:
            self._leg(
                corr,
                t,
                entered + int(patience),
                "Abandoned",
                caller,
                ivr=ivr,
                ivr_result="completed",
                queue=queue,
                entered=entered,
            )
            self._redial(t + between(rng, MINUTE, 60 * MINUTE), contact, 0.65)
            return
        accepted = entered + wait
        agent = one_of(rng, world.staff.emails[vocab.DEPT_KCC])
        kcs = world.kcs
        if wrong:
            result = vocab.KCS_BINNEN_KCC
        else:
            result = kcs.decide("Telefoon", contact.subject, contact.ref is not None)
        reached = True
        if result in (vocab.KCS_BINNEN_KCC, vocab.KCS_AFDELING):
            if wrong:
                end, target = accepted + between(rng, 20, 60), right_queue
            else:
                department = vocab.SUBJECT_DEPARTMENT[contact.subject]
                end, target = accepted + self._talk(0.45), vocab.DEPARTMENT_QUEUE[department]
            acw = between(rng, 5, 30)
            self._leg(
                corr,
                t,
                end,
                "TransferredOut",
                caller,
                ivr=ivr,
                ivr_result="completed",
                queue=queue,
                entered=entered,
                accepted=accepted,
                acw=acw,
                agent=agent,
                target=target,
            )
            reached = self._second_leg(corr, end, target, caller, department=not wrong)
        else:
            end = accepted + self._talk()
            acw = between(rng, 30, 90)
            self._leg(
                corr,
                t,
                end,
                "Accepted",
                caller,
                ivr=ivr,
                ivr_result="completed",
                queue=queue,
                entered=entered,
                accepted=accepted,
                acw=acw,
                agent=agent,
            )
        seen = "" if caller == ANONYMOUS else phone
        kcs.register(
            "Telefoon",
            corr,
            accepted,
            end + acw,
            contact,
            result,
            agent,
            seen_phone=seen,
            unreached=not reached,
        )
        world.kto.maybe_respond("Telefoon", corr, end + acw, 0.05, contact.cust)
        world.follow_up(end, contact, "phone", 0.17 if result == vocab.KCS_ZELFSTANDIG else 0.3)

    def _second_leg(self, corr: str, start: int, queue: str, caller: str, department: bool) -> bool:
        """The leg in the transfer target queue; False when the caller hangs up waiting."""
        rng = self.rng
        wait, reached = transfer_wait(rng, department)
        if not reached:
            self._leg(corr, start, start + wait, "Abandoned", caller, queue=queue, entered=start)
            return False
        accepted = start + wait
        department_of_queue = vocab.QUEUE_DEPARTMENT.get(queue, vocab.DEPT_KCC)
        agent = one_of(rng, self.world.staff.emails[department_of_queue])
        end = accepted + self._talk(1.3 if department else 0.9)
        self._leg(
            corr,
            start,
            end,
            "Accepted",
            caller,
            queue=queue,
            entered=start,
            accepted=accepted,
            acw=between(rng, 30, 150),
            agent=agent,
        )
        return True

    def callback(self, start: int, department: str, cust: int) -> tuple[int, bool]:
        """An Outbound leg placed by the department; returns its end and whether anyone answered."""
        rng = self.rng
        agent = one_of(rng, self.world.staff.emails[department])
        dialled = format_phone(self.world.customers.phone[cust], rng)
        queue = vocab.DEPARTMENT_QUEUE.get(department, "")
        ring = between(rng, 5, 25)
        if rng.random() < 0.82:
            accepted = start + ring
            end = accepted + self._talk(0.8)
            self._leg(
                uuid(rng),
                start,
                end,
                "Accepted",
                dialled,
                direction="Outbound",
                queue=queue,
                accepted=accepted,
                acw=between(rng, 20, 90),
                agent=agent,
            )
            return end, True
        end = start + ring + between(rng, 15, 30)
        self._leg(
            uuid(rng),
            start,
            end,
            "Abandoned",
            dialled,
            direction="Outbound",
            queue=queue,
            agent=agent,
        )
        return end, False
