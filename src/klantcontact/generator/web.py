"""Website analytics (Matomo-like) and e-forms (Open Formulieren-like)."""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, NamedTuple

from klantcontact.generator import files, vocab
from klantcontact.generator.clock import DAY, HOUR, MINUTE
from klantcontact.generator.contact import Contact
from klantcontact.generator.customers import format_email, format_phone
from klantcontact.generator.rand import between, one_of, uuid
from klantcontact.generator.vocab import Form
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

_SECTIONS = {
    "afval": (
        "grofvuil",
        "afvalkalender",
        "afvalpas",
        "containers",
        "gft",
        "milieustraat",
        "papier",
        "plastic",
    ),
    "parkeren": (
        "vergunning",
        "bezoekers",
        "tarieven",
        "garages",
        "gehandicaptenparkeerkaart",
        "naheffing",
        "deelauto",
        "laadpalen",
    ),
    "belastingen": (
        "ozb",
        "woz",
        "rioolheffing",
        "afvalstoffenheffing",
        "kwijtschelding",
        "betalingsregeling",
        "hondenbelasting-afgeschaft",
        "toeristenbelasting",
    ),
    "burgerzaken": (
        "paspoort",
        "id-kaart",
        "rijbewijs",
        "verhuizen",
        "uittreksel-brp",
        "trouwen",
        "geboorte",
        "overlijden",
    ),
    "vergunningen": (
        "evenementen",
        "omgevingsvergunning",
        "dakkapel",
        "kapvergunning",
        "horeca",
        "standplaats",
        "terras",
        "uitrit",
    ),
    "zorg": (
        "wmo",
        "huishoudelijke-hulp",
        "mantelzorg",
        "hulpmiddelen",
        "jeugdhulp",
        "vervoer",
        "wijkteam",
        "dagbesteding",
    ),
    "werk-en-inkomen": (
        "bijstand",
        "schulden",
        "toeslagen",
        "re-integratie",
        "minimaregelingen",
        "individuele-inkomenstoeslag",
        "energietoeslag",
        "studietoeslag",
    ),
    "openbare-ruimte": (
        "melding-doen",
        "straatverlichting",
        "bomen",
        "speelplekken",
        "wegwerkzaamheden",
        "hondenpoep",
        "graffiti",
        "evenementen-kalender",
    ),
    "contact": (
        "openingstijden",
        "adressen",
        "klachten",
        "afspraak-maken",
        "bereikbaarheid",
        "nieuws",
        "vacatures",
        "gemeenteraad",
    ),
}
_ACTIONS = ("", "aanvragen", "kosten", "voorwaarden", "wijzigen")
_ROOT_PAGES = ("/", "/zoeken", "/contact", "/nieuws", "/english")
_KEYWORDS = (
    "grofvuil",
    "afvalkalender",
    "paspoort",
    "id kaart",
    "rijbewijs",
    "parkeervergunning",
    "verhuizen",
    "woz",
    "kwijtschelding",
    "bijstand",
    "wmo",
    "openingstijden",
    "afspraak",
    "trouwen",
    "uittreksel",
    "container",
    "milieustraat",
    "bezoekersvergunning",
    "evenementenvergunning",
    "dakkapel",
    "kapvergunning",
    "toeslag",
    "schuldhulp",
    "mantelzorg",
    "hondenbelasting",
    "ozb",
    "rioolheffing",
    "laadpaal",
    "gft",
    "vacatures",
)
# Misspellings and things the site has no page for: the searches that find nothing.
_NO_RESULT = (
    "grofvuul",
    "paspoord",
    "parkeervergunnig",
    "ov chipkaart",
    "zwembad tijden",
    "kentekenbewijs",
    "belasting dienst",
    "huurtoeslag aanvragen",
    "stemmen",
    "afvalcalender",
    "rijbewjis",
    "gemeentehuis adres",
    "parkeren gratis",
    "bibliotheek",
    "kerstboom inzamelen",
)


