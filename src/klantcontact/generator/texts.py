"""Free text as customers and staff write it: commas, quotes, line breaks and personal data."""

from __future__ import annotations

import random

from klantcontact.generator import vocab
from klantcontact.generator.customers import Customers, format_phone
from klantcontact.generator.rand import one_of

QUESTIONS = {
    vocab.AFVAL: (
        "Wanneer wordt het grofvuil opgehaald?",
        "Container niet geleegd",
        "Nieuwe afvalpas aanvragen",
        "Vraag over de afvalkalender",
    ),
    vocab.OPENBARE_RUIMTE: (
        "Straatverlichting kapot",
        "Losliggende stoeptegel",
        "Status van mijn melding",
        "Boom hangt over de weg",
    ),
    vocab.BURGERZAKEN: (
        "Afspraak paspoort maken",
        "Wat kost een ID-kaart?",
        "Verhuizing doorgeven",
        "Uittreksel BRP aanvragen",
        "Rijbewijs verlopen",
    ),
    vocab.PARKEREN: (
        "Parkeervergunning aanvragen",
        "Bezoekersregeling",
        "Parkeerboete onterecht",
        "Kenteken wijzigen op vergunning",
    ),
    vocab.BELASTINGEN: (
        "Vraag over aanslag gemeentelijke belastingen",
        "Betalingsregeling",
        "WOZ-waarde te hoog",
        "Kwijtschelding aanvragen",
    ),
    vocab.VERGUNNINGEN: (
        "Omgevingsvergunning dakkapel",
        "Evenementenvergunning buurtfeest",
        "Status aanvraag",
        "Welke vergunning heb ik nodig?",
    ),
    vocab.ZORG: (
        "Aanvraag Wmo-voorziening",
        "Huishoudelijke hulp",
        "Vraag over trapliftaanvraag",
        "Mantelzorgwaardering",
    ),
    vocab.WERK: (
        "Aanvraag bijstand",
        "Wijziging inkomen doorgeven",
        "Wanneer wordt mijn uitkering betaald?",
        "Schuldhulpverlening",
    ),
    vocab.ALGEMEEN: (
        "Openingstijden stadskantoor",
        "Doorverbinden met medewerker",
        "Klacht over behandeling",
        "Algemene informatie",
    ),
}

_MAIL_SUBJECTS = {
    vocab.AFVAL: (
        "Grofvuil niet opgehaald",
        "Vraag over afvalpas, {name}",
        'Container "kapot" na lediging',
    ),
    vocab.OPENBARE_RUIMTE: (
        "Gevaarlijke situatie {street}",
        "Lantaarnpaal brandt niet, al weken",
        "Boom {street}",
    ),
    vocab.BURGERZAKEN: (
        "Afspraak paspoort",
        "Verhuizing doorgeven, {name}",
        "Vraag over uittreksel BRP",
    ),
    vocab.PARKEREN: (
        "Parkeervergunning, kenteken wijzigen",
        'Bezwaar "naheffingsaanslag"',
        "Bezoekersvergunning {street}",
    ),
    vocab.BELASTINGEN: (
        "Aanslag 2025, vraag",
        "Bezwaar WOZ {street}",
        "Betalingsregeling - bel mij op {phone}",
    ),
    vocab.VERGUNNINGEN: (
        "Aanvraag evenementenvergunning, buurtfeest",
        "Vraag over dakkapel {street}",
        "Status aanvraag {name}",
    ),
    vocab.ZORG: (
        "Wmo aanvraag moeder, {name}",
        "Huishoudelijke hulp",
        'Vraag over "keukentafelgesprek"',
    ),
    vocab.WERK: (
        "Inkomsten doorgeven",
        "Uitkering niet ontvangen, graag reactie",
        "Schulden, hulp nodig",
    ),
    vocab.ALGEMEEN: ("Vraag", "Klacht over medewerker, {name}", "Openingstijden, feestdagen"),
}

