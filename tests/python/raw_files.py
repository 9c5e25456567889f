"""The raw export files as raw-exports.md describes them, read with Python's csv module.

Deliberately independent of the project's SQL, so tests compare the pipeline with
what the files really hold.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RawFile:
    source: str
    name: str
    delimiter: str = ","
    encoding: str = "utf-8"
    # Columns holding personal identifiers, by kind.
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    bsns: tuple[str, ...] = ()


RAW_FILES: tuple[RawFile, ...] = (
    RawFile("telephony", "dialogues", phones=("customerId",), emails=("agentId",)),
    RawFile("balie", "visits", delimiter=";", bsns=("customer_bsn",)),
    RawFile(
        "email",
        "messages",
        encoding="utf-8-sig",
        emails=("sender", "recipient", "handled_by", "mailbox"),
    ),
    RawFile("web", "pages"),
    RawFile("web", "site_search"),
    RawFile("web", "form_submissions", phones=("phone",), emails=("email",), bsns=("bsn",)),
    RawFile("mor", "signals"),
    RawFile("mor", "statuses", emails=("user",)),
    RawFile("mor", "categories"),
    RawFile("mor", "locations"),
    RawFile("mor", "reporters", phones=("phone",), emails=("email",)),
    RawFile("mor", "kto_feedback"),
    RawFile("mor", "sla"),
    RawFile("zaken", "zaken", bsns=("initiator_bsn",)),
    RawFile("zaken", "zaaktypen"),
    RawFile(
        "kcs",
        "contactmomenten",
        phones=("klant_telefoon",),
        emails=("medewerker", "klant_email"),
        bsns=("klant_bsn",),
    ),
    RawFile("kcs", "internetaken"),
    RawFile("kto", "responses", delimiter=";"),
)


def files_of(raw_dir: Path, raw_file: RawFile) -> list[Path]:
    return sorted(raw_dir.glob(f"{raw_file.source}/*/{raw_file.name}.csv"))


def records(raw_dir: Path, raw_file: RawFile) -> Iterator[dict[str, str]]:
    """Every data record of every export folder (short records padded with '')."""
    for path in files_of(raw_dir, raw_file):
        with path.open(encoding=raw_file.encoding, newline="") as handle:
            reader = csv.DictReader(handle, delimiter=raw_file.delimiter, restval="")
            yield from reader
