"""Fixed demo vocabularies: the reference seeds map exactly these values."""

from __future__ import annotations

from typing import NamedTuple

DOMAIN = "voorbeeldstad.nl"
MAILBOX_INFO = f"info@{DOMAIN}"
MAILBOX_BELASTINGEN = f"belastingen@{DOMAIN}"
MAILBOX_VERGUNNINGEN = f"vergunningen@{DOMAIN}"
# Passes the 11-test like a real RSIN, so nobody downstream mistakes it for a fault.
RSIN = "001234560"
CUSTOMER_MAIL_DOMAINS = (
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "ziggo.nl",
    "kpnmail.nl",
    "live.nl",
)

AFVAL = "Afval"
OPENBARE_RUIMTE = "Openbare ruimte"
BURGERZAKEN = "Burgerzaken"
PARKEREN = "Parkeren"
BELASTINGEN = "Belastingen"
VERGUNNINGEN = "Vergunningen"
ZORG = "Zorg en ondersteuning"
WERK = "Werk en inkomen"
ALGEMEEN = "Algemeen"
SUBJECTS = (
    AFVAL,
    OPENBARE_RUIMTE,
    BURGERZAKEN,
    PARKEREN,
    BELASTINGEN,
    VERGUNNINGEN,
    ZORG,
    WERK,
    ALGEMEEN,
)
OR_SUBJECTS = (AFVAL, OPENBARE_RUIMTE)

# Relative subject mix per channel; the phone mix is reused for chat, WhatsApp and post.
SUBJECT_WEIGHTS_PHONE = (11, 9, 21, 8, 16, 6, 10, 8, 11)
SUBJECT_WEIGHTS_EMAIL = (7, 7, 12, 9, 22, 14, 9, 8, 12)

DEPT_KCC = "KCC"
DEPT_BURGERZAKEN = "Burgerzaken"
DEPT_BELASTINGEN = "Belastingen"
DEPT_VERGUNNINGEN = "Vergunningen"
DEPT_SOCIAAL = "Sociaal Domein"
DEPT_OPENBARE_RUIMTE = "Openbare Ruimte"
DEPARTMENTS = (
    DEPT_KCC,
    DEPT_BURGERZAKEN,
    DEPT_BELASTINGEN,
    DEPT_VERGUNNINGEN,
    DEPT_SOCIAAL,
    DEPT_OPENBARE_RUIMTE,
)

SUBJECT_DEPARTMENT = {
    AFVAL: DEPT_OPENBARE_RUIMTE,
    OPENBARE_RUIMTE: DEPT_OPENBARE_RUIMTE,
    BURGERZAKEN: DEPT_BURGERZAKEN,
    PARKEREN: DEPT_VERGUNNINGEN,
    BELASTINGEN: DEPT_BELASTINGEN,
    VERGUNNINGEN: DEPT_VERGUNNINGEN,
    ZORG: DEPT_SOCIAAL,
    WERK: DEPT_SOCIAAL,
    ALGEMEEN: DEPT_KCC,
}

Q_ALGEMEEN = "KCC Algemeen"
Q_BURGERZAKEN = "KCC Burgerzaken"
Q_BELASTINGEN = "KCC Belastingen"
FIRST_LINE_QUEUES = (Q_ALGEMEEN, Q_BURGERZAKEN, Q_BELASTINGEN)
SUBJECT_QUEUE = {BURGERZAKEN: Q_BURGERZAKEN, BELASTINGEN: Q_BELASTINGEN}
DEPARTMENT_QUEUE = {
    DEPT_BELASTINGEN: "Backoffice Belastingen",
    DEPT_VERGUNNINGEN: "Backoffice Vergunningen",
    DEPT_SOCIAAL: "Backoffice Sociaal Domein",
}
QUEUE_DEPARTMENT = {queue: dept for dept, queue in DEPARTMENT_QUEUE.items()}

KCS_ZELFSTANDIG = "Zelfstandig afgehandeld"
KCS_BINNEN_KCC = "Doorverbonden binnen KCC"
KCS_AFDELING = "Doorverbonden naar afdeling"
KCS_TERUGBEL = "Terugbelverzoek"
KCS_ZAAK = "Zaak aangemaakt"
KCS_ANDERE_ORG = "Doorverwezen naar andere organisatie"

