"""The Sociaal Domein line on NICE CXone: the "Call Detail" data download report.

One row per CXone contact. A call is one contact, or more when the agent transfers it: the
contact the transfer creates carries the first one's Contact_ID as Master_Contact_ID. The
callers, menu, KCC agents and queue behaviour are those of the Anywhere365 line
(telephony.py), drawn from this platform's own generator.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, NamedTuple

from klantcontact.generator import files, vocab
from klantcontact.generator.clock import MINUTE
from klantcontact.generator.contact import Contact
from klantcontact.generator.rand import between, one_of
from klantcontact.generator.telephony import (
    ANONYMOUS,
    PATIENCE,
    caller_number,
    is_open,
    mean_wait,
    menu_seconds,
    redial,
    reopening_redial,
    talk_seconds,
    transfer_wait,
)
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

SUBJECTS = (vocab.ZORG, vocab.WERK)  # Wmo, jeugd, werk en inkomen
# Of the customers with a Sociaal Domein matter, this share dials the line's own number
# (the rest call the general number on Anywhere365): about 12 % of all inbound calls.
_DIRECT_LINE_SHARE = 0.65
_FIRST_LINE_SKILL = vocab.Q_ALGEMEEN
_DEPARTMENT_SKILL = vocab.DEPARTMENT_QUEUE[vocab.DEPT_SOCIAAL]
_TRANSFER = 0.07  # of answered calls not about a known case: about 1 in 15 answered calls
_MENU_HANG_UP = 0.03
_SLA_SECONDS = 30
_KCC_TEAMS = 3
# The point of contact callers reach (Contact_Name) and CXone's numbers of the skills,
# campaigns and teams: fixed, so that they draw nothing from the random streams.
_POINT_OF_CONTACT = "Sociaal Domein"
_SKILL_NUMBERS = {_FIRST_LINE_SKILL: 410871, _DEPARTMENT_SKILL: 410872}
_CAMPAIGN_NUMBERS = {vocab.DEPT_KCC: 20431, vocab.DEPT_SOCIAAL: 20432}
_FIRST_TEAM_NUMBER = 63001


class Agent(NamedTuple):
    number: int
    name: str
    team: str
    team_number: int


class _Part(NamedTuple):
    """What happened to one contact after its menu part."""

    in_queue: int
    agent: Agent | None = None
    agent_time: int = 0
    acw: int = 0
    queued: bool = True


class Cxone:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("cxone")
        self.rows = DeltaFile(files.CALL_DETAIL, world.clock.days)
        line = world.rng_for("cxone/line")
        self._direct = bytes(
            line.random() < _DIRECT_LINE_SHARE for _ in range(world.customers.size)
        )
        self.agents = self._agents(world, line)
        # NICE numbers contacts across all its tenants: ours increase with gaps. Seven digits
        # (for 2.5 million contacts or so): a run of 8 or 9 digits could pass for a BSN.
        self._last_id = between(self.rng, 2_000_000, 2_999_999)

    @staticmethod
    def _agents(world: World, rng: random.Random) -> dict[str, Agent]:
        """CXone users by staff e-mail: the KCC in three teams, and Sociaal Domein."""
        staff = world.staff
        agents: dict[str, Agent] = {}
        seen: set[int] = set()
        for dept in (vocab.DEPT_KCC, vocab.DEPT_SOCIAAL):
            members = zip(staff.emails[dept], staff.names[dept], strict=True)
            for i, (email, name) in enumerate(members):
                number = between(rng, 1_000_000, 1_999_999)
                while number in seen:
                    number = between(rng, 1_000_000, 1_999_999)
                seen.add(number)
                team = f"Team {dept}"
                team_number = _FIRST_TEAM_NUMBER + _KCC_TEAMS
                if dept == vocab.DEPT_KCC:
                    team = f"KCC Team {i % _KCC_TEAMS + 1}"
                    team_number = _FIRST_TEAM_NUMBER + i % _KCC_TEAMS
                agents[email] = Agent(number, name, team, team_number)
        return agents

    def takes(self, contact: Contact) -> bool:
        """Whether this call is made to the Sociaal Domein line (the same for every redial)."""
        return contact.subject in SUBJECTS and self._direct[contact.cust] == 1

    def _new_id(self) -> int:
        self._last_id += between(self.rng, 1, 6)
        return self._last_id

    def _row(
        self,
        contact_id: int,
        master_id: int,
        start: int,
        caller: str,
        skill: str,
        pre_queue: int,
        part: _Part,
        abandoned: bool,
    ) -> None:
        rng = self.rng
        agent = part.agent
        post_queue = between(rng, 3, 25) if agent and rng.random() < 0.03 else 0
        hold = 0
        if agent and part.agent_time > 60 and rng.random() < 0.18:
            hold = between(rng, 10, min(240, part.agent_time // 2))
        if not part.queued:
            sla = -1  # hung up in the menu
        elif part.in_queue <= _SLA_SECONDS:
            sla = 0  # answered, or abandoned, within the threshold
        else:
            sla = 1
        date, time = self.clock.local_mdy_hms(start)
        total = pre_queue + part.in_queue + part.agent_time + post_queue
        campaign = vocab.QUEUE_DEPARTMENT.get(skill, vocab.DEPT_KCC)
        row: list[object] = [
            contact_id,
            master_id,
            "Call",
            _POINT_OF_CONTACT,
            caller,
            _SKILL_NUMBERS[skill],
            skill,
            _CAMPAIGN_NUMBERS[campaign],
            campaign,
            agent.number if agent else "",
            agent.name if agent else "",
            agent.team_number if agent else "",
            agent.team if agent else "",
            sla,
            date,
            time,
            pre_queue,
            part.in_queue,
            part.agent_time,
            post_queue,
            part.acw if agent else "",
            total,
            "Y" if abandoned else "N",
            total if abandoned else 0,
            hold,
        ]
        self.rows.add_echoed(self.clock.local_day(start), start, row, rng, 0.005)

    def inbound(self, t: int, contact: Contact) -> None:
        rng = self.rng
        clock = self.clock
        world = self.world
        if not is_open(clock, t):
            # CXone's script plays the closed message; the report has no contact for it.
            redial(world, rng, reopening_redial(world, t, rng), contact, 0.6)
            return
        phone = world.customers.phone[contact.cust]
        caller = caller_number(phone, rng)
        master = self._new_id()
        ivr = menu_seconds(rng)
        if rng.random() < _MENU_HANG_UP:
            left = between(rng, 3, ivr)
            part = _Part(0, queued=False)
            self._row(master, master, t, caller, _FIRST_LINE_SKILL, left, part, True)
            redial(world, rng, t + between(rng, 2 * MINUTE, 30 * MINUTE), contact, 0.55)
            return
        pressure = world.season.pressure(clock.local_day(t))
        wait = int(rng.expovariate(1 / mean_wait(clock, t, pressure)))
        patience = rng.expovariate(1 / PATIENCE)
        if patience < wait:
            part = _Part(int(patience))
            self._row(master, master, t, caller, _FIRST_LINE_SKILL, ivr, part, True)
            redial(world, rng, t + between(rng, MINUTE, 60 * MINUTE), contact, 0.65)
            return
        accepted = t + ivr + wait
        email = one_of(rng, world.staff.emails[vocab.DEPT_KCC])
        kcs = world.kcs
        result = kcs.decide("Telefoon", contact.subject, contact.ref is not None, _TRANSFER)
        transfer = result == vocab.KCS_AFDELING
        talk = talk_seconds(rng, 0.45 if transfer else 1.0)
        acw = between(rng, 5, 30) if transfer else between(rng, 30, 90)
        part = _Part(wait, self.agents[email], talk, acw)
        self._row(master, master, t, caller, _FIRST_LINE_SKILL, ivr, part, False)
        end = accepted + talk
        reached = not transfer or self._transfer(master, end, caller)
        reference = str(master)
        kcs.register(
            "Telefoon",
            reference,
            accepted,
            end + acw,
            contact,
            result,
            email,
            seen_phone="" if caller == ANONYMOUS else phone,
            unreached=not reached,
        )
        world.kto.maybe_respond("Telefoon", reference, end + acw, 0.05, contact.cust)
        world.follow_up(end, contact, "phone", 0.17 if result == vocab.KCS_ZELFSTANDIG else 0.3)

    def _transfer(self, master: int, start: int, caller: str) -> bool:
        """The child contact in the department's skill; False when the caller hangs up."""
        rng = self.rng
        child = self._new_id()
        wait, reached = transfer_wait(rng, department=True)
        if not reached:
            self._row(child, master, start, caller, _DEPARTMENT_SKILL, 0, _Part(wait), True)
            return False
        email = one_of(rng, self.world.staff.emails[vocab.DEPT_SOCIAAL])
        part = _Part(wait, self.agents[email], talk_seconds(rng, 1.3), between(rng, 30, 150))
        self._row(child, master, start, caller, _DEPARTMENT_SKILL, 0, part, False)
        return True
