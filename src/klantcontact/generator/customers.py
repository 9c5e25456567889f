"""The customer pool and the many ways source systems write the same identifier."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from klantcontact.generator import vocab
from klantcontact.generator.rand import between, one_of

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)
_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"
_BUSINESS_SHARE = 0.05
# Adults who may contact the municipality, per inhabitant.
_CUSTOMERS_PER_INHABITANT = 0.62


def valid_bsn(rng: random.Random, leading_zero: bool) -> str:
    """A nine-digit number passing the 11-test (sum of weights 9..2 minus the last digit)."""
    while True:
        digits = [0 if leading_zero else between(rng, 1, 9)] + [
            between(rng, 0, 9) for _ in range(7)
        ]
        check = sum(w * d for w, d in zip(_BSN_WEIGHTS, digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def slug_name(name: str) -> str:
    return name.lower().replace(" ", "").replace("'", "")


@dataclass
class Customers:
    """Parallel lists indexed by customer number; businesses have no BSN."""

    phone: list[str] = field(default_factory=list)  # E.164
    email: list[str] = field(default_factory=list)  # lower case
    bsn: list[str] = field(default_factory=list)
    postcode: list[str] = field(default_factory=list)  # 3701AB
    name: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.phone)

    def pick(self, rng: random.Random) -> int:
        # A skew towards low numbers gives a few frequent contacters, as every KCC knows.
        return int(self.size * rng.random() ** 1.25)

    def is_business(self, cust: int) -> bool:
        return not self.bsn[cust]


def build_customers(rng: random.Random, inhabitants: int) -> Customers:
    pool = Customers()
    count = max(50, round(inhabitants * _CUSTOMERS_PER_INHABITANT))
    businesses = round(count * _BUSINESS_SHARE)
    seen_phone: set[str] = set()
    seen_mail: set[str] = set()
    seen_bsn: set[str] = set()
    for i in range(count):
        first = one_of(rng, vocab.FIRST_NAMES)
        last = one_of(rng, vocab.SURNAMES)
        is_business = i >= count - businesses
        while True:
            if rng.random() < 0.72:
                phone = f"+316{between(rng, 0, 99_999_999):08d}"
            else:
                phone = f"+3130{between(rng, 2_000_000, 9_999_999)}"
            if phone not in seen_phone:
                seen_phone.add(phone)
                break
        surname = slug_name(last)
        style = rng.random()
        if is_business:
            local = f"info.{surname}{between(rng, 1, 999)}"
        elif style < 0.4:
            local = f"{first[0].lower()}.{surname}"
        elif style < 0.75:
            local = f"{first.lower()}.{surname}"
        else:
            local = f"{first.lower()}{surname}{between(rng, 50, 99)}"
        domain = one_of(rng, vocab.CUSTOMER_MAIL_DOMAINS)
        mail = f"{local}@{domain}"
        while mail in seen_mail:
            mail = f"{local}{between(rng, 1, 999)}@{domain}"
        seen_mail.add(mail)
        bsn = ""
        if not is_business:
            while not bsn or bsn in seen_bsn:
                bsn = valid_bsn(rng, leading_zero=rng.random() < 0.12)
            seen_bsn.add(bsn)
        buurt = one_of(rng, vocab.BUURTEN)
        pool.phone.append(phone)
        pool.email.append(mail)
        pool.bsn.append(bsn)
        pool.postcode.append(f"{buurt.postcode}{one_of(rng, _LETTERS)}{one_of(rng, _LETTERS)}")
        pool.name.append(f"{first} {last}")
    return pool


def format_phone(e164: str, rng: random.Random) -> str:
    """One of the notations people and systems use for a Dutch number."""
    national = "0" + e164[3:]
    style = rng.random()
    if style < 0.3:
        return e164
    if style < 0.6:
        return national
    if style < 0.75:
        return (
            f"{national[:2]}-{national[2:]}"
            if national.startswith("06")
            else f"{national[:3]}-{national[3:]}"
        )
    if style < 0.9:
        if national.startswith("06"):
            return f"06 {national[2:]}"
        return f"{national[:3]} {national[3:6]} {national[6:]}"
    return "00" + e164[1:]


def format_email(mail: str, rng: random.Random) -> str:
    """Customers type their address in whatever case; the address stays the same."""
    style = rng.random()
    if style < 0.8:
        return mail
    local, _, domain = mail.partition("@")
    if style < 0.95:
        return (
            ".".join(part[:1].upper() + part[1:] for part in local.split("."))
            + "@"
            + domain.capitalize()
        )
    return mail.upper()


def format_bsn(bsn: str, rng: random.Random, lost_zero_rate: float = 0.35) -> str:
    """A spreadsheet on the way drops the leading zero now and then."""
    if bsn.startswith("0") and rng.random() < lost_zero_rate:
        return bsn[1:]
    return bsn


def format_postcode(postcode: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.5:
        return f"{postcode[:4]} {postcode[4:]}"
    if style < 0.75:
        return postcode
    return postcode[:4] + postcode[4:].lower()


@dataclass
class Staff:
    """Employees per department: e-mail addresses, employee numbers and full names."""

    emails: dict[str, list[str]]
    numbers: dict[str, list[str]]
    names: dict[str, list[str]]


def build_staff(rng: random.Random, scale: float) -> Staff:
    sizes = {
        vocab.DEPT_KCC: 45,
        vocab.DEPT_BURGERZAKEN: 22,
        vocab.DEPT_BELASTINGEN: 12,
        vocab.DEPT_VERGUNNINGEN: 10,
        vocab.DEPT_SOCIAAL: 14,
        vocab.DEPT_OPENBARE_RUIMTE: 12,
    }
    seen: set[str] = set()
    emails: dict[str, list[str]] = {}
    numbers: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for dept in vocab.DEPARTMENTS:
        emails[dept] = []
        numbers[dept] = []
        names[dept] = []
        for _ in range(max(3, round(sizes[dept] * scale))):
            first = one_of(rng, vocab.FIRST_NAMES)
            last = one_of(rng, vocab.SURNAMES)
            names[dept].append(f"{first} {last}")
            base = f"{first[0].lower()}.{slug_name(last)}"
            address = f"{base}@{vocab.DOMAIN}"
            n = 2
            while address in seen:
                address = f"{base}{n}@{vocab.DOMAIN}"
                n += 1
            seen.add(address)
            emails[dept].append(address)
            number = f"M0{between(rng, 1000, 9999)}"
            while number in seen:
                number = f"M0{between(rng, 1000, 9999)}"
            seen.add(number)
            numbers[dept].append(number)
    return Staff(emails, numbers, names)
