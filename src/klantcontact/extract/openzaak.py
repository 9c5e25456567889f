"""Open Zaak: zaken with their statussen, resultaten and initiator rollen (Zaken API
below <KCC_OPENZAAK_URL>/zaken/api/v1), and the zaaktypen, statustypen and resultaattypen
they refer to (Catalogi API below <KCC_OPENZAAK_URL>/catalogi/api/v1).

zaken: two streams numbered as one resource: every open zaak (einddatum__isnull=true),
then every zaak ended on or after the window's first day (einddatum__gt the day before).
Pages of 100, the standard's only size (`page` only). /zaken needs Accept-Crs.
statussen, resultaten, rollen: per zaak of those pages (zaak=<url>; rollen only the
initiator), pages numbered on across zaken.
zaaktypen, statustypen, resultaattypen: every page, concepts and versions included
(status=alles).
"""

from __future__ import annotations

import datetime as dt

from klantcontact.extract.errors import ExtractError
from klantcontact.extract.http import ApiClient
from klantcontact.extract.pages import SystemPages
from klantcontact.extract.window import Window

AREA = "zaken"
AUTH_SETTINGS = "KCC_OPENZAAK_CLIENT_ID and KCC_OPENZAAK_SECRET (and KCC_OPENZAAK_URL)"
ZAKEN = "/zaken/api/v1"
CATALOGI = "/catalogi/api/v1"
ENDPOINTS = {
    "zaken": f"{ZAKEN}/zaken",
    "statussen": f"{ZAKEN}/statussen",
    "resultaten": f"{ZAKEN}/resultaten",
    "rollen": f"{ZAKEN}/rollen",
    "zaaktypen": f"{CATALOGI}/zaaktypen",
    "statustypen": f"{CATALOGI}/statustypen",
    "resultaattypen": f"{CATALOGI}/resultaattypen",
}
MAIN = "zaken"
# /zaken refuses a request without it (412): the coordinates' reference system.
CRS = {"Accept-Crs": "EPSG:4326"}
PER_ZAAK: dict[str, dict[str, str]] = {
    "statussen": {},
    "resultaten": {},
    "rollen": {"omschrijvingGeneriek": "initiator"},
}
CATALOGUE = ("zaaktypen", "statustypen", "resultaattypen")


def _stream(
    client: ApiClient,
    pages: SystemPages,
    resource: str,
    params: dict[str, str],
    about: str = "",
    headers: dict[str, str] | None = None,
) -> list[str]:
    """Every page of one request stream; returns the records' urls."""
    urls: list[str] = []
    number = 1
    while True:
        page = client.get(
            ENDPOINTS[resource], {**params, "page": number}, f"page {number}{about}", headers
        )
        records = page.results()
        pages.write(resource, page.body, len(records), page.api_version)
        for record in records:
            url = record.get("url")
            if not isinstance(url, str):
                raise ExtractError(f"{page.label}: unexpected shape, a record without url")
            urls.append(url)
        if not page.has_next:
            return urls
        number += 1


def extract(client: ApiClient, pages: SystemPages, window: Window) -> None:
    day_before = (window.start.date() - dt.timedelta(days=1)).isoformat()
    zaken: list[str] = []
    for params in ({"einddatum__isnull": "true"}, {"einddatum__gt": day_before}):
        zaken += _stream(client, pages, "zaken", params, headers=CRS)
    # A zaak ended between the two streams is in both; ask for its details once.
    zaken = list(dict.fromkeys(zaken))
    for resource, extra in PER_ZAAK.items():
        for zaak in zaken:
            uuid = zaak.rstrip("/").rsplit("/", 1)[-1]
            _stream(client, pages, resource, {"zaak": zaak, **extra}, f" for zaak {uuid}")
    for resource in CATALOGUE:
        _stream(client, pages, resource, {"status": "alles"})
