"""The real systems' own export formats, read beside the project's contract files.

A municipality hands over what its systems write, unedited (docs/sources/). Each real format
is a set of file kinds: a file name pattern, the contract table (models/staging/<source>/
_<source>__sources.yml) its rows belong to, and how its own column names map onto the
contract's. A file is recognised by its name; where a real system writes the same name as
the contract (Signalen's dump on Azure storage: `signals.csv`), by what else is in the same
export folder (klantcontact.raw.inventory).

A real file is never read in place: klantcontact.raw.normalise writes a UTF-8 copy holding
only the contract columns it supplies, under their contract names, and the base models read
that copy like any contract file. Contract columns a format does not supply arrive as NULL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CONTRACT = "contract"
SIGNALEN_DUMP = "signalen_dump"
MATOMO = "matomo"
OPENFORMS_SUBMISSIONS = "openforms_submissions"
OPENFORMS_STATISTICS = "openforms_statistics"


@dataclass(frozen=True)
class FileKind:
    """One file of a real format.

    renames: the system's column name -> the contract column it fills; every other
    column of the file is either `known` (written by the system, not used: ignored
    silently) or, unless `other_columns_ignored`, reported as unexpected.
    required: columns without which the file cannot be read (a missing one is an error).
    """

    format_name: str
    table: str
    pattern: re.Pattern[str]
    renames: dict[str, str]
    required: tuple[str, ...]
    known: frozenset[str] = frozenset()
    other_columns_ignored: bool = False
    # A name the contract's own files also have (Signalen's Azure storage): recognised only
    # when the folder is one of this format's (signature columns or a distinctive file).
    shares_contract_name: bool = False
    signature: frozenset[str] = frozenset()
    reader: str = "csv"  # csv, matomo, spreadsheet (xlsx/json/csv of tablib)
    # contract column -> the system's column that fills it when its own column is empty
    fallbacks: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Archive:
    """A container of one format's files: Signalen's dump zip."""

    format_name: str
    pattern: re.Pattern[str]
    required_tables: tuple[str, ...]


@dataclass(frozen=True)
class Unused:
    """A file a real system writes that the project does not read: listed, not warned."""

    format_name: str
    pattern: re.Pattern[str]
    name: str  # the system's own name for the file, listed as the inventory's table_name


@dataclass(frozen=True)
class SourceFormats:
    kinds: tuple[FileKind, ...] = ()
    archives: tuple[Archive, ...] = ()
    unused: tuple[Unused, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # format -> system, for messages


# --- Signalen datawarehouse dump ------------------------------------------------------
# Headers as Signalen's app/signals/apps/reporting/csv/datawarehouse/*.py write them.
SIGNALEN_HEADERS: dict[str, tuple[str, ...]] = {
    "signals": (
        "id", "signal_uuid", "source", "text", "text_extra", "incident_date_start",
        "incident_date_end", "created_at", "updated_at", "operational_date", "expire_date",
        "image", "upload", "extra_properties", "category_assignment_id", "location_id",
        "reporter_id", "status_id", "priority", "priority_created_at", "parent", "type",
        "type_created_at", "directing_departments_assignment_id",
    ),
    "signals_assigned_user": ("id", "assigned_to", "assigned_at"),
    "locations": (
        "id", "lat", "lng", "stadsdeel", "buurt_code", "address", "address_text", "created_at",
        "updated_at", "extra_properties", "_signal_id", "address_street", "address_number",
        "address_postalcode", "address_city", "area_code", "area_name",
    ),
    "reporters": (
        "id", "email", "phone", "is_anonymized", "created_at", "updated_at",
        "extra_properties", "_signal_id",
    ),
    "categories": (
        "id", "main", "sub", "departments", "created_at", "updated_at", "extra_properties",
        "_signal_id", "deadline", "deadline_factor_3",
    ),
    "statuses": (
        "id", "text", "user", "target_api", "state_display", "extern", "created_at",
        "updated_at", "extra_properties", "_signal_id", "state",
    ),
    "sla": ("id", "main", "sub", "n_days", "use_calendar_days", "created_at"),
    "directing_departments": ("id", "created_at", "updated_at", "_signal_id", "departments"),
    "routing_departments": ("id", "created_at", "updated_at", "_signal_id", "departments"),
    "notes": ("id", "created_at", "updated_at", "_signal_id", "text"),
    "kto_feedback": (
        "_signal_id", "is_satisfied", "allows_contact", "text", "text_extra", "created_at",
        "submitted_at", "text_list",
    ),
}  # fmt: skip
# Local storage prefixes each file with the dump's time, `<HHMMSS><TZ>_` (120000UTC_).
_SIGNALEN_PREFIX = r"(?:\d{6}[A-Z]{0,5}_)"
# Signalen's locations.csv: `lat` is st_x (the longitude), `lng` st_y (the latitude).
_SIGNALEN_RENAMES = {"locations": {"lat": "lng", "lng": "lat"}}
# buurt_code is Amsterdam's own four-character code, empty elsewhere; there the buurt is
# the area Signalen's area type gives (area_code: the CBS buurt code when the municipality
# configured its buurten as areas).
_SIGNALEN_FALLBACKS = {"locations": {"buurt_code": "area_code"}}


def _signalen_kind(name: str, contract_columns: tuple[str, ...]) -> FileKind:
    header = SIGNALEN_HEADERS[name]
    renames = {column: column for column in header if column in contract_columns}
    renames.update(_SIGNALEN_RENAMES.get(name, {}))
    if name == "kto_feedback":
        pattern = re.compile(rf"^{_SIGNALEN_PREFIX}?kto-feedback-[A-Za-z0-9_]+\.csv$")
    else:
        pattern = re.compile(rf"^{_SIGNALEN_PREFIX}?{name}\.csv$")
    return FileKind(
        format_name=SIGNALEN_DUMP,
        table=name,
        pattern=pattern,
        renames=renames,
        required=tuple(renames),
        known=frozenset(header),
        shares_contract_name=name != "kto_feedback",
        signature=frozenset(header) - frozenset(contract_columns),
        fallbacks=_SIGNALEN_FALLBACKS.get(name, {}),
    )


# --- Matomo Reporting API -------------------------------------------------------------
# A response saved by a script carries the API method in its name
# (Actions.getPageUrls.json); a download from Matomo's interface is named
# `Export _ <report name> _ <period>.csv` (nl: `Exporteer _ ...`).
_MATOMO_REPORTS = {
    "pages": (r"actions[._ -]?getpageurls", r"_ (?:page urls|pagina-url's) _"),
    "site_search": (
        r"actions[._ -]?getsitesearchkeywords", r"_ (?:site search keywords|zoektermen) _"
    ),
    "site_search_no_result": (
        r"actions[._ -]?getsitesearchnoresultkeywords",
        r"_ (?:search keywords with no results|zoekwoorden zonder resultaten) _",
    ),
}  # fmt: skip
_MATOMO_COLUMNS = {
    "pages": ("date", "label", "nb_hits", "nb_visits", "entry_nb_visits", "exit_nb_visits",
              "avg_time_on_page"),
    "site_search": ("date", "label", "nb_visits", "nb_hits", "nb_pages_per_search",
                    "exit_nb_visits"),
    "site_search_no_result": ("date", "label", "nb_visits", "nb_hits", "nb_pages_per_search",
                              "exit_nb_visits"),
}  # fmt: skip


def _matomo_kind(table: str, contract_columns: tuple[str, ...]) -> FileKind:
    api_name, download_name = _MATOMO_REPORTS[table]
    columns = [column for column in _MATOMO_COLUMNS[table] if column in contract_columns]
    return FileKind(
        format_name=MATOMO,
        table=table,
        pattern=re.compile(rf"(?i)(?:{api_name}|{download_name}).*\.(?:json|csv)$"),
        renames={column: column for column in columns},
        # Matomo leaves out a metric that is zero (entry_*, exit_*); label and nb_visits are
        # in every row, `date` is added from the response's keys or the file's day.
        required=("date", "label", "nb_visits"),
        other_columns_ignored=True,  # plugins add metrics of their own
        reader=MATOMO,
    )


# --- Open Formulieren -----------------------------------------------------------------
def _openforms_kinds(contract_columns: tuple[str, ...]) -> tuple[FileKind, ...]:
    if "form_name" not in contract_columns:
        return ()
    return (
        FileKind(
            format_name=OPENFORMS_SUBMISSIONS,
            table="form_submissions",
            # The admin action's file is submissions_export.<ext>; a browser saving several
            # names them `submissions_export (1).csv`.
            pattern=re.compile(r"(?i)^submissions_export.*\.(?:csv|xlsx|json)$"),
            renames={"Formuliernaam": "form_name", "Inzendingdatum": "completed_at"},
            required=("Formuliernaam", "Inzendingdatum"),
            # Taalcode, then one column per form component and user variable: the answers,
            # personal data the project never reads.
            other_columns_ignored=True,
            reader="spreadsheet",
        ),
        FileKind(
            format_name=OPENFORMS_STATISTICS,
            table="form_submissions",
            pattern=re.compile(r"(?i)^submissions_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}.*\.xlsx$"),
            renames={
                "Publieke referentie": "submission_id",
                "Formuliernaam (intern)": "form_name",
                "Ingezonden op": "completed_at",
            },
            required=("Publieke referentie", "Formuliernaam (publiek)", "Ingezonden op"),
            known=frozenset({"Formuliernaam (publiek)", "Geregistreerd op"}),
            # The internal name is optional in Open Formulieren; the public one is not.
            fallbacks={"form_name": "Formuliernaam (publiek)"},
            reader="spreadsheet",
        ),
    )


def source_formats(source: str, tables: dict[str, tuple[str, ...]]) -> SourceFormats:
    """The real formats of a built-in source, for the contract tables it has (`tables`:
    table -> contract columns). A table a fork removed is not read in any format."""
    if source == "mor":
        read = tuple(name for name in SIGNALEN_HEADERS if name in tables)
        return SourceFormats(
            kinds=tuple(_signalen_kind(name, tables[name]) for name in read),
            archives=(
                Archive(SIGNALEN_DUMP, re.compile(r"^\d{8}_\d{6}[A-Z]{0,5}\.zip$"), ("signals",)),
            ),
            unused=tuple(
                Unused(
                    SIGNALEN_DUMP,
                    re.compile(
                        rf"^{_SIGNALEN_PREFIX}?kto-feedback-[A-Za-z0-9_]+\.csv$"
                        if name == "kto_feedback"
                        else rf"^{_SIGNALEN_PREFIX}?{name}\.csv$"
                    ),
                    name,
                )
                for name in SIGNALEN_HEADERS
                if name not in tables
            ),
            names={SIGNALEN_DUMP: "Signalen datawarehouse dump"},
        )
    if source == "web":
        return SourceFormats(
            kinds=tuple(_matomo_kind(table, tables[table]) for table in _MATOMO_REPORTS
                        if table in tables)
            + _openforms_kinds(tables.get("form_submissions", ())),
            names={MATOMO: "Matomo report", OPENFORMS_SUBMISSIONS: "Open Formulieren "
                   "submissions export", OPENFORMS_STATISTICS: "Open Formulieren statistics"},
        )  # fmt: skip
    return SourceFormats()