_SIGNAL_TEXTS = {
    "afval": (
        "Er staat grofvuil naast de container bij {street}",
        "Container zit vol, kan niet meer open",
        "Afval niet opgehaald in de {street}, al twee weken",
    ),
    "wegen-verkeer-straatmeubilair": (
        "Lantaarnpaal brandt niet ter hoogte van {street} 12",
        "Gat in het fietspad, gevaarlijk!",
        'Verkeersbord "eenrichting" omgereden',
    ),
    "groen-en-water": (
        "Boom hangt over de weg bij {street}",
        "Onkruid op de stoep, graag snoeien",
        "Tak afgebroken na storm",
    ),
    "overlast-in-de-openbare-ruimte": (
        "Auto staat al weken op dezelfde plek, {street}",
        "Veel hondenpoep in het park",
        "Busje parkeert op de stoep",
    ),
    "schoon": (
        "Zwerfvuil in de bosjes bij {street}",
        "Graffiti op de muur van de school",
        "Bellen mij gerust: {phone}, groet {name}",
    ),
}

STATUS_TEXTS = {
    "o": (
        "Wij hebben uw melding afgehandeld. Bedankt voor uw melding.",
        "Het probleem is opgelost.",
        "De melding is doorgezet naar de aannemer en afgehandeld.",
    ),
    "a": ("Dubbele melding.", "Melding ingetrokken door melder."),
    "reaction requested": ("Kunt u een foto sturen van de situatie?", "Waar staat het precies?"),
    "reaction received": ("Foto ontvangen.",),
    "h": ("Wacht op materiaal.",),
    "ingepland": ("Ingepland voor de komende werkweek.",),
    "forward to external": ("Doorgezet naar de netbeheerder.",),
    "reopened": ("Melder geeft aan dat het probleem niet is opgelost.",),
}

_KTO_REMARKS = (
    "Snel en vriendelijk geholpen, dank!",
    "Medewerker {name} was erg behulpzaam",
    "Lang moeten wachten; daarna goed",
    "Bel mij nog even terug op {phone}",
    "Ik woon op {street} 8 en het probleem is nog steeds niet opgelost",
    "Duidelijk antwoord – precies wat ik zocht",
    "Werd drie keer doorverbonden, niet fijn",
    "Website was niet duidelijk, daarom gebeld",
    "Eén keer bellen was genoeg – top!",
    "Prima geholpen, maar ‘even wachten’ duurde een kwartier",
    "Goed geïnformeerd over de vervolgstappen",
    "Mijn ideeën over de wijk werden serieus genomen",
)
_FEEDBACK_TEXTS = (
    "Snel opgelost, top",
    "Er is niets gebeurd",
    "Netjes opgeruimd, dank",
    "Duurde erg lang",
    "Prima, maar graag eerder bericht",
)


def fill(template: str, rng: random.Random, customers: Customers, cust: int) -> str:
    """Inserts the customer's own name and number, so free text carries personal data."""
    return template.format(
        name=customers.name[cust],
        phone=format_phone(customers.phone[cust], rng),
        street=one_of(rng, vocab.STREETS),
    )


def mail_subject(subject: str, rng: random.Random, customers: Customers, cust: int) -> str:
    options = _MAIL_SUBJECTS.get(subject, _MAIL_SUBJECTS[vocab.ALGEMEEN])
    text = fill(one_of(rng, options), rng, customers, cust)
    if rng.random() < 0.04:
        # A folded header line that the export kept as a line break inside the field.
        text += "\n" + fill(
            one_of(rng, ("({name})", "tel. {phone}", "kenmerk 2025-{name}")), rng, customers, cust
        )
    return text


def signal_text(main: str, rng: random.Random, customers: Customers, cust: int) -> str:
    return fill(one_of(rng, _SIGNAL_TEXTS[main]), rng, customers, cust)


def kto_remark(rng: random.Random, customers: Customers, cust: int) -> str:
    return fill(one_of(rng, _KTO_REMARKS), rng, customers, cust)


def feedback_text(rng: random.Random) -> str:
    return one_of(rng, _FEEDBACK_TEXTS)