class Submission(NamedTuple):
    """A completed e-form submission, as Open Formulieren's own export shows it."""

    started: int
    completed: int
    form: Form
    cust: int
    submission_id: str
    email: str  # as the customer typed it, or empty
    phone: str  # E.164, or empty


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class Web:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("web")
        days = world.clock.days
        self.pages = DeltaFile(files.PAGES, days)
        self.searches = DeltaFile(files.SITE_SEARCH, days)
        self.forms = DeltaFile(files.FORM_SUBMISSIONS, days)
        self.submissions: list[Submission] = []

    # --- e-forms ----------------------------------------------------------------------
    def form(self, t: int, contact: Contact) -> None:
        rng = self.rng
        clock = self.clock
        world = self.world
        customers = world.customers
        form = contact.extra
        assert isinstance(form, Form)
        cust = contact.cust
        submission = uuid(rng)
        if form.slug == vocab.FORM_CONTACT or (form.zaaktype == "KLACHT" and rng.random() < 0.5):
            auth = "none"
        elif customers.is_business(cust) or rng.random() < form.eherkenning_share * 0.3:
            auth = "eherkenning"
        else:
            auth = "digid"
        bsn = customers.bsn[cust] if auth == "digid" else ""
        mail = format_email(customers.email[cust], rng) if rng.random() < 0.92 else ""
        phone = customers.phone[cust] if rng.random() < 0.6 else ""
        completed = None
        case: object = ""
        if rng.random() >= form.abandon_rate:
            completed = t + between(rng, 2 * MINUTE, 25 * MINUTE)
            if rng.random() < 0.03:  # saved and finished the next day
                completed += DAY + between(rng, 0, 6 * HOUR)
            if form.zaaktype:
                case = world.zaken.create(form.zaaktype, completed, "E-formulier", bsn, "")

        def row(done: int | None) -> list[object]:
            return [
                submission,
                form.slug,
                form.name,
                clock.with_offset(t),
                "" if done is None else clock.with_offset(done),
                auth,
                bsn,
                mail,
                format_phone(phone, rng) if phone else "",
                case if done is not None else "",
            ]

        day = clock.local_day(t)
        if completed is None or clock.local_day(completed) != day:
            self.forms.add(day, t, row(None))
        if completed is None:
            world.follow_up(t, contact, "form", 0.4)
            return
        self.forms.add(clock.local_day(completed), completed, row(completed))
        self.submissions.append(Submission(t, completed, form, cust, submission, mail, phone))
        if form.slug == vocab.FORM_CONTACT:
            handled = world.staff_time(clock.local_day(completed), completed + 20 * MINUTE, rng)
            agent = one_of(rng, world.staff.emails[vocab.DEPT_KCC])
            result = world.kcs.decide("Contactformulier", contact.subject, contact.ref is not None)
            world.kcs.register(
                "Contactformulier",
                submission,
                handled,
                handled + between(rng, 3 * MINUTE, 15 * MINUTE),
                contact,
                result,
                agent,
                seen_phone=phone,
                seen_email=mail,
                seen_bsn=bsn,
            )
        else:
            world.follow_up_case(completed, contact, case)
        world.follow_up(completed, contact, "form", 0.14)

    # --- analytics --------------------------------------------------------------------
    def analytics(self) -> None:
        """Daily page and site-search aggregates; the site runs every day of the year."""
        rng = self.rng
        clock = self.clock
        scale = self.world.scale
        candidates = [
            f"/{section}/{topic}{'-' + action if action else ''}"
            for section, topics in _SECTIONS.items()
            for topic in topics
            for action in _ACTIONS
        ]
        labels = list(_ROOT_PAGES) + [
            candidates[i] for i in sorted(rng.sample(range(len(candidates)), 300))
        ]
        # Visits per page per day: a long tail, and a tenth of the pages nearly nobody reads.
        page_means = [
            rng.lognormvariate(2.2, 1.0) if rng.random() > 0.08 else rng.uniform(0.2, 2.4)
            for _ in labels
        ]
        page_means[0] = 2500.0
        useful = [rng.uniform(0.5, 0.9) for _ in labels]
        keywords = list(_KEYWORDS) + [
            f"{k} {suffix}"
            for k in _KEYWORDS
            for suffix in ("aanvragen", "kosten", "openingstijden", "wanneer")
        ]
        keywords += _NO_RESULT
        search_means = [rng.lognormvariate(1.2, 0.9) for _ in keywords]
        # Searches without a result get about a tenth of all search visits, whatever the draw.
        missing = sum(m for k, m in zip(keywords, search_means, strict=True) if k in _NO_RESULT)
        found = sum(search_means) - missing
        search_means = [
            m * found / missing / 9 if k in _NO_RESULT else m
            for k, m in zip(keywords, search_means, strict=True)
        ]
        for day in range(clock.days):
            weekday = clock.weekday(day)
            factor = (1.15, 1.05, 1.0, 1.0, 0.9, 0.55, 0.6)[weekday] * scale
            date = clock.day_text(day)
            for i, label in enumerate(labels):
                visits = _poisson(rng, page_means[i] * factor * 1.6)
                if visits == 0:
                    continue
                feedback = _poisson(rng, visits * 0.015)
                yes = sum(1 for _ in range(feedback) if rng.random() < useful[i])
                widget = i >= len(_ROOT_PAGES)
                self.pages.add(
                    day,
                    i,
                    [
                        date,
                        label,
                        visits + _poisson(rng, visits * 0.25),
                        visits,
                        min(visits, _poisson(rng, visits * 0.35)),
                        min(visits, _poisson(rng, visits * 0.3)),
                        max(5, int(rng.gauss(55, 20))),
                        yes if widget else "",
                        feedback - yes if widget else "",
                    ],
                )
            for i, keyword in enumerate(keywords):
                visits = _poisson(rng, search_means[i] * factor * 1.9)
                if visits == 0:
                    continue
                no_result = keyword in _NO_RESULT
                pages_per_search = (
                    rng.uniform(1.0, 1.6) if rng.random() < 0.86 else rng.uniform(2.1, 3.6)
                )
                self.searches.add(
                    day,
                    i,
                    [
                        date,
                        keyword,
                        visits,
                        f"{pages_per_search:.1f}",
                        min(visits, _poisson(rng, visits * (0.45 if no_result else 0.2))),
                        0 if no_result else between(rng, 3, 60),
                    ],
                )
