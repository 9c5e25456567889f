"""Live chat on the website and WhatsApp: one sessions.csv row per conversation.

The KCC answers both in its opening hours. A visitor nobody answers leaves (`missed`, no
KCC registration); an answered conversation is registered in kcs with its conversation_id.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from klantcontact.generator import files, vocab
from klantcontact.generator.clock import MINUTE
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import format_email, format_phone
from klantcontact.generator.demand import CHAT, working_day_weights
from klantcontact.generator.rand import between, one_of
from klantcontact.generator.telephony import is_open
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

KANALEN = ("Live chat", "WhatsApp")  # the kcs kanaal of a conversation
_CHANNEL = {"Live chat": "Webchat", "WhatsApp": "WhatsApp"}
# Mean seconds to the first reply at average load, and how long a visitor waits for one:
# a webchat visitor watches the widget, a WhatsApp user does something else meanwhile.
_FIRST_RESPONSE = {"Live chat": 30.0, "WhatsApp": 75.0}
_PATIENCE = {"Live chat": 480.0, "WhatsApp": 1200.0}
_HANDLING_MINUTES = {"Live chat": 8.0, "WhatsApp": 10.0}
_AVERAGE_OPEN_WEIGHT = sum(CHAT.working_hours[17:34]) / 17
_LOAD = tuple(
    tuple(CHAT.weekday[d] * w / _AVERAGE_OPEN_WEIGHT for w in working_day_weights(CHAT, d))
    for d in range(5)
)
# Handed to a department team (one with its own queue): about 5 % of answered conversations.
_TRANSFER = 0.06
_TEAM_PICKS_UP = 0.9


class Chat:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("chat")
        self.sessions = DeltaFile(files.SESSIONS, world.clock.days)
        self._ids: set[str] = set()

    def _conversation_id(self) -> str:
        while True:
            conversation = f"CHT-{self.rng.getrandbits(32):08x}"
            if conversation not in self._ids:
                self._ids.add(conversation)
                return conversation

    def _load(self, t: int) -> float:
        """Arrivals in this half hour relative to an average one: replies slow down at peaks."""
        clock = self.clock
        weekday = clock.weekday(clock.local_day(t))
        load = _LOAD[weekday][clock.local_second(t) // 1800] if weekday < 5 else 1.0
        return max(0.3, load)

    def _add(self, t: int, row: list[object]) -> None:
        self.sessions.add_echoed(self.clock.local_day(t), t, row, self.rng, 0.005)

    def conversation(self, t: int, contact: Contact) -> None:
        rng = self.rng
        clock = self.clock
        world = self.world
        customers = world.customers
        kanaal = str(contact.extra)
        whatsapp = kanaal == "WhatsApp"
        conversation = self._conversation_id()
        phone = customers.phone[contact.cust]
        if whatsapp:
            customer_phone = phone[1:]  # WhatsApp's notation: country code, no plus
        else:
            customer_phone = format_phone(phone, rng) if rng.random() < 0.04 else ""
        left_email = not whatsapp and rng.random() < 0.45
        customer_email = format_email(customers.email[contact.cust], rng) if left_email else ""
        wait = between(rng, 4, 15) + int(
            rng.expovariate(1 / (_FIRST_RESPONSE[kanaal] * self._load(t) ** 1.5))
        )
        patience = rng.expovariate(1 / _PATIENCE[kanaal])

        def row(first: int | None, end: int, agent: str, moved: str, topic: str) -> list[object]:
            return [
                conversation,
                _CHANNEL[kanaal],
                clock.with_offset(t),
                "" if first is None else clock.with_offset(first),
                clock.with_offset(end),
                agent,
                vocab.DEPT_KCC,
                moved,
                customer_phone,
                customer_email,
                topic,
                "closed" if agent else "missed",
            ]

        if patience < wait:
            left = t + max(10, int(patience))
            self._add(left, row(None, left, "", "", ""))
            self._try_again(left, contact)
            return
        first = t + wait
        agent = one_of(rng, world.staff.emails[vocab.DEPT_KCC])
        kcs = world.kcs
        result = kcs.decide(kanaal, contact.subject, contact.ref is not None, _TRANSFER)
        minutes = _HANDLING_MINUTES[kanaal]
        handling = max(90, int(rng.lognormvariate(math.log(minutes * 60) - 0.12, 0.5)))
        moved = ""
        last_agent = agent
        reached = True
        if result == vocab.KCS_AFDELING:
            # The KCC agent hands over after a few minutes; the team picks up or the visitor goes.
            department = vocab.SUBJECT_DEPARTMENT[contact.subject]
            moved = department
            kcc_part = handling * 2 // 5
            handed = first + kcc_part
            team_wait = between(rng, 30, 600)
            if rng.random() < _TEAM_PICKS_UP:
                last_agent = one_of(rng, world.staff.emails[department])
                ended = handed + team_wait + int(rng.lognormvariate(math.log(minutes * 60), 0.5))
            else:
                reached = False
                ended = handed + team_wait
            registered_end = handed + between(rng, 10, 90)
        else:
            ended = first + handling
            registered_end = ended + between(rng, 10, 90)
        topic = contact.subject if rng.random() < 0.92 else ""
        final = row(first, ended, last_agent, moved, topic)
        if topic and rng.random() < 0.04:
            # Labelled only the next working day: exported without topic, then again with it.
            self._add(ended, row(first, ended, last_agent, moved, ""))
            labelled_day = clock.working_day_after(clock.local_day(ended), 1)
            self._add(world.staff_time(labelled_day, ended, rng), final)
        else:
            self._add(ended, final)
        kcs.register(
            kanaal,
            conversation,
            first,
            registered_end,
            contact,
            result,
            agent,
            seen_phone=phone if whatsapp else "",
            seen_email=customer_email,
            unreached=not reached,
        )
        world.follow_up(ended, contact, "chat", 0.17 if result == vocab.KCS_ZELFSTANDIG else 0.28)

    def _try_again(self, left: int, contact: Contact) -> None:
        """A visitor nobody answered tries again soon: by chat while the KCC is open, else by
        phone."""
        rng = self.rng
        if contact.attempt >= 2 or rng.random() >= 0.55:
            return
        world = self.world
        when = left + between(rng, 2 * MINUTE, 45 * MINUTE)
        again = contact._replace(attempt=contact.attempt + 1)
        if rng.random() < 0.45 and is_open(self.clock, when):
            world.schedule(when, self.conversation, again)
        else:
            world.schedule(when, world.phone, again._replace(extra=None))
