"""The simulated municipality: customers, staff, channels, and the clock that drives them.

Contacts are processed in time order from one event queue, so a follow-up can refer to the
zaak or melding an earlier contact created, and a callback to the call that asked for it.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from typing import NamedTuple

from klantcontact.generator import demand, vocab
from klantcontact.generator.balie import Balie
from klantcontact.generator.chat import KANALEN as CHAT_KANALEN
from klantcontact.generator.chat import Chat
from klantcontact.generator.clock import DAY, HOUR, MINUTE, Clock
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import build_customers, build_staff
from klantcontact.generator.cxone import Cxone
from klantcontact.generator.demand import Profile
from klantcontact.generator.email import Email
from klantcontact.generator.kcs import Kcs
from klantcontact.generator.kto import Kto
from klantcontact.generator.mor import Mor, Signal, StormMelding
from klantcontact.generator.rand import Weighted, between, by_weight, one_of
from klantcontact.generator.season import STORM, Season
from klantcontact.generator.telephony import CLOSE, OPEN, Telephony
from klantcontact.generator.web import Web
from klantcontact.generator.zaken import Zaken

Handler = Callable[[int, Contact], None]

# Where a customer turns next about the same matter (origin -> channel weights).
_NEXT_CHANNEL_WEIGHTS = {
    "phone": (("phone", 58), ("email", 6), ("form", 14), ("balie", 8), ("chat", 12)),
    "email": (("phone", 60), ("email", 25), ("form", 10), ("chat", 5)),
    "form": (("phone", 60), ("email", 15), ("form", 15), ("chat", 10)),
    "balie": (("phone", 55), ("balie", 25), ("email", 20)),
    "chat": (("phone", 50), ("chat", 30), ("email", 20)),
    "melding": (("phone", 75), ("melding", 20), ("email", 5)),
}
# Days until the follow-up: mostly within the week the KPI looks at, some later.
_FOLLOW_UP_DAYS = (0.1, 0.3, 0.8, 1, 1.5, 2, 2, 3, 4, 5, 6, 9)
_STAFFED_CHANNELS = ("balie", "chat")
_PHONE_SUBJECTS = Weighted(vocab.SUBJECTS, vocab.SUBJECT_WEIGHTS_PHONE)
_EMAIL_SUBJECTS = Weighted(vocab.SUBJECTS, vocab.SUBJECT_WEIGHTS_EMAIL)
_SERVICES = by_weight(vocab.BALIE_SERVICES)
_FORMS = by_weight(vocab.FORMS)
_CATEGORIES = by_weight(vocab.SIGNAL_CATEGORIES)
# Written contacts: chat and WhatsApp conversations (chat.py), letters (kcs only).
_WRITTEN_KANALEN = Weighted(("Live chat", "WhatsApp", "Brief"), (54, 27, 14))
# The contact form takes any subject; the counter only Burgerzaken services and Informatie.
_FORMS_BY_SUBJECT = {
    s: by_weight(f for f in vocab.FORMS if f.subject in (s, "")) for s in vocab.SUBJECTS
}
_SERVICES_BY_SUBJECT = {
    s: by_weight(b for b in vocab.BALIE_SERVICES if b.subject == s)
    for s in vocab.SUBJECTS
    if any(b.subject == s for b in vocab.BALIE_SERVICES)
}


def _next_channels(origin: str, balie: bool, melding: bool) -> Weighted[str]:
    kept = [
        (c, w)
        for c, w in _NEXT_CHANNEL_WEIGHTS[origin]
        if (balie or c != "balie") and (melding or c != "melding")
    ]
    return Weighted([c for c, _ in kept], [w for _, w in kept])


# Next channel per (origin, counter possible, melding possible).
_NEXT_CHANNEL = {
    (origin, balie, melding): _next_channels(origin, balie, melding)
    for origin in _NEXT_CHANNEL_WEIGHTS
    for balie in (False, True)
    for melding in (False, True)
}
_STAFFED_MELDING_SOURCES = (("Interne melding", 620), ("Balie", 200))
_STORM_CATEGORIES = Weighted(
    [c for sub, _ in STORM.categories for c in vocab.SIGNAL_CATEGORIES if c.sub == sub],
    [weight for _, weight in STORM.categories],
)
_STORM_HOTSPOTS = tuple(b for b in vocab.BUURTEN if b.name in STORM.hotspots)
_OTHER_BUURTEN = tuple(b for b in vocab.BUURTEN if b.name not in STORM.hotspots)


def _surging(
    weights: tuple[int, ...], multipliers: tuple[float, ...]
) -> tuple[Weighted[str], float]:
    """The subject choice of a day when some subjects surge, and the day's volume multiplier."""
    boosted = [w * m for w, m in zip(weights, multipliers, strict=True)]
    return Weighted(vocab.SUBJECTS, boosted), sum(boosted) / sum(weights)


class Params(NamedTuple):
    inhabitants: int = 150_000
    start: str = "2024-01-01"
    days: int = 731  # two years: every 2025 period has the same period a year before
    seed: int = 42
    fault_rate: float = 0.002