BRANCH_STADSKANTOOR = "Stadskantoor"
BRANCH_NOORD = "Servicepunt Noord"


class BalieService(NamedTuple):
    name: str
    subject: str
    weight: int
    service_minutes: float


BALIE_SERVICES = (
    BalieService("Paspoort aanvragen", BURGERZAKEN, 33, 9.0),
    BalieService("ID-kaart aanvragen", BURGERZAKEN, 20, 8.0),
    BalieService("Rijbewijs verlengen", BURGERZAKEN, 16, 7.0),
    BalieService("Uittreksel BRP", BURGERZAKEN, 9, 4.0),
    BalieService("Verhuizing doorgeven", BURGERZAKEN, 8, 6.0),
    BalieService("Informatie", ALGEMEEN, 14, 6.0),
)
BALIE_INFORMATIE = "Informatie"


class Form(NamedTuple):
    slug: str
    name: str
    zaaktype: str  # empty: the KCC handles it instead of a case system
    subject: str  # empty: the customer's question decides
    weight: int
    abandon_rate: float
    eherkenning_share: float


FORMS = (
    Form(
        "aanvraag-parkeervergunning",
        "Aanvraag parkeervergunning",
        "PARKVERG",
        PARKEREN,
        12,
        0.15,
        0.1,
    ),
    Form(
        "kwijtschelding-belastingen",
        "Kwijtschelding gemeentelijke belastingen",
        "KWIJTSCH",
        BELASTINGEN,
        9,
        0.2,
        0.0,
    ),
    Form("bezwaar-woz", "Bezwaar WOZ-waarde", "BEZWWOZ", BELASTINGEN, 7, 0.18, 0.15),
    Form("verhuizing-doorgeven", "Verhuizing doorgeven", "VERHUIZ", BURGERZAKEN, 19, 0.14, 0.0),
    Form(
        "aanvraag-evenementenvergunning",
        "Aanvraag evenementenvergunning",
        "EVENVERG",
        VERGUNNINGEN,
        3,
        0.25,
        0.7,
    ),
    Form("aanvraag-bijstand", "Aanvraag bijstandsuitkering", "BIJSTAND", WERK, 5, 0.3, 0.0),
    Form("aanvraag-wmo", "Aanvraag Wmo-voorziening", "WMO", ZORG, 6, 0.25, 0.0),
    Form("grofvuil-ophalen", "Grofvuil ophalen", "GROFVUIL", AFVAL, 21, 0.14, 0.0),
    Form("contactformulier", "Contactformulier", "", "", 8, 0.1, 0.0),
    Form("klacht-indienen", "Klacht indienen", "KLACHT", ALGEMEEN, 5, 0.2, 0.0),
)
FORM_CONTACT = "contactformulier"


class Zaaktype(NamedTuple):
    code: str
    omschrijving: str
    doorlooptijd: str
    servicenorm: str
    afdeling: str
    resultaten: tuple[str, ...]


ZAAKTYPEN = (
    Zaaktype(
        "PARKVERG",
        "Parkeervergunning",
        "P8W",
        "P2W",
        DEPT_VERGUNNINGEN,
        ("Verleend", "Geweigerd", "Ingetrokken"),
    ),
    Zaaktype(
        "KWIJTSCH",
        "Kwijtschelding gemeentelijke belastingen",
        "P8W",
        "P4W",
        DEPT_BELASTINGEN,
        ("Toegekend", "Afgewezen"),
    ),
    Zaaktype(
        "BEZWWOZ",
        "Bezwaar WOZ-waarde",
        "P6M",
        "P3M",
        DEPT_BELASTINGEN,
        ("Gegrond", "Ongegrond", "Niet-ontvankelijk"),
    ),
    Zaaktype("VERHUIZ", "Verhuizing", "P5D", "P2D", DEPT_BURGERZAKEN, ("Verwerkt", "Geweigerd")),
    Zaaktype(
        "EVENVERG",
        "Evenementenvergunning",
        "P8W",
        "P6W",
        DEPT_VERGUNNINGEN,
        ("Verleend", "Geweigerd"),
    ),
    Zaaktype(
        "BIJSTAND", "Bijstandsuitkering", "P8W", "P4W", DEPT_SOCIAAL, ("Toegekend", "Afgewezen")
    ),
    Zaaktype("WMO", "Wmo-voorziening", "P8W", "P6W", DEPT_SOCIAAL, ("Toegekend", "Afgewezen")),
    Zaaktype(
        "GROFVUIL",
        "Grofvuil ophalen",
        "P10D",
        "P5D",
        DEPT_OPENBARE_RUIMTE,
        ("Opgehaald", "Niet aangeboden"),
    ),
    Zaaktype("KLACHT", "Klachtbehandeling", "P6W", "P4W", DEPT_KCC, ("Gegrond", "Ongegrond")),
)
ZAAKTYPE_BY_CODE = {z.code: z for z in ZAAKTYPEN}
# Zaaktype a KCC agent starts when a contact about this subject needs a case (meldingen excluded).
SUBJECT_ZAAKTYPES = {
    AFVAL: ("GROFVUIL",),
    OPENBARE_RUIMTE: ("KLACHT",),
    BURGERZAKEN: ("VERHUIZ",),
    PARKEREN: ("PARKVERG",),
    BELASTINGEN: ("KWIJTSCH", "BEZWWOZ"),
    VERGUNNINGEN: ("EVENVERG", "PARKVERG"),
    ZORG: ("WMO",),
    WERK: ("BIJSTAND",),
    ALGEMEEN: ("KLACHT",),
}


