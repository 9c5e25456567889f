"""The raw export files as raw-exports.md describes them, read with Python's csv module.

Deliberately independent of the project's SQL, so tests compare the pipeline with
what the files really hold.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Kinds of personal identifier the exports hold.
PHONE = "phone number"
EMAIL = "e-mail address"
STAFF_EMAIL = "staff e-mail address"
STAFF_NUMBER = "staff number"
BSN = "BSN"
POSTCODE = "postcode"


@dataclass(frozen=True)
class RawFile:
    source: str
    name: str
    delimiter: str = ","
    encoding: str = "utf-8"
    # Columns holding personal identifiers, by kind. `emails` are the citizens' addresses (and
    # the shared mailbox's, which sits in the same sender/recipient columns); `staff_emails` and
    # `staff_numbers` identify employees; `postcodes` are 6-character postcodes ("3701 AB").
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    staff_emails: tuple[str, ...] = ()
    staff_numbers: tuple[str, ...] = ()
    bsns: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    # Free text, which people fill with names, phone numbers and addresses.
    free_texts: tuple[str, ...] = ()
    # Organisation numbers (RSIN): they pass the same 11-test as a BSN, but name no person.
    organisation_numbers: tuple[str, ...] = ()
    # A file an export may leave out altogether (the generator's contract files do).
    optional: bool = False

    def personal_columns(self) -> dict[str, tuple[str, ...]]:
        """The columns holding personal identifiers, by kind of identifier."""
        return {
            PHONE: self.phones,
            EMAIL: self.emails,
            STAFF_EMAIL: self.staff_emails,
            STAFF_NUMBER: self.staff_numbers,
            BSN: self.bsns,
            POSTCODE: self.postcodes,
        }


RAW_FILES: tuple[RawFile, ...] = (
    RawFile("telephony", "dialogues", phones=("customerId",), staff_emails=("agentId",)),
    RawFile(
        "balie",
        "visits",
        delimiter=";",
        staff_numbers=("staff_id",),
        bsns=("customer_bsn",),
        postcodes=("customer_postcode",),
    ),
    RawFile(
        "email",
        "messages",
        encoding="utf-8-sig",
        emails=("sender", "recipient", "mailbox"),
        staff_emails=("handled_by",),
        free_texts=("subject",),
    ),
    RawFile("web", "pages"),
    RawFile("web", "site_search"),
    # Needed only by site analytics without result counts per keyword (Matomo).
    RawFile("web", "site_search_no_result", optional=True),
    RawFile("web", "form_submissions", phones=("phone",), emails=("email",), bsns=("bsn",)),
    RawFile("mor", "signals", free_texts=("text",)),
    RawFile("mor", "statuses", staff_emails=("user",), free_texts=("text",)),
    RawFile("mor", "categories"),
    RawFile("mor", "locations", postcodes=("address_postalcode",)),
    # A melding raised by staff has the employee's address as reporter e-mail.
    RawFile("mor", "reporters", phones=("phone",), emails=("email",)),
    RawFile("mor", "kto_feedback", free_texts=("text",)),
    RawFile("mor", "sla"),
    RawFile("mor", "routing_departments", optional=True),
    RawFile("zaken", "zaken", bsns=("initiator_bsn",), organisation_numbers=("bronorganisatie",)),
    RawFile("zaken", "zaaktypen"),
    RawFile(
        "kcs",
        "contactmomenten",
        phones=("klant_telefoon",),
        emails=("klant_email",),
        staff_emails=("medewerker",),
        bsns=("klant_bsn",),
    ),
    RawFile("kcs", "internetaken"),
    RawFile("kto", "responses", delimiter=";", free_texts=("opmerking",)),
    # Agent_Name (a staff member's full name) is dropped in staging: no model reads it.
    RawFile("cxone", "call_detail", phones=("ANI_Dialnum",), staff_numbers=("Agent_No",)),
    RawFile(
        "chat",
        "sessions",
        phones=("customer_phone",),
        emails=("customer_email",),
        staff_emails=("agent",),
    ),
)


def files_of(raw_dir: Path, raw_file: RawFile) -> list[Path]:
    return sorted(raw_dir.glob(f"{raw_file.source}/*/{raw_file.name}.csv"))


def export_text(path: Path, raw_file: RawFile) -> str:
    """The file's text: in the contract's encoding, or Windows-1252 for the files a Windows
    tool wrote in it (the generator does so now and then for KTO)."""
    data = path.read_bytes()
    try:
        return data.decode(raw_file.encoding)
    except UnicodeDecodeError:
        return data.decode("cp1252")


def records(raw_dir: Path, raw_file: RawFile) -> Iterator[dict[str, str]]:
    """Every data record of every export folder (short records padded with '')."""
    for path in files_of(raw_dir, raw_file):
        text = io.StringIO(export_text(path, raw_file), newline="")
        yield from csv.DictReader(text, delimiter=raw_file.delimiter, restval="")
