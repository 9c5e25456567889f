"""KISS: the contact moments' management information, GET /api/contactmomentendetails.

from/to (exactly yyyy-MM-ddTHH:mm:ssZ) select on startdatum, both inclusive; the result
is newest first, pageSize at most 5000. Since KISS v0.6 a page is the envelope
{count, next, previous, results}; KISS up to v0.5.0 answered with a bare list, which is
read too: then a page shorter than pageSize is the last.
"""

from __future__ import annotations

from klantcontact.extract.http import ApiClient
from klantcontact.extract.pages import SystemPages
from klantcontact.extract.window import Window, timestamp

AREA = "kcs"
AUTH_SETTINGS = "KCC_KISS_API_KEY (and KCC_KISS_URL)"
RESOURCE = "contactmomentendetails"
ENDPOINTS = {RESOURCE: "/api/contactmomentendetails"}
MAIN = RESOURCE
MAX_PAGE_SIZE = 5000


def extract(client: ApiClient, pages: SystemPages, window: Window, page_size: int) -> None:
    path = ENDPOINTS[RESOURCE]
    number = 1
    while True:
        params: dict[str, str | int] = {
            "from": timestamp(window.start),
            "to": timestamp(window.end),
            "pageSize": page_size,
            "page": number,
        }
        page = client.get(path, params, f"page {number}")
        records = page.results(bare_list=True)
        pages.write(RESOURCE, page.body, len(records), page.api_version)
        more = len(records) >= page_size if isinstance(page.document, list) else page.has_next
        if not more:
            return
        number += 1