class SignalCategory(NamedTuple):
    main: str
    sub: str
    n_days: int
    use_calendar_days: bool
    weight: int


SIGNAL_CATEGORIES = (
    SignalCategory("afval", "grofvuil", 5, False, 13),
    SignalCategory("afval", "huisvuil", 3, False, 10),
    SignalCategory("afval", "container-is-vol", 3, True, 12),
    SignalCategory(
        "wegen-verkeer-straatmeubilair", "straatverlichting-openbare-klok", 10, False, 8
    ),
    SignalCategory(
        "wegen-verkeer-straatmeubilair", "onderhoud-stoep-straat-en-fietspad", 21, False, 10
    ),
    SignalCategory("wegen-verkeer-straatmeubilair", "verkeersbord-verkeersafzetting", 5, False, 4),
    SignalCategory("groen-en-water", "onderhoud-groen", 21, False, 9),
    SignalCategory("groen-en-water", "boom", 10, False, 5),
    SignalCategory("overlast-in-de-openbare-ruimte", "parkeeroverlast", 3, False, 7),
    SignalCategory("overlast-in-de-openbare-ruimte", "hondenpoep", 5, False, 5),
    SignalCategory("schoon", "zwerfvuil", 5, False, 10),
    SignalCategory("schoon", "graffiti", 10, False, 7),
)
# The names Signalen itself writes for these sub-categories (sub slug -> main name, sub name):
# the active category of Signalen's default tree (the 0009 data migration with the renames,
# moves and replacements of the later ones) that fits each best. Where the slug's own
# category was deactivated, its successor (straatverlichting-openbare-klok ->
# lantaarnpaal-straatverlichting, hondenpoep -> schoon/uitwerpselen, graffiti-wildplak ->
# schoon/graffitiwildplak, veeg-zwerfvuil -> schoon/veegzwerfvuil); `boom` is Signalen's
# generic "Boom - overig", `onderhoud-groen` its "Maaien" (slug maaien-snoeien).
SIGNALEN_CATEGORY_NAMES = {
    "grofvuil": ("Afval", "Grofvuil"),
    "huisvuil": ("Afval", "Huisafval"),
    "container-is-vol": ("Afval", "Container is vol"),
    "straatverlichting-openbare-klok": ("Wegen, verkeer, straatmeubilair", "Straatverlichting"),
    "onderhoud-stoep-straat-en-fietspad": (
        "Wegen, verkeer, straatmeubilair",
        "Onderhoud stoep, straat en fietspad",
    ),
    "verkeersbord-verkeersafzetting": (
        "Wegen, verkeer, straatmeubilair",
        "Verkeersbord / verkeersafzetting",
    ),
    "onderhoud-groen": ("Openbaar groen en water", "Maaien"),
    "boom": ("Openbaar groen en water", "Boom - overig"),
    "parkeeroverlast": ("Overlast in de openbare ruimte", "Parkeeroverlast"),
    "hondenpoep": ("Schoon", "Uitwerpselen"),
    "zwerfvuil": ("Schoon", "Veeg- / zwerfvuil"),
    "graffiti": ("Schoon", "Graffiti / wildplak"),
}
# The one category whose afhandeltermijn is tightened halfway through the period.
SLA_CHANGE_SUB = "straatverlichting-openbare-klok"
SLA_CHANGE_DAYS = 5
MOR_DEPARTMENT = "Openbare Ruimte"
MOR_REROUTE_DEPARTMENTS = ("Stadsbeheer Noord", "Stadsbeheer Zuid")

