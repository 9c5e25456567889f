"""Columns that look like personal data, and what the base model should do with them.

No personal data leaves staging, and the base tables hold none either (docs/privacy.md):
an identifier becomes a keyed pseudonym (macros/staging/privacy.sql), a name,
an address or free text is dropped. The scaffold only guesses from the column name and
writes the suggestion as a TODO comment: the SQL itself still selects the raw text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from klantcontact.scaffold.names import Column


class Personal(StrEnum):
    BSN = "bsn"
    DROP = "drop"  # names, addresses, dates of birth
    FREE_TEXT = "free_text"
    STAFF = "staff"
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    IDENTIFIER = "identifier"  # a handle, account or customer number


# Checked in this order: agent_name is a name (dropped), agent_email a staff pseudonym.
WORDS: tuple[tuple[Personal, tuple[str, ...]], ...] = (
    (Personal.BSN, ("bsn", "burgerservicenummer")),
    (Personal.DROP, ("name", "naam", "address", "adres", "street", "straat", "birth",
                     "geboortedatum", "birthdate", "dob")),
    (Personal.FREE_TEXT, ("note", "notes", "remark", "remarks", "opmerking", "toelichting",
                          "body", "text", "comment", "comments", "omschrijving")),
    (Personal.STAFF, ("agent", "medewerker", "employee", "staff", "behandelaar")),
    (Personal.EMAIL, ("email", "mail", "e_mail")),
    (Personal.PHONE, ("phone", "telefoon", "telefoonnummer", "tel", "mobiel", "mobile",
                      "msisdn", "ani", "caller")),
    (Personal.POSTCODE, ("postcode", "zip", "postal")),
    (Personal.IDENTIFIER, ("handle", "user", "username", "customer", "klant", "ip", "account",
                           "login")),
)  # fmt: skip
# The contract column a pseudonym of each kind feeds.
CONTRACT_KEY = {
    Personal.STAFF: "employee_key",
    Personal.EMAIL: "customer_email_key",
    Personal.PHONE: "customer_phone_key",
    Personal.BSN: "customer_bsn_key",
}


def _words(name: str) -> set[str]:
    return set(name.split("_")) | ({"e_mail"} if "e_mail" in name else set())


def personal_kind(column: Column) -> Personal | None:
    words = _words(column.name)
    for kind, markers in WORDS:
        if words & set(markers):
            return kind
    return None


@dataclass(frozen=True)
class Advice:
    column: Column
    kind: Personal

    @property
    def target(self) -> str:
        """The column name the base model should give the pseudonym (or result)."""
        return {
            Personal.STAFF: "employee_key",
            Personal.EMAIL: f"{self.column.name}_key",
            Personal.PHONE: f"{self.column.name}_key",
            Personal.BSN: f"{self.column.name}_key",
            Personal.POSTCODE: f"{self.column.name}_area",
            Personal.IDENTIFIER: f"{self.column.name}_key",
        }.get(self.kind, self.column.name)

    def suggestion(self, source: str) -> str:
        """What to write in the base model, as text for a comment (no Jinja braces)."""
        raw = self.column.sql
        staff_email = bool(_words(self.column.name) & {"email", "mail", "e_mail"})
        suggestions = {
            Personal.BSN: f"pseudonymise_bsn('{raw}') as {self.target}",
            Personal.DROP: "drop it: a name, address or birth date has no use downstream",
            Personal.FREE_TEXT: f"drop it, or keep redact_free_text('{raw}') if it is needed",
            Personal.STAFF: (
                f"pseudonymise(normalise_email('{raw}'), 'staff') as employee_key"
                if staff_email
                else f"pseudonymise(\"'{source}-agent:' || nullif(trim({raw}), '')\", 'staff') "
                "as employee_key"
            ),
            Personal.EMAIL: f"pseudonymise(normalise_email('{raw}'), 'email') as {self.target}",
            Personal.PHONE: f"pseudonymise(normalise_phone('{raw}'), 'phone') as {self.target}",
            Personal.POSTCODE: f"postcode_area('{raw}') as {self.target}",
            Personal.IDENTIFIER: (
                f"pseudonymise(\"lower(trim({raw}))\", '{source}_{self.column.name}') "
                f"as {self.target}"
            ),
        }
        return suggestions[self.kind]


def advice(columns: tuple[Column, ...], key: Column) -> dict[Column, Advice]:
    """The columns that look personal (never the key), with their advice."""
    found = {}
    for column in columns:
        kind = personal_kind(column)
        if kind is not None and column != key:
            found[column] = Advice(column, kind)
    return found
