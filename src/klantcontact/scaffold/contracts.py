"""The contracts (macros/staging/contracts.sql) as the scaffold needs them.

Names and types are read from the project's macro file, so the scaffold follows the
contract a fork has; the descriptions and stub defaults are the scaffold's own, and a
column they do not know gets a `cast(null as <type>)` stub marked TODO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CONTRACTS_FILE = Path("macros/staging/contracts.sql")
_PAIR = re.compile(r"\(\s*'(\w+)'\s*,\s*'([^']+)'\s*\)")

# Meaning of each column, from models/staging/chat/_chat__models.yml and the
# telephony/cxone models YAML.
DESCRIPTIONS = {
    "channel_key": "Channel code of seed channels (channel_code); onbekend for an unmapped value.",
    "source_system": "Export the record comes from: the source name.",
    "source_record_id": "Id of the record in the export; with channel_key and source_system "
    "it makes contact_key.",
    "started_at": "Start of the contact or leg (UTC).",
    "contact_date": "Local date of started_at.",
    "subject_source_system": "Mapping group of seed subject_mappings (source_system) for the "
    "subject value; null when the export names no subject.",
    "subject_source_value": "Subject label as exported, mapped to a subject downstream.",
    "department_key": "Department that handled the contact; onbekend when unknown.",
    "employee_key": "Keyed pseudonym of the staff member; null when none.",
    "case_key": "Case the contact is about (melding|SIG-<id>, zaak|<identificatie>); "
    "null when none.",
    "wait_s": "Seconds the customer waited for a first response; null when not measured.",
    "talk_s": "Seconds of conversation; null when not measured.",
    "wrap_s": "Seconds of after-contact work; null when not measured.",
    "handle_s": "Seconds of handling (talk plus wrap-up); null when not measured.",
    "is_offered": "The contact reached the organisation (counts in the offered volume).",
    "is_handled": "A staff member handled the contact.",
    "is_abandoned": "The customer gave up before a staff member responded.",
    "is_referred_internal": "Handed over within the KCC or to another team.",
    "is_referred_external": "Referred to a department or another organisation.",
    "is_complaint": "The contact is a complaint.",
    "customer_phone_key": "Keyed pseudonym of the customer's phone number (E.164).",
    "customer_email_key": "Keyed pseudonym of the customer's e-mail address.",
    "customer_bsn_key": "Keyed pseudonym of the customer's BSN.",
    "is_eherkenning": "The customer was a business logged in with eHerkenning.",
    "leg_id": "Id of the call leg, unique.",
    "call_id": "Id of the call the leg belongs to; every leg of one call shares it.",
    "direction": "Inbound, or Outbound for callbacks placed by staff.",
    "started_date": "Local date of started_at.",
    "ivr_s": "Seconds in the menu (keuzemenu), first leg of a call only; null when none.",
    "ivr_result": "completed, abandoned or blocked; null when the leg had no menu.",
    "queue_id": "Queue (skill) the leg waited in, named as in seeds/queues.csv; null when "
    "never queued.",
    "queue_entered_at": "Moment the leg entered the queue (UTC); null when never queued.",
    "accepted_at": "Moment an agent answered (UTC); null if never answered.",
    "ended_at": "End of the leg (UTC).",
    "acw_s": "After-call work (nawerktijd) in seconds when the leg was answered.",
    "is_anonymous_caller": "The caller withheld the number.",
    "outcome": "Accepted, Abandoned, Busy, ClosedHours, Overflow, Voicemail or TransferredOut.",
    "transfer_target_queue_id": "Queue the leg was transferred to when the outcome is "
    "TransferredOut.",
}


@dataclass(frozen=True)
class ContractColumn:
    name: str
    data_type: str

    @property
    def description(self) -> str:
        return DESCRIPTIONS.get(self.name, f"TODO: describe {self.name}.")


class ContractError(ValueError):
    """The project's contracts macro file is missing or unreadable."""


def contract_names(project_dir: Path) -> tuple[str, ...]:
    """The contracts the project's macro file defines (`macro <name>_contract()`)."""
    try:
        text = (project_dir / CONTRACTS_FILE).read_text(encoding="utf-8")
    except OSError:
        return ()
    return tuple(re.findall(r"macro\s+(\w+)_contract\s*\(\s*\)", text))


def load_contract(project_dir: Path, contract: str) -> tuple[ContractColumn, ...]:
    """The columns of one contract, in order: the list its `<name>_contract()` macro
    returns, the macro contract_columns(name) hands out (a new contract needs no edit here)."""
    path = project_dir / CONTRACTS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as problem:
        raise ContractError(f"cannot read {path}: {problem.strerror}") from problem
    if not re.fullmatch(r"\w+", contract):
        raise ContractError(f"contract {contract!r}: not a contract name")
    macro = f"{contract}_contract"
    body = re.search(r"macro\s+" + macro + r"\s*\(\s*\)(.*?)endmacro", text, re.DOTALL)
    columns = tuple(ContractColumn(*pair) for pair in _PAIR.findall(body.group(1) if body else ""))
    if not columns:
        known = ", ".join(contract_names(project_dir)) or "none"
        raise ContractError(f"{path}: no contract {contract!r} (macro {macro}; known: {known})")
    return columns
