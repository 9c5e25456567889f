"""Pages of the APIs `klantcontact extract` reads, as the inventory lists them.

KISS, Open Klant and Open Zaak have no file export: `klantcontact extract` (docs/extract.md)
writes each page an API returned, unchanged, into the source's export folder as
`<resource>-<page>.json`, and last a manifest `<system>.manifest.json`. The base models read
the records of the pages with DuckDB's read_json (macro api_records); here each page is
checked before that: that it is JSON, that it has the shape of the system's list response,
and that its system's manifest is in the folder (without it the extract did not finish, and
the folder would hold part of a window).

KISS up to v0.5.0 answered with a bare array instead of the list envelope: such a page is
read from a copy wrapped in the envelope under transcode_dir, so every page read has
`results`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

KISS = "kiss_api"
OPENKLANT = "openklant_api"
OPENZAAK = "openzaak_api"


@dataclass(frozen=True)
class System:
    format_name: str
    manifest: str  # the manifest's file name
    source: str
    resources: tuple[str, ...]
    bare_array_allowed: bool = False  # KISS up to v0.5.0

    def table(self, resource: str) -> str:
        """The inventory's table_name of a resource's pages: `<system>_<resource>`, never a
        contract file's name (Open Zaak's `zaken` beside the contract's zaken.csv)."""
        return f"{self.format_name.removesuffix('_api')}_{resource}"

    @property
    def label(self) -> str:
        return {KISS: "KISS", OPENKLANT: "Open Klant", OPENZAAK: "Open Zaak"}[self.format_name]


SYSTEMS = (
    System(KISS, "kiss.manifest.json", "kcs", ("contactmomentendetails",), True),
    System(
        OPENKLANT, "openklant.manifest.json", "kcs", ("klantcontacten", "internetaken", "actoren")
    ),  # fmt: skip
    System(
        OPENZAAK,
        "openzaak.manifest.json",
        "zaken",
        (
            "zaken",
            "statussen",
            "resultaten",
            "rollen",
            "zaaktypen",
            "statustypen",
            "resultaattypen",
        ),
    ),  # fmt: skip
)
PAGE = re.compile(r"^(?P<resource>[a-z]+)-(?P<page>[1-9]\d*)\.json$")


def systems_of(source: str) -> tuple[System, ...]:
    return tuple(system for system in SYSTEMS if system.source == source)


def page_of(name: str, source: str) -> tuple[System, str] | None:
    """(system, resource) of an API page's file name in a source's folder, else None."""
    match = PAGE.match(name)
    if not match:
        return None
    for system in systems_of(source):
        if match["resource"] in system.resources:
            return system, match["resource"]
    return None


def manifest_of(name: str, source: str) -> System | None:
    return next((s for s in systems_of(source) if s.manifest == name), None)


@dataclass
class PageCheck:
    """What a page holds: the number of records, or the fault that keeps it from being read."""

    records: int = 0
    fault: tuple[str, str] | None = None  # (kind, message)
    envelope: bytes | None = None  # a bare array wrapped in the list envelope


def _json_problem(data: bytes) -> tuple[object, str | None]:
    try:
        return json.loads(data.decode("utf-8-sig")), None
    except UnicodeDecodeError as problem:
        return None, f"not UTF-8 (byte {problem.start}); an API answers in UTF-8"
    except json.JSONDecodeError as problem:
        start = data[:60].decode("utf-8", "replace").replace("\n", " ")
        return None, f"not JSON ({problem.msg}, line {problem.lineno}): starts with {start!r}"


def check_page(data: bytes, system: System) -> PageCheck:
    """Whether a page can be read: JSON, with a `results` list of objects (or, for KISS,
    a bare array of them)."""
    document, problem = _json_problem(data)
    if problem:
        return PageCheck(fault=("not_json", problem))
    items: object
    envelope = None
    if isinstance(document, dict) and "results" in document:
        items = document["results"]
    elif isinstance(document, list) and system.bare_array_allowed:
        items = document
        envelope = json.dumps({"results": document}, ensure_ascii=False).encode()
    else:
        expected = "a list response {count, next, previous, results}" + (
            " or a JSON array" if system.bare_array_allowed else ""
        )
        keys = sorted(document)[:6] if isinstance(document, dict) else type(document).__name__
        problem = f"not {expected} of {system.label} (got {keys})"
        return PageCheck(fault=("unexpected_shape", problem))
    if not isinstance(items, list) or any(not isinstance(item, dict) for item in items):
        return PageCheck(
            fault=("unexpected_shape", f"`results` is not a list of {system.label} records")
        )
    return PageCheck(records=len(items), envelope=envelope)
