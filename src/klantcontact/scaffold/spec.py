"""What the scaffold writes, decided once: the source, its columns, its key, its contract
and the declaration read from the sample (declaration.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from klantcontact.scaffold.contracts import ContractColumn
from klantcontact.scaffold.declaration import Declaration
from klantcontact.scaffold.names import Column, InvalidName, ModelNames, snake_case
from klantcontact.scaffold.personal import Advice, advice
from klantcontact.scaffold.sample import Sample

SUBJECT_WORDS = ("topic", "subject", "category", "onderwerp", "categorie", "vraag")


class Kind(StrEnum):
    PLAIN = "plain"
    CONTACTS = "contacts"
    CALL_LEGS = "call_legs"


# The contract of each kind; `--contract` names any other contract of contracts.sql.
CONTRACT_OF_KIND = {Kind.CONTACTS: "channel_contact", Kind.CALL_LEGS: "call_leg"}


def registry_key(contract: str) -> str:
    """The kcc_sources key of a contract's model: contacts, call_legs, counter_visits, ..."""
    return "contacts" if contract == "channel_contact" else f"{contract}s"


@dataclass(frozen=True)
class SourceSpec:
    names: ModelNames
    kind: Kind
    columns: tuple[Column, ...]
    key: Column
    delimiter: str
    multiline: bool
    channel: str | None = None
    # The contract's columns (macros/staging/contracts.sql); empty for a plain source.
    contract: tuple[ContractColumn, ...] = ()
    contract_name: str | None = None
    declaration: Declaration | None = None
    encoding: str = "utf-8"

    @property
    def contract_model(self) -> str | None:
        if not self.contract_name:
            return None
        return f"stg_{self.source}__{registry_key(self.contract_name)}"

    @property
    def source(self) -> str:
        return self.names.source

    @property
    def file(self) -> str:
        return self.names.file

    @property
    def started(self) -> Column | None:
        return started_column(self.columns)

    @property
    def subject(self) -> Column | None:
        return next((c for c in self.columns if _has_word(c.name, SUBJECT_WORDS)), None)

    @property
    def personal(self) -> dict[Column, Advice]:
        """The columns that look like personal data, with what to do about each."""
        return advice(self.columns, self.key)


def _has_word(name: str, words: tuple[str, ...]) -> bool:
    return bool(set(name.split("_")) & set(words))


def pick_key(columns: tuple[Column, ...], wanted: str | None) -> Column:
    """--key by raw or snake_case name; else the first `id` / `*_id` column, else the first."""
    if wanted:
        for column in columns:
            if wanted in (column.raw, column.name) or snake_case(wanted) == column.name:
                return column
        known = ", ".join(column.raw for column in columns)
        raise InvalidName(f"--key {wanted!r} is not a column of the sample ({known})")
    for column in columns:
        if column.name == "id" or column.name.endswith("_id"):
            return column
    return columns[0]


# A moment at the start of a record: tried after `start`, before any `time` or `date`.
BEGIN_WORDS = ("begin", "created", "received", "opened", "aangemaakt", "ontvangen")
# A moment after the start: never taken for started_at.
LATER_WORDS = ("end", "ended", "update", "updated", "modified", "closed", "handled",
               "answered", "eind", "gewijzigd", "afgehandeld")  # fmt: skip


def started_column(columns: tuple[Column, ...]) -> Column | None:
    """The column a contact or leg starts at: the first whose name holds `start`; else one
    named like a creation or receipt (`created_at`, `received_at`); else one holding
    `time`, `date` or `datum`; else the first `*_at` (the project's name for a moment).
    A name that marks a later moment (`ended_at`, `updated_date`) is never taken."""
    candidates = [c for c in columns if not _has_word(c.name, LATER_WORDS)]
    for test in (
        lambda name: "start" in name,
        lambda name: _has_word(name, BEGIN_WORDS),
        lambda name: "time" in name or "date" in name or "datum" in name,
        lambda name: name.endswith("_at"),
    ):
        found = next((column for column in candidates if test(column.name)), None)
        if found:
            return found
    return None


def build_spec(
    names: ModelNames,
    sample: Sample,
    columns: tuple[Column, ...],
    kind: Kind,
    key: str | None,
    channel: str | None,
    contract: tuple[ContractColumn, ...] = (),
    contract_name: str | None = None,
    declaration: Declaration | None = None,
) -> SourceSpec:
    return SourceSpec(
        names=names,
        kind=kind,
        columns=columns,
        key=pick_key(columns, key),
        delimiter=sample.delimiter,
        multiline=sample.multiline,
        channel=channel,
        contract=contract,
        contract_name=contract_name,
        declaration=declaration,
        encoding=sample.encoding,
    )
