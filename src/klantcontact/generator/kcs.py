"""KCC contact registration (KISS / Open Klant-like): contactmomenten and internetaken."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from klantcontact.generator import files, texts, vocab
from klantcontact.generator.clock import MINUTE
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import format_bsn, format_email, format_phone
from klantcontact.generator.rand import Weighted, between, one_of, uuid
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

# Signalen source for a melding a KCC agent takes on this channel.
_SIGNAL_SOURCE = {"Telefoon": "Telefoon", "E-mail": "E-mail", "Balie": "Balie"}
_COMMUNICATIEKANAAL = {
    "Telefoon": "Telefoon",
    "E-mail": "E-mail",
    "Balie": "Balie",
    "Contactformulier": "E-formulier",
    "Live chat": "Live chat",
    "WhatsApp": "WhatsApp",
    "Brief": "Post",
}
# How often the agent checks the customer's BSN, by subject (identity needed for the answer).
_BSN_CHECK = {vocab.BURGERZAKEN: 0.45, vocab.BELASTINGEN: 0.45, vocab.ZORG: 0.5, vocab.WERK: 0.5}
_PHONE_ASKED = {
    "Telefoon": 0.1,
    "WhatsApp": 0.95,
    "Live chat": 0.2,
    "E-mail": 0.1,
    "Balie": 0.2,
    "Brief": 0.05,
    "Contactformulier": 0.0,
}
_EMAIL_ASKED = {
    "Telefoon": 0.12,
    "WhatsApp": 0.05,
    "Live chat": 0.45,
    "E-mail": 0.0,
    "Balie": 0.1,
    "Brief": 0.1,
    "Contactformulier": 0.0,
}
_HANDLING_MINUTES = {"Brief": 12.0}  # chat and WhatsApp: chat.py
_BRON = Weighted(("Kennisbank", "Website", "Vakapplicatie", "Geen"), (59, 23, 13, 5))
_QUESTIONS_ASKED = Weighted((1, 2, 3), (85, 12, 3))
# Working days until the department handles an internetaak.
_TASK_DAYS = Weighted((0, 1, 2, 3, 4, 6), (46, 33, 13, 4, 2, 2))


class Kcs:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("kcs")
        self.contacts = DeltaFile(files.CONTACTMOMENTEN, world.clock.days)
        self.tasks = DeltaFile(files.INTERNETAKEN, world.clock.days)

    def decide(
        self, kanaal: str, subject: str, about_case: bool, transfer: float | None = None
    ) -> str:
        """The gespreksresultaat. A department transfer needs a department queue (or chat team):
        on the Anywhere365 line 19 % of such calls; transfer sets another share (CXone, chat)."""
        rng = self.rng
        if about_case:
            return vocab.KCS_TERUGBEL if rng.random() < 0.09 else vocab.KCS_ZELFSTANDIG
        has_queue = vocab.SUBJECT_DEPARTMENT[subject] in vocab.DEPARTMENT_QUEUE
        if transfer is None:
            transfer = 0.19 if kanaal == "Telefoon" else 0.0
        if subject in vocab.OR_SUBJECTS:
            zaak = 0.14 if kanaal in _SIGNAL_SOURCE else 0.02
        else:
            zaak = 0.03
        chances = (
            (vocab.KCS_AFDELING, transfer if has_queue else 0.0),
            (vocab.KCS_ZAAK, zaak),
            (vocab.KCS_TERUGBEL, 0.09 if kanaal in ("Brief", "Contactformulier") else 0.065),
            (vocab.KCS_ANDERE_ORG, 0.009),
        )
        draw = rng.random()
        for result, chance in chances:
            if draw < chance:
                return result
            draw -= chance
        return vocab.KCS_ZELFSTANDIG

    def register(
        self,
        kanaal: str,
        reference: str,
        start: int,
        end: int,
        contact: Contact,
        result: str,
        medewerker: str,
        *,
        seen_phone: str = "",
        seen_email: str = "",
        seen_bsn: str = "",
        unreached: bool = False,
    ) -> None:
        """One contactmoment; a new zaak or melding, a callback task or a status call may follow."""
        rng = self.rng
        world = self.world
        clock = self.clock
        customers = world.customers
        cust = contact.cust
        subject = contact.subject
        kcm_id = uuid(rng)
        case = contact.ref
        if result == vocab.KCS_ZAAK:
            case = self._new_case(kanaal, contact, end, kcm_id, medewerker)
            world.follow_up_case(end, contact, case)
        if not seen_bsn and customers.bsn[cust] and rng.random() < _BSN_CHECK.get(subject, 0.08):
            seen_bsn = customers.bsn[cust]
        phone = seen_phone if seen_phone and rng.random() < 0.75 else ""
        if not phone and rng.random() < _PHONE_ASKED[kanaal]:
            phone = customers.phone[cust]
        mail = seen_email
        if not mail and rng.random() < _EMAIL_ASKED[kanaal]:
            mail = format_email(customers.email[cust], rng)
        local_kcc = result in (vocab.KCS_ZELFSTANDIG, vocab.KCS_BINNEN_KCC, vocab.KCS_ANDERE_ORG)
        row: list[object] = [
            kcm_id,
            kanaal,
            reference if rng.random() > 0.015 else "",
            clock.with_offset(start),
            clock.with_offset(end),
            subject,
            one_of(rng, texts.QUESTIONS[subject]),
            result,
            vocab.DEPT_KCC if local_kcc else vocab.SUBJECT_DEPARTMENT[subject],
            medewerker,
            "Vakapplicatie" if case is not None and rng.random() < 0.7 else _BRON.pick(rng),
            _QUESTIONS_ASKED.pick(rng),
            "ja" if rng.random() < 0.008 else "nee",
            format_bsn(seen_bsn, rng) if seen_bsn else "",
            format_phone(phone, rng) if phone else "",
            mail,
            "" if case is None else case,
        ]
        if rng.random() < 0.03:
            # Left open by the agent and closed the next working day: exported twice.
            draft = list(row)
            draft[4] = ""
            self.contacts.add(clock.local_day(start), start, draft)
            closed = world.staff_time(clock.working_day_after(clock.local_day(end), 1), end, rng)
            self.contacts.add(clock.local_day(closed), closed, row)
        else:
            self.contacts.add(clock.local_day(end), end, row)
        if result == vocab.KCS_TERUGBEL or unreached:
            handeling = "Terugbellen"
            if not unreached and rng.random() < 0.14:
                handeling = one_of(rng, ("Informatie opsturen", "Afspraak inplannen"))
            self._task(kcm_id, end, contact, handeling)

    def _new_case(
        self, kanaal: str, contact: Contact, t: int, kcm_id: str, medewerker: str
    ) -> object:
        world = self.world
        if contact.subject in vocab.OR_SUBJECTS and kanaal in _SIGNAL_SOURCE:
            return world.mor.create(
                t, _SIGNAL_SOURCE[kanaal], contact.cust, contact.subject, medewerker
            )
        code = one_of(self.rng, vocab.SUBJECT_ZAAKTYPES[contact.subject])
        return world.zaken.create(
            code, t, _COMMUNICATIEKANAAL[kanaal], world.customers.bsn[contact.cust], kcm_id
        )

    def _task(self, kcm_id: str, t: int, contact: Contact, handeling: str) -> None:
        """An internetaak for the department; a callback is placed as an Outbound call."""
        rng = self.rng
        clock = self.clock
        world = self.world
        dept = vocab.SUBJECT_DEPARTMENT[contact.subject]
        task_id = uuid(rng)
        assigned = t + between(rng, MINUTE, 20 * MINUTE)
        assigned_day = clock.local_day(assigned)

        def row(done: int | None, status: str) -> list[object]:
            return [
                task_id,
                kcm_id,
                handeling,
                dept,
                clock.with_offset(assigned),
                "" if done is None else clock.with_offset(done),
                status,
            ]

        if rng.random() < 0.016:
            moment = world.staff_time(
                clock.working_day_after(assigned_day, between(rng, 0, 2)), assigned, rng
            )
            final, status, done = moment, "retour", None
        else:
            day = clock.working_day_after(assigned_day, _TASK_DAYS.pick(rng))
            moment = world.staff_time(day, assigned + 10 * MINUTE, rng)
            if handeling == "Terugbellen":
                end, answered = world.telephony.callback(moment, dept, contact.cust)
                if not answered:  # one more try; after that the task is closed anyway
                    retry = world.staff_time(clock.local_day(end), end + 90 * MINUTE, rng)
                    end, _ = world.telephony.callback(retry, dept, contact.cust)
                moment = end + between(rng, 30, 600)
            final, status, done = moment, "verwerkt", moment
        if clock.local_day(final) != assigned_day:
            self.tasks.add(assigned_day, assigned, row(None, "te_verwerken"))
        self.tasks.add(clock.local_day(final), final, row(done, status))

    def other(self, t: int, contact: Contact) -> None:
        """Post (Brief): registered without a channel export to refer to. (Live chat and
        WhatsApp are conversations in chat.py that refer to their sessions.csv row.)"""
        rng = self.rng
        kanaal = str(contact.extra)
        agent = one_of(rng, self.world.staff.emails[vocab.DEPT_KCC])
        minutes = _HANDLING_MINUTES[kanaal]
        end = t + max(60, int(rng.lognormvariate(math.log(minutes * 60) - 0.12, 0.5)))
        result = self.decide(kanaal, contact.subject, contact.ref is not None)
        self.register(kanaal, "", t, end, contact, result, agent)
        self.world.follow_up(
            end, contact, "chat", 0.17 if result == vocab.KCS_ZELFSTANDIG else 0.28
        )