class World:
    def __init__(self, params: Params, clock: Clock) -> None:
        self.params = params
        self.clock = clock
        self.season = Season(clock)
        self.scale = params.inhabitants / 150_000
        self.customers = build_customers(self.rng_for("customers"), params.inhabitants)
        self.staff = build_staff(self.rng_for("staff"), min(1.0, max(0.25, self.scale)))
        self._plan = self.rng_for("plan")
        self._profiles = {s.name: Profile(s, clock, self.scale) for s in demand.STREAMS}
        self._events: list[tuple[int, int, Handler, Contact]] = []
        self._seq = 0
        self.telephony = Telephony(self)
        self.cxone = Cxone(self)
        self.chat = Chat(self)
        self.balie = Balie(self)
        self.email = Email(self)
        self.web = Web(self)
        self.mor = Mor(self)
        self.zaken = Zaken(self)
        self.kcs = Kcs(self)
        self.kto = Kto(self)
        self._handlers: dict[str, Handler] = {
            "phone": self.phone,
            "email": self.email.inbound,
            "form": self.web.form,
            "chat": self.written,
            "melding": self.mor.online,
            "balie": self.balie.visit,
        }

    def phone(self, t: int, contact: Contact) -> None:
        """A call: on the Sociaal Domein line (NICE CXone) or the general one (Anywhere365)."""
        if self.cxone.takes(contact):
            self.cxone.inbound(t, contact)
        else:
            self.telephony.inbound(t, contact)

    def written(self, t: int, contact: Contact) -> None:
        """Live chat or WhatsApp is a conversation in the chat export; a letter is only in kcs."""
        if contact.extra in CHAT_KANALEN:
            self.chat.conversation(t, contact)
        else:
            self.kcs.other(t, contact)

    def rng_for(self, name: str) -> random.Random:
        """One generator per source, so changing one source leaves the others' data as it was."""
        return random.Random(f"{self.params.seed}/{name}")

    def profile(self, name: str) -> Profile:
        return self._profiles[name]

    def schedule(self, t: int, handler: Handler, contact: Contact) -> None:
        self._seq += 1
        heapq.heappush(self._events, (t, self._seq, handler, contact))

    def staff_time(self, day: int, after: int, rng: random.Random) -> int:
        """A moment in office hours on day or the first working day after it, later than after."""
        clock = self.clock
        while True:
            if clock.is_working(day):
                lo = max(clock.at(day, OPEN), after + MINUTE)
                hi = clock.at(day, CLOSE)
                if lo < hi:
                    return between(rng, lo, min(hi, lo + 5 * HOUR))
            day = clock.working_day_after(day, 1)

    # --- demand -----------------------------------------------------------------------
    def _extra(self, channel: str, subject: str) -> object | None:
        """The channel detail that fits the subject: form, counter service or kanaal."""
        rng = self._plan
        if channel == "form":
            return _FORMS_BY_SUBJECT[subject].pick(rng)
        if channel == "balie":
            return _SERVICES_BY_SUBJECT[subject].pick(rng)
        if channel == "chat":
            return _WRITTEN_KANALEN.pick(rng)
        return None

    def seed_demand(self) -> None:
        """First contacts of every day; follow-ups are added while the simulation runs."""
        rng = self._plan
        clock = self.clock
        customers = self.customers
        pick = customers.pick
        written_streams = (demand.CHAT, demand.WHATSAPP, demand.POST)
        season = self.season
        for day in range(clock.days):
            # Surging subjects (the tax assessment, a storm) on phone, e-mail and chat.
            multipliers = season.subjects(day)
            phone_subjects, phone_boost = _PHONE_SUBJECTS, 1.0
            email_subjects, email_boost = _EMAIL_SUBJECTS, 1.0
            if any(m != 1.0 for m in multipliers):
                phone_subjects, phone_boost = _surging(vocab.SUBJECT_WEIGHTS_PHONE, multipliers)
                email_subjects, email_boost = _surging(vocab.SUBJECT_WEIGHTS_EMAIL, multipliers)
            for stream, channel in (
                (demand.PHONE, "phone"),
                (demand.EMAIL, "email"),
                (demand.BALIE, "balie"),
            ):
                profile = self._profiles[stream.name]
                subjects = email_subjects if channel == "email" else phone_subjects
                boost = {"phone": phone_boost, "email": email_boost}.get(channel, 1.0)
                for _ in range(profile.count(day, rng, boost)):
                    if channel == "balie":
                        service = _SERVICES.pick(rng)
                        # An information visit can be about anything.
                        subject = (
                            _PHONE_SUBJECTS.pick(rng)
                            if service.name == vocab.BALIE_INFORMATIE
                            else service.subject
                        )
                        contact = Contact(pick(rng), subject, extra=service)
                    else:
                        contact = Contact(pick(rng), subjects.pick(rng))
                    self.schedule(profile.moment(day, rng), self._handlers[channel], contact)
            for stream in written_streams:
                profile = self._profiles[stream.name]
                boost = phone_boost if stream is not demand.POST else 1.0
                subjects = phone_subjects if stream is not demand.POST else _PHONE_SUBJECTS
                for _ in range(profile.count(day, rng, boost)):
                    contact = Contact(pick(rng), subjects.pick(rng), extra=stream.name)
                    self.schedule(profile.moment(day, rng), self.written, contact)
            profile = self._profiles[demand.FORM.name]
            for _ in range(profile.count(day, rng)):
                form = _FORMS.pick(rng)
                cust = pick(rng)
                while form.eherkenning_share == 0 and customers.is_business(cust):
                    cust = pick(rng)
                subject = form.subject or _PHONE_SUBJECTS.pick(rng)
                self.schedule(
                    profile.moment(day, rng), self.web.form, Contact(cust, subject, extra=form)
                )
            profile = self._profiles[demand.MELDING.name]
            for _ in range(profile.count(day, rng)):
                category = _CATEGORIES.pick(rng)
                subject = vocab.AFVAL if category.main == "afval" else vocab.OPENBARE_RUIMTE
                self.schedule(
                    profile.moment(day, rng),
                    self.mor.online,
                    Contact(pick(rng), subject, extra=category),
                )
            self._storm(day, profile)
            if clock.is_working(day):
                for source, annual in _STAFFED_MELDING_SOURCES:
                    mean = annual * self.scale / 252
                    for _ in range(round(rng.gauss(mean, mean**0.5)) if mean > 0 else 0):
                        t = self.staff_time(day, clock.at(day, 0), rng)
                        subject = vocab.OPENBARE_RUIMTE if rng.random() < 0.65 else vocab.AFVAL
                        self.schedule(
                            t, self.mor.staffed, Contact(pick(rng), subject, extra=source)
                        )

    def _storm(self, day: int, profile: Profile) -> None:
        """The storm's extra meldingen, online and by app, mostly from its hotspot buurten."""
        rng = self._plan
        mean = self.season.storm_meldingen(day, self.scale)
        if mean <= 0:
            return
        for _ in range(max(0, round(rng.gauss(mean, mean**0.5)))):
            hotspot = rng.random() < STORM.hotspot_share
            buurt = one_of(rng, _STORM_HOTSPOTS if hotspot else _OTHER_BUURTEN)
            category = _STORM_CATEGORIES.pick(rng)
            subject = vocab.AFVAL if category.main == "afval" else vocab.OPENBARE_RUIMTE
            self.schedule(
                profile.moment(day, rng),
                self.mor.online,
                Contact(self.customers.pick(rng), subject, extra=StormMelding(category, buurt)),
            )

    def follow_up(self, t: int, contact: Contact, origin: str, chance: float) -> None:
        """The same customer again about the same matter, on the same or another channel."""
        rng = self._plan
        if contact.depth >= 2 or rng.random() >= chance:
            return
        subject = contact.subject
        options = _NEXT_CHANNEL[
            origin, subject in _SERVICES_BY_SUBJECT, isinstance(contact.extra, Signal)
        ]
        channel = options.pick(rng)
        extra = contact.extra if channel == "melding" else self._extra(channel, subject)
        later = t + int(one_of(rng, _FOLLOW_UP_DAYS) * DAY) + between(rng, 0, 2 * HOUR)
        self._schedule_on(
            channel, later, t, contact._replace(depth=contact.depth + 1, extra=extra, attempt=0)
        )

    def follow_up_case(self, t: int, contact: Contact, case: object) -> None:
        """A status question about a new zaak or melding, days or weeks later, mostly by phone."""
        rng = self._plan
        if rng.random() >= 0.1:
            return
        later = t + between(rng, 2 * DAY, 20 * DAY)
        channel = "phone" if rng.random() < 0.85 else "chat"
        self._schedule_on(
            channel,
            later,
            t,
            Contact(contact.cust, contact.subject, case, 1, self._extra(channel, contact.subject)),
        )

    def _schedule_on(self, channel: str, later: int, now: int, contact: Contact) -> None:
        """Places the contact at a time its channel's profile makes plausible on that day."""
        clock = self.clock
        day = clock.local_day(later)
        if channel in _STAFFED_CHANNELS and not clock.is_working(day):
            day = clock.working_day_after(day, 1)
        stream = {
            "phone": "phone",
            "email": "email",
            "form": "form",
            "chat": "Live chat",
            "melding": "melding",
            "balie": "balie",
        }[channel]
        moment = self._profiles[stream].moment(day, self._plan)
        while moment <= now:
            day = clock.working_day_after(day, 1) if channel in _STAFFED_CHANNELS else day + 1
            moment = self._profiles[stream].moment(day, self._plan)
        self.schedule(moment, self._handlers[channel], contact)

    def run(self, advance_day: Callable[[], None]) -> None:
        """Handles every contact before the end of the period in time order."""
        clock = self.clock
        events = self._events
        next_day = clock.at(1, 0)
        while events and events[0][0] < clock.end:
            t, _, handler, contact = heapq.heappop(events)
            while t >= next_day:
                advance_day()
                next_day = clock.at(clock.local_day(next_day) + 1, 0)
            handler(t, contact)
        advance_day()
        self.zaken.finish()
        self.mor.finish()
