"""Open Formulieren's submissions export, one file per form and export day (`--formats real`).

The admin action "Export selected submissions as CSV-file" (src/openforms/submissions/
exports.py) builds a tablib Dataset of the selected submissions of one form and returns
its CSV: Python's csv writer (comma, quotes only where needed, CRLF), UTF-8 without BOM,
header `Formuliernaam`, `Inzendingdatum`, then one column per form component key. Formuliernaam
is the form's admin name (its internal name, else its public name; the demo forms have
none of their own, so the public name); Inzendingdatum is completed_on made naive in
Europe/Amsterdam, printed as str(datetime) (`2025-03-14 10:02:11.417235`). Rows come in the
admin list's order, newest submission first. The action names its file
`submissions_export.csv`; each form's file here gets the form's slug appended, so one export
folder holds every form's.

The component answers are personal data the simulation does not hold; they are drawn from a
generator of their own per submission, so the submissions stay those of the contract files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable

from klantcontact.generator import vocab
from klantcontact.generator.clock import Clock
from klantcontact.generator.customers import Customers
from klantcontact.generator.web import Submission

FILE_PREFIX = "submissions_export"
HEADER = ("Formuliernaam", "Inzendingdatum")
_Answer = Callable[[random.Random, Submission, Clock], object]


def file_name(slug: str) -> str:
    return f"{FILE_PREFIX}_{slug}.csv"


def _date_after(days_lo: int, days_hi: int) -> _Answer:
    def answer(rng: random.Random, submission: Submission, clock: Clock) -> object:
        day = (
            clock.local_day(submission.completed)
            + days_lo
            + int(rng.random() * (days_hi - days_lo + 1))
        )
        return clock.date(day)  # a date object; str() gives YYYY-MM-DD

    return answer


def _one_of(*choices: str) -> _Answer:
    return lambda rng, _submission, _clock: choices[int(rng.random() * len(choices))]


def _number(lo: int, hi: int) -> _Answer:
    return lambda rng, _submission, _clock: lo + int(rng.random() * (hi - lo + 1))


def _kenteken(rng: random.Random, _submission: Submission, _clock: Clock) -> object:
    letters = "BDFGHJKLNPRSTVXZ"
    pick = "".join(letters[int(rng.random() * len(letters))] for _ in range(4))
    return f"{pick[:2]}-{100 + int(rng.random() * 900)}-{pick[2]}"


def _iban(rng: random.Random, _submission: Submission, _clock: Clock) -> object:
    bank = ("INGB", "RABO", "ABNA", "SNSB", "TRIO")[int(rng.random() * 5)]
    account = f"{int(rng.random() * 10**10):010d}"
    return f"NL{10 + int(rng.random() * 90)}{bank}{account}"


def _address(rng: random.Random, _submission: Submission, _clock: Clock) -> object:
    street = vocab.STREETS[int(rng.random() * len(vocab.STREETS))]
    return f"{street} {1 + int(rng.random() * 180)}"


_TEXTS = (
    "Zie bijlage.",
    "Graag zo snel mogelijk, alvast bedankt.",
    "Ik heb eerder gebeld maar nog niets gehoord.",
    "De situatie is veranderd sinds mijn vorige aanvraag.",
    "Ik ben overdag niet bereikbaar, liever per e-mail.",
    "Het gaat om het adres van mijn moeder; ik regel dit voor haar.",
)
# Per form: its component keys after naam, email and telefoonnummer, and how each is answered.
_COMPONENTS: dict[str, tuple[tuple[str, _Answer], ...]] = {
    "aanvraag-parkeervergunning": (
        ("kenteken", _kenteken),
        ("soortVergunning", _one_of("bewoner", "tweede auto", "bedrijf")),
        ("ingangsdatum", _date_after(1, 30)),
    ),
    "kwijtschelding-belastingen": (
        ("aanslagnummer", _number(4_000_000_000, 4_999_999_999)),
        ("aantalPersonenHuishouden", _number(1, 6)),
        ("iban", _iban),
    ),
    "bezwaar-woz": (
        ("wozObjectnummer", _number(30_700_000_000, 30_799_999_999)),
        ("adresObject", _address),
        (
            "redenBezwaar",
            _one_of("Waarde te hoog", "Verkeerde oppervlakte", "Achterstallig onderhoud"),
        ),
    ),
    "verhuizing-doorgeven": (
        ("verhuisdatum", _date_after(-10, 20)),
        ("nieuwAdres", _address),
        ("aantalMeeverhuizers", _number(0, 4)),
    ),
    "aanvraag-evenementenvergunning": (
        ("naamEvenement", _one_of("Buurtfeest", "Braderie", "Sportdag", "Koningsmarkt")),
        ("datumEvenement", _date_after(21, 120)),
        ("verwachtAantalBezoekers", _number(50, 2500)),
    ),
    "aanvraag-bijstand": (
        ("gezinssituatie", _one_of("alleenstaand", "alleenstaande ouder", "gehuwd/samenwonend")),
        ("ingangsdatum", _date_after(0, 14)),
        ("iban", _iban),
    ),
    "aanvraag-wmo": (
        ("hulpvraag", _one_of("Huishoudelijke hulp", "Traplift", "Rolstoel", "Vervoer")),
        ("woonsituatie", _one_of("zelfstandig", "met partner", "bij familie")),
        ("toelichting", _one_of(*_TEXTS)),
    ),
    "grofvuil-ophalen": (
        ("adres", _address),
        ("ophaaldatum", _date_after(2, 14)),
        ("omschrijving", _one_of("Bank en twee stoelen", "Matras, kast", "Koelkast", "Tuinhout")),
    ),
    "contactformulier": (
        ("onderwerp", _one_of("Vraag", "Melding", "Compliment", "Anders")),
        ("vraag", _one_of(*_TEXTS)),
    ),
    "klacht-indienen": (
        ("datumVoorval", _date_after(-14, 0)),
        ("omschrijving", _one_of(*_TEXTS)),
    ),
}
_TELEPHONE = ("06-{}{}", "06 {} {}", "+316{}{}", "06{}{}")


def _phone(rng: random.Random, e164: str) -> str:
    """As the customer typed it in the form (a mobile or a landline number)."""
    if not e164:
        return ""
    national = "0" + e164[3:]
    if national.startswith("06"):
        rest = national[2:]
        notation = _TELEPHONE[int(rng.random() * len(_TELEPHONE))]
        return notation.format(rest[:4], rest[4:])
    return national if rng.random() < 0.5 else f"{national[:3]}-{national[3:]}"


def naive_local(clock: Clock, t: int, micro: int) -> str:
    """make_naive(completed_on) in Europe/Amsterdam, as str(datetime)."""
    local = dt.datetime.fromisoformat(clock.local_iso(t))
    return str(local.replace(microsecond=micro))


def export_files(
    submissions: list[Submission], customers: Customers, clock: Clock, seed: int
) -> dict[int, list[tuple[str, bytes, int]]]:
    """Per export day: (file name, bytes, rows) of each form with completed submissions."""
    by_day: dict[int, dict[str, list[Submission]]] = {}
    for submission in submissions:
        day = clock.local_day(submission.completed)
        if 0 <= day < clock.days:
            by_day.setdefault(day, {}).setdefault(submission.form.slug, []).append(submission)
    files: dict[int, list[tuple[str, bytes, int]]] = {}
    for day, forms in sorted(by_day.items()):
        for slug in sorted(forms):
            found = sorted(forms[slug], key=lambda s: (s.started, s.submission_id), reverse=True)
            data = _export(found, customers, clock, seed)
            files.setdefault(day, []).append((file_name(slug), data, len(found)))
    return files


def _export(submissions: list[Submission], customers: Customers, clock: Clock, seed: int) -> bytes:
    components = _COMPONENTS[submissions[0].form.slug]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([*HEADER, "naam", "email", "telefoonnummer", *(k for k, _ in components)])
    for submission in submissions:
        rng = random.Random(f"{seed}/openforms/{submission.submission_id}")
        micro = int(rng.random() * 1_000_000)
        writer.writerow(
            [
                submission.form.name,
                naive_local(clock, submission.completed, micro),
                customers.name[submission.cust],
                submission.email,
                _phone(rng, submission.phone),
                *(answer(rng, submission, clock) for _, answer in components),
            ]
        )
    return out.getvalue().encode("utf-8")