SIGNAL_STATE_DISPLAY = {
    "m": "Gemeld",
    "i": "In afwachting van behandeling",
    "b": "In behandeling",
    "h": "On hold",
    "ingepland": "Ingepland",
    "reaction requested": "Reactie gevraagd",
    "reaction received": "Reactie ontvangen",
    "forward to external": "Doorgezet naar extern",
    "o": "Afgehandeld",
    "a": "Geannuleerd",
    "reopened": "Heropend",
    "s": "Gesplitst",
}


class Buurt(NamedTuple):
    code: str
    name: str
    postcode: int
    lat: float
    lng: float


# The buurten and their share of meldingen (relative weights): the busy centre (Binnenstad,
# Stationskwartier, Oude Gracht, Havenkwartier) and the dense post-war and new-build wijken
# report most, the green and rural edges (Weidevelden, Akkerwijk, Het Laag) least.
_BUURTEN_WEIGHTED = (
    ("Binnenstad", 170),
    ("Stationskwartier", 150),
    ("Havenkwartier", 125),
    ("Oude Gracht", 135),
    ("Noorderhout", 90),
    ("Bloemenbuurt", 100),
    ("Schildersbuurt", 115),
    ("Molenwijk", 85),
    ("Oosterveld", 110),
    ("Rivierenbuurt", 100),
    ("Vogelbuurt", 80),
    ("Park Oost", 90),
    ("Zuiderpark", 95),
    ("Kruidenwijk", 75),
    ("Sterrenbuurt", 85),
    ("Weidevelden", 60),
    ("Westhoek", 105),
    ("Bomenbuurt", 90),
    ("Dichtersbuurt", 80),
    ("Tuinstad", 120),
    ("Nieuwland", 130),
    ("Akkerwijk", 65),
    ("Waterrijk", 70),
    ("Het Laag", 50),
)
_BUURT_NAMES = tuple(name for name, _ in _BUURTEN_WEIGHTED)
BUURT_MELDING_WEIGHTS = tuple(weight for _, weight in _BUURTEN_WEIGHTED)
BUURTEN = tuple(
    Buurt(
        f"BU0307{i // 4 + 1:02d}{i % 4 + 1:02d}",
        name,
        3701 + i,
        52.072 + 0.0075 * (i // 6),
        5.094 + 0.0105 * (i % 6),
    )
    for i, name in enumerate(_BUURT_NAMES)
)

FIRST_NAMES = (
    "Jan",
    "Piet",
    "Kees",
    "Anna",
    "Maria",
    "Sanne",
    "Lotte",
    "Daan",
    "Sem",
    "Lucas",
    "Emma",
    "Julia",
    "Noah",
    "Milan",
    "Fleur",
    "Sophie",
    "Tess",
    "Lisa",
    "Bram",
    "Thijs",
    "Ruben",
    "Iris",
    "Eva",
    "Noor",
    "Mohammed",
    "Fatima",
    "Youssef",
    "Ayse",
    "Mehmet",
    "Priya",
    "Wei",
    "Olga",
    "Gerrit",
    "Henk",
    "Ingrid",
    "Joke",
    "Wim",
    "Annelies",
    "Marieke",
    "Hans",
    "Karin",
    "Mark",
    "Linda",
    "Peter",
    "Monique",
    "Rob",
)
SURNAMES = (
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Nguyen",
    "Pinas",
    "Sahin",
    "Bouzid",
    "Kowalski",
)
STREETS = (
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Stationsplein",
    "Schoolstraat",
    "Julianalaan",
    "Beatrixstraat",
    "Lindelaan",
    "Eikenlaan",
    "Havenkade",
    "Marktplein",
    "Nieuwe Gracht",
    "Oude Gracht",
    "Parkweg",
    "Zonnebloemstraat",
    "Rembrandtlaan",
    "Vondelstraat",
    "Rijnkade",
    "Wilhelminapark",
    "Brugstraat",
)
