"""Counter visits (Qmatic / JCC-like): appointments and walk-ins at two branches."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from klantcontact.generator import files, vocab
from klantcontact.generator.clock import HOUR, MINUTE
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import format_bsn, format_postcode
from klantcontact.generator.rand import between
from klantcontact.generator.vocab import BalieService
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

_COUNTERS = {vocab.BRANCH_STADSKANTOOR: 8, vocab.BRANCH_NOORD: 3}
_BRANCH_CODE = {vocab.BRANCH_STADSKANTOOR: "SK", vocab.BRANCH_NOORD: "SN"}
_THURSDAY = 3


class Balie:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("balie")
        self.visits = DeltaFile(files.VISITS, world.clock.days)
        self._numbers: dict[tuple[str, int], int] = {}

    def visit(self, t: int, contact: Contact) -> None:
        rng = self.rng
        clock = self.clock
        world = self.world
        service = contact.extra
        assert isinstance(service, BalieService)
        day = clock.local_day(t)
        branch = vocab.BRANCH_STADSKANTOOR if rng.random() < 0.72 else vocab.BRANCH_NOORD
        if (
            branch == vocab.BRANCH_STADSKANTOOR
            and clock.weekday(day) == _THURSDAY
            and rng.random() < 0.15
        ):
            t = clock.at(day, 17 * HOUR + rng.randrange(3 * HOUR))  # the Thursday evening opening
        walk_in = rng.random() < (0.45 if service.name == vocab.BALIE_INFORMATIE else 0.1)
        key = (branch, day)
        self._numbers[key] = self._numbers.get(key, 0) + 1
        visit_id = (
            f"{_BRANCH_CODE[branch]}{clock.day_text(day).replace('-', '')}{self._numbers[key]:04d}"
        )
        appointment = None if walk_in else t - t % (10 * MINUTE)
        draw = rng.random()
        if walk_in:
            status = (
                "Vertrokken zonder hulp"
                if draw < 0.05
                else "Doorverwezen"
                if draw < 0.08
                else "Geholpen"
            )
        else:
            status = (
                "Geannuleerd"
                if draw < 0.045
                else "Niet verschenen"
                if draw < 0.085
                else "Vertrokken zonder hulp"
                if draw < 0.089
                else "Doorverwezen"
                if draw < 0.114
                else "Geholpen"
            )
        arrival = call = end = None
        if status not in ("Geannuleerd", "Niet verschenen"):
            if appointment is None:
                arrival = t
                call = arrival + int(rng.expovariate(1 / 230))
            else:
                arrival = (
                    appointment - between(rng, 0, 10 * MINUTE)
                    if rng.random() < 0.8
                    else (appointment + between(rng, 0, 5 * MINUTE))
                )
                call = max(arrival, appointment) + int(rng.expovariate(1 / 95))
            if status == "Vertrokken zonder hulp":
                call = None
            else:
                end = call + max(
                    60, int(rng.lognormvariate(math.log(service.service_minutes * 60) - 0.08, 0.4))
                )
        kcc = service.name == vocab.BALIE_INFORMATIE
        dept = vocab.DEPT_KCC if kcc else vocab.DEPT_BURGERZAKEN
        staff_index = rng.randrange(len(world.staff.numbers[dept]))
        customers = world.customers
        bsn = customers.bsn[contact.cust]
        known_bsn = bool(bsn) and rng.random() < (0.5 if kcc else 0.95)
        row: list[object] = [
            visit_id,
            branch,
            service.name,
            "" if appointment is None else clock.local_dmy(appointment),
            "" if arrival is None else clock.local_dmy(arrival),
            "" if call is None else clock.local_dmy(call),
            "" if end is None else clock.local_dmy(end),
            f"Balie {between(rng, 1, _COUNTERS[branch])}" if call is not None else "",
            world.staff.numbers[dept][staff_index] if call is not None else "",
            status,
            format_bsn(bsn, rng) if known_bsn else "",
            format_postcode(customers.postcode[contact.cust], rng) if rng.random() < 0.7 else "",
        ]
        self.visits.add_echoed(day, end or arrival or t, row, rng, 0.005)
        if call is None or end is None:
            if status != "Geannuleerd" and rng.random() < 0.35:
                world.follow_up(t, contact, "balie", 1.0)
            return
        if kcc:
            result = world.kcs.decide("Balie", contact.subject, contact.ref is not None)
            world.kcs.register(
                "Balie",
                visit_id if rng.random() < 0.85 else "",
                call,
                end,
                contact,
                result,
                world.staff.emails[dept][staff_index],
                seen_bsn=bsn if known_bsn else "",
            )
        if status == "Geholpen":
            world.kto.maybe_respond("Balie", visit_id, end, 0.07, contact.cust)
        world.follow_up(end, contact, "balie", 0.1 if status == "Geholpen" else 0.3)
