"""What a sample's values say about each column: format, personal kind, code list.

Read from the values, not only the header: a date or time format (ISO, DD-MM-YYYY,
D-M-YYYY, YYYYMMDD, HH:MM, HH:MM:SS, date and time together), a BSN (nine digits passing
the eleven-test), a phone number, an e-mail address (a staff address when most values
share one domain or the name says medewerker/behandelaar/employee), free text (long,
varied), a number, or a code column (few distinct values). The column name helps where
the values cannot tell (a name, an address, a staff number). What stays undecided is a
question in the declaration: the build refuses to run until it is answered.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from klantcontact.scaffold.names import Column
from klantcontact.scaffold.personal import Personal, personal_kind

# Formats in the declaration's notation, the regular expression a value must match, and a
# strptime format to confirm it is a real date or time.
DATE_FORMATS = (
    ("YYYY-MM-DD", r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    ("DD-MM-YYYY", r"\d{2}-\d{2}-\d{4}", "%d-%m-%Y"),
    ("D-M-YYYY", r"\d{1,2}-\d{1,2}-\d{4}", "%d-%m-%Y"),
    ("DD/MM/YYYY", r"\d{2}/\d{2}/\d{4}", "%d/%m/%Y"),
    ("MM/DD/YYYY", r"\d{2}/\d{2}/\d{4}", "%m/%d/%Y"),
    ("D/M/YYYY", r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y"),
    ("YYYYMMDD", r"(19|20)\d{6}", "%Y%m%d"),
)
TIME_FORMATS = (
    ("HH:MM", r"\d{2}:\d{2}", "%H:%M"),
    ("H:MM", r"\d{1,2}:\d{2}", "%H:%M"),
    ("HH:MM:SS", r"\d{2}:\d{2}:\d{2}", "%H:%M:%S"),
    ("H:MM:SS", r"\d{1,2}:\d{2}:\d{2}", "%H:%M:%S"),
)
ISO_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?")
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{7,18}[0-9]")
INTEGER = re.compile(r"-?\d+")
DECIMAL = re.compile(r"-?\d+\.\d+")
STAFF_WORDS = frozenset({"medewerker", "behandelaar", "employee", "agent", "staff", "user"})
CODE_MAX_VALUES = 15
FREE_TEXT_LENGTH = 25


@dataclass(frozen=True)
class Detected:
    """One column as the sample shows it; `meta` is its declaration (column meta)."""

    column: Column
    meta: dict[str, object]
    values: tuple[str, ...] = field(default=(), repr=False)
    what: str = ""  # a short human description for the report and the docs page

    @property
    def format(self) -> str | None:
        value = self.meta.get("format")
        return value if isinstance(value, str) else None

    @property
    def personal(self) -> str:
        return str(self.meta.get("personal", "identifier"))

    @property
    def is_time(self) -> bool:
        return bool(self.format and self.format.startswith("H"))

    @property
    def is_date(self) -> bool:
        return bool(self.format and " " not in self.format and not self.is_time and
                    self.format.startswith(("Y", "D", "M")))  # fmt: skip

    @property
    def codes(self) -> list[str]:
        """The code list: checked (`codes`) or only listed (`values`)."""
        codes = self.meta.get("codes", self.meta.get("values"))
        return list(codes) if isinstance(codes, list) else []


def eleven_test(value: str) -> bool:
    """The BSN eleven-test on 8 or 9 digits (a lost leading zero restored)."""
    if not re.fullmatch(r"\d{8,9}", value):
        return False
    digits = value.zfill(9)
    if digits == "000000000":
        return False
    total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True))
    return total % 11 == 0


def _all(values: tuple[str, ...], test: object) -> bool:
    return bool(values) and all(test(value) for value in values)  # type: ignore[operator]


def _parses(value: str, strptime: str) -> bool:
    try:
        datetime.strptime(value, strptime)
    except ValueError:
        return False
    return True


def _format_of(values: tuple[str, ...], formats: tuple[tuple[str, str, str], ...]) -> str | None:
    for name, pattern, strptime in formats:
        if _all(values, lambda v, p=pattern, s=strptime: re.fullmatch(p, v) and _parses(v, s)):
            return name
    return None


def timestamp_format(values: tuple[str, ...]) -> str | None:
    """ISO-8601 (with offset or Z), or a local date and time in one column."""
    if _all(values, ISO_OFFSET.fullmatch):
        return "ISO-8601"
    if _all(values, ISO_UTC.fullmatch):
        return "ISO-8601 UTC"
    parts = [value.replace("T", " ", 1).split(" ") for value in values]
    if not values or any(len(part) != 2 for part in parts):
        return None
    date = _format_of(tuple(part[0] for part in parts), DATE_FORMATS)
    time = _format_of(tuple(part[1] for part in parts), TIME_FORMATS)
    if date and time and all("T" not in value for value in values):
        return f"{date} {time}"
    return None


def _is_phone(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return bool(PHONE.fullmatch(value)) and value.startswith(("0", "+")) and 9 <= len(digits) <= 15


def _shared_domain(values: tuple[str, ...]) -> str | None:
    domains = Counter(value.rsplit("@", 1)[-1].lower() for value in values)
    domain, count = domains.most_common(1)[0]
    return domain if count >= 0.6 * len(values) and len(values) >= 3 else None


def _is_free_text(values: tuple[str, ...]) -> bool:
    distinct = set(values)
    long_ = sum(len(value) for value in values) / len(values) >= FREE_TEXT_LENGTH
    spaced = sum(" " in value for value in values) >= 0.5 * len(values)
    return long_ and spaced and len(distinct) >= 0.5 * len(values)


def _is_code(values: tuple[str, ...]) -> bool:
    distinct = set(values)
    return len(values) >= 4 and len(distinct) <= min(CODE_MAX_VALUES, 0.3 * len(values))


NAME_KINDS = {
    Personal.DROP: None,  # refined below: name or address or birth date
    Personal.FREE_TEXT: "free_text",
    Personal.POSTCODE: "postcode",
    Personal.BSN: "bsn",
    Personal.PHONE: "phone",
}


def _name_only_kind(column: Column) -> str | None:
    """A personal kind the name alone tells (name, address, birth date, postcode, ...)."""
    kind = personal_kind(column)
    if kind is Personal.DROP:
        words = set(column.name.split("_"))
        if words & {"birth", "geboortedatum", "birthdate", "dob"}:
            return "birth_date"
        if words & {"address", "adres", "street", "straat"}:
            return "address"
        return "name"
    if kind in (Personal.FREE_TEXT, Personal.POSTCODE):
        return str(NAME_KINDS[kind])
    return None


def detect(column: Column, values: tuple[str, ...], *, is_key: bool) -> Detected:
    """The declaration of one column from its name and its non-empty sample values."""
    words = set(column.name.split("_"))
    staff_named = bool(words & STAFF_WORDS)
    if is_key:
        return Detected(column, {"personal": "safe"}, values, "record id (key)")
    if not values:
        return Detected(
            column,
            {"personal": "identifier", "question": (
                f"{column.raw} is empty in the sample: is it personal? Answer personal: safe, or "
                "one of bsn, phone, email, staff_email, staff_number, free_text, name, address, "
                "postcode, identifier.")},
            values,
            "empty in the sample",
        )  # fmt: skip
    if (column.name == "id" or column.name.endswith("_id")) and personal_kind(column) is None:
        # A record's own reference (call_id, zaak_id); a customer's id has a personal name.
        return Detected(column, {"personal": "safe"}, values, "reference (id)")
    by_name = _name_only_kind(column)
    if by_name in ("name", "address", "birth_date"):
        return Detected(column, {"personal": by_name}, values, f"{by_name} (dropped)")
    stamp = timestamp_format(values)
    if stamp:
        return Detected(column, {"format": stamp, "personal": "safe"}, values, f"moment, {stamp}")
    date = _format_of(values, DATE_FORMATS)
    if date and not _all(values, eleven_test):
        return Detected(column, {"format": date, "personal": "safe"}, values, f"date, {date}")
    time = _format_of(values, TIME_FORMATS)
    if time:
        return Detected(column, {"format": time, "personal": "safe"}, values, f"time, {time}")
    if _all(values, lambda v: re.fullmatch(r"\d{8,9}", v)) and sum(map(eleven_test, values)) >= (
        0.9 * len(values)
    ):
        return Detected(column, {"personal": "bsn"}, values, "BSN (9 digits, eleven-test)")
    if _all(values, EMAIL.fullmatch):
        domain = _shared_domain(values)
        if staff_named or domain:
            why = f"most at {domain}" if domain else "the name says staff"
            return Detected(column, {"personal": "staff_email"}, values, f"staff e-mail ({why})")
        return Detected(column, {"personal": "email"}, values, "e-mail address")
    if _all(values, _is_phone):
        return Detected(column, {"personal": "phone"}, values, "phone number")
    if staff_named:
        return Detected(column, {"personal": "staff_number"}, values, "staff member (number)")
    if by_name == "postcode":
        return Detected(column, {"personal": "postcode"}, values, "postcode (kept as PC4)")
    if by_name == "free_text" or _is_free_text(values):
        return Detected(column, {"personal": "free_text"}, values, "free text (dropped)")
    if _all(values, INTEGER.fullmatch) or _all(values, DECIMAL.fullmatch):
        number = "integer" if _all(values, INTEGER.fullmatch) else "decimal"
        if _is_code(values):
            codes = sorted(set(values))
            return Detected(column, {"personal": "safe", "values": codes}, values, "code")
        return Detected(
            column,
            {"type": number, "personal": "identifier", "question": (
                f"{column.raw} holds numbers ({', '.join(list(dict.fromkeys(values))[:3])}): a "
                "count or amount (personal: safe) or someone's number (personal: identifier)?")},
            values,
            "number",
        )  # fmt: skip
    if _is_code(values):
        # `values` lists them for a mapping; a status column the contract fields read gets
        # `codes`, a checked list (declaration.py).
        codes = sorted(set(values))
        return Detected(column, {"personal": "safe", "values": codes}, values, "code")
    examples = ", ".join(list(dict.fromkeys(values))[:3])
    return Detected(
        column,
        {"personal": "identifier", "question": (
            f"Is {column.raw} personal? values like: {examples}. Answer personal: safe, or one of "
            "bsn, phone, email, staff_email, staff_number, free_text, name, address, postcode, "
            "identifier (kept as a keyed pseudonym).")},
        values,
        "text",
    )  # fmt: skip
