"""Shared mailboxes (Exchange-export-like): a conversation is a thread of message rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from klantcontact.generator import files, texts, vocab
from klantcontact.generator.clock import DAY, HOUR, MINUTE
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import format_email
from klantcontact.generator.rand import Weighted, between, one_of
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

# Working days until the KCC answers, and until a department answers a forwarded mail.
_ANSWER_DAYS = Weighted((0, 1, 2, 3, 4, 6, 9), (38, 33, 15, 7, 3, 2, 2))
_DEPARTMENT_DAYS = Weighted((0, 1, 2, 3, 5), (15, 35, 28, 13, 9))
_MAILBOX_DEPARTMENT = {
    vocab.MAILBOX_INFO: vocab.DEPT_KCC,
    vocab.MAILBOX_BELASTINGEN: vocab.DEPT_BELASTINGEN,
    vocab.MAILBOX_VERGUNNINGEN: vocab.DEPT_VERGUNNINGEN,
}


class Email:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("email")
        self.messages = DeltaFile(files.MESSAGES, world.clock.days)

    def _message_id(self, domain: str) -> str:
        return f"<{self.rng.getrandbits(64):016x}@{domain}>"

    def _mailbox(self, subject: str) -> str:
        draw = self.rng.random()
        if subject == vocab.BELASTINGEN and draw < 0.7:
            return vocab.MAILBOX_BELASTINGEN
        if subject in (vocab.VERGUNNINGEN, vocab.PARKEREN) and draw < 0.55:
            return vocab.MAILBOX_VERGUNNINGEN
        return vocab.MAILBOX_INFO

    def _add(self, t: int, row: list[object]) -> None:
        self.messages.add_echoed(self.clock.local_day(t), t, row, self.rng, 0.01)

    def inbound(self, t: int, contact: Contact) -> None:
        rng = self.rng
        clock = self.clock
        world = self.world
        customers = world.customers
        mailbox = self._mailbox(contact.subject)
        dept = _MAILBOX_DEPARTMENT[mailbox]
        conversation = f"AAQkAD{rng.getrandbits(160):040x}"
        address = format_email(customers.email[contact.cust], rng)
        subject_line = texts.mail_subject(contact.subject, rng, customers, contact.cust)
        draw = rng.random()
        category = contact.subject if draw < 0.92 else "Overig" if draw < 0.96 else ""
        customer_domain = address.rsplit("@", 1)[1].lower()
        first_id = self._message_id(customer_domain)

        def incoming(
            message_id: str, at: int, subject: str, handler: str, forwarded: str
        ) -> list[object]:
            return [
                message_id,
                conversation,
                "Inkomend",
                mailbox,
                address,
                mailbox,
                subject,
                clock.local_iso(at),
                "false",
                category if handler else "",
                handler,
                forwarded,
            ]

        def outgoing(at: int, subject: str, auto: bool, handler: str) -> None:
            self._add(
                at,
                [
                    self._message_id(vocab.DOMAIN),
                    conversation,
                    "Uitgaand",
                    mailbox,
                    mailbox,
                    address,
                    subject,
                    clock.local_iso(at),
                    "true" if auto else "false",
                    "" if auto else category,
                    handler,
                    "",
                ],
            )

        if rng.random() < 0.99:
            outgoing(t + between(rng, 20, 400), f"Automatisch antwoord: {subject_line}", True, "")
        day = clock.working_day_after(clock.local_day(t), _ANSWER_DAYS.pick(rng))
        triaged = world.staff_time(day, t + 10 * MINUTE, rng)
        triage_staff = one_of(rng, world.staff.emails[dept])
        forward = ""
        if (
            dept == vocab.DEPT_KCC
            and vocab.SUBJECT_DEPARTMENT[contact.subject] != vocab.DEPT_KCC
            and (rng.random() < 0.13)
        ):
            forward = vocab.SUBJECT_DEPARTMENT[contact.subject]
        # Triage fills category, handler and forward on the incoming message: re-exported that day.
        if clock.local_day(triaged) != clock.local_day(t):
            self._add(t, incoming(first_id, t, subject_line, "", ""))
        self.messages.add(
            clock.local_day(triaged),
            triaged,
            incoming(first_id, t, subject_line, triage_staff, forward),
        )
        if forward:
            answer_day = clock.working_day_after(
                clock.local_day(triaged), _DEPARTMENT_DAYS.pick(rng)
            )
            answered = world.staff_time(answer_day, triaged + 30 * MINUTE, rng)
            answerer = one_of(rng, world.staff.emails[forward])
        else:
            answered = triaged + between(rng, 3 * MINUTE, 25 * MINUTE)
            answerer = triage_staff
        outgoing(answered, f"RE: {subject_line}", False, answerer)
        if dept == vocab.DEPT_KCC:
            result = (
                vocab.KCS_AFDELING
                if forward
                else world.kcs.decide("E-mail", contact.subject, contact.ref is not None)
            )
            world.kcs.register(
                "E-mail",
                conversation,
                triaged,
                triaged + between(rng, 2 * MINUTE, 12 * MINUTE),
                contact,
                result,
                triage_staff,
                seen_email=address,
            )
        world.kto.maybe_respond("E-mail", conversation, answered + HOUR, 0.06, contact.cust)
        if rng.random() < 0.18:
            reply = answered + between(rng, 2 * HOUR, 3 * DAY)
            self._add(
                reply,
                incoming(
                    self._message_id(customer_domain),
                    reply,
                    f"RE: RE: {subject_line}",
                    answerer,
                    "",
                ),
            )
            if rng.random() < 0.8:
                again = world.staff_time(
                    clock.working_day_after(clock.local_day(reply), between(rng, 0, 2)), reply, rng
                )
                outgoing(again, f"RE: RE: {subject_line}", False, answerer)
        world.follow_up(answered, contact, "email", 0.2)
