"""Open Klant 2, the klantinteracties API below <KCC_OPENKLANT_URL>/klantinteracties/api/v1.

klantcontacten: with their betrokkenen (with digitale adressen and partij), onderwerp-
objecten and interne taken expanded into `_expand`, so one request per page brings the
whole contact. The API has no date-range filter (plaatsgevondenOp matches one moment), so
the pages are read newest first (its default order) until the first page whose oldest
contact is before the window's start, which is written too.
internetaken: newest first, until the first page whose every task was assigned more than
TASK_LOOKBACK before the window's start: a task changes when it is completed, often days
after its contact, and a later run picks that change up.
actoren: every page (the departments and employees tasks are assigned to; few).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from klantcontact.extract.errors import ExtractError
from klantcontact.extract.http import ApiClient, Page
from klantcontact.extract.pages import SystemPages
from klantcontact.extract.window import Window

AREA = "kcs"
AUTH_SETTINGS = "KCC_OPENKLANT_TOKEN (and KCC_OPENKLANT_URL)"
API = "/klantinteracties/api/v1"
ENDPOINTS = {
    "klantcontacten": f"{API}/klantcontacten",
    "internetaken": f"{API}/internetaken",
    "actoren": f"{API}/actoren",
}
MAIN = "klantcontacten"
MAX_PAGE_SIZE = 500
EXPAND = ",".join(
    (
        "hadBetrokkenen",
        "hadBetrokkenen.digitaleAdressen",
        "hadBetrokkenen.wasPartij",
        "gingOverOnderwerpobjecten",
        "leiddeTotInterneTaken",
    )
)
TASK_LOOKBACK = dt.timedelta(days=60)


def _moments(page: Page, records: list[dict[str, Any]], field: str) -> list[dt.datetime]:
    """The records' field as aware datetimes (records without one are left out)."""
    moments = []
    for record in records:
        value = record.get(field)
        if value is None:
            continue
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ExtractError(f"{page.label}: unexpected shape, {field} {value!r}")
        moments.append(moment)
    return moments


def _pages(
    client: ApiClient,
    pages: SystemPages,
    resource: str,
    params: dict[str, str | int],
    page_size: int,
    last: Any = None,
) -> None:
    """Every page of resource, or up to and including the first page for which
    last(page, records) is true."""
    number = 1
    while True:
        page = client.get(
            ENDPOINTS[resource], {**params, "pageSize": page_size, "page": number},
            f"page {number}",
        )  # fmt: skip
        records = page.results()
        pages.write(resource, page.body, len(records), page.api_version)
        if not page.has_next or (last is not None and last(page, records)):
            return
        number += 1


def extract(client: ApiClient, pages: SystemPages, window: Window, page_size: int) -> None:
    def before_window(page: Page, records: list[dict[str, Any]]) -> bool:
        moments = _moments(page, records, "plaatsgevondenOp")
        return bool(moments) and min(moments) < window.start

    def tasks_settled(page: Page, records: list[dict[str, Any]]) -> bool:
        moments = _moments(page, records, "toegewezenOp")
        return bool(moments) and max(moments) < window.start - TASK_LOOKBACK

    _pages(client, pages, "klantcontacten", {"expand": EXPAND}, page_size, before_window)
    _pages(client, pages, "internetaken", {}, page_size, tasks_settled)
    _pages(client, pages, "actoren", {}, page_size)
