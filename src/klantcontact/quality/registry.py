"""What the quality checkpoint validates, as data.

Each model gets one `ModelSuite`: the relation to read, the checks to run and (rarely)
computed columns. The columns read from DuckDB are derived from the checks, so only
what a check needs leaves the database. `checkpoint.py` turns every check into one GX
expectation; this module does not import GX, so it stays cheap to import and to test.

Adding a model is one `staging_model(...)`, `mart_model(...)` (or `ModelSuite(...)`)
entry in `_SUITES` below. A source needs none: every staged model of the source registry
(kcc_sources) without a hand-written suite gets one derived from its entry (key not null
and unique, lineage to its raw file), and every model registered for a contract
(call_legs, contacts, counter_visits, email_messages, form_submissions) gets the
contract's checks (its columns and their types, its key, its required columns), merged
into its hand-written suite if it has one. A derived suite has no minimum of rows: a
source with no exports yet (a fork's, in the test fixture) is checked for its columns
only. Value sets and ranges mirror docs/raw-validation-contract.md
and the check_* calls in models/staging/*/base_*.sql: the checkpoint re-checks,
independently of dbt, that what staging let through honours the contract. The core
facts and kpi.kpi_values are checked against their YAML (models/marts/*/_*__models.yml)
and seeds (channels, kpis units): what the marts derive must stay in range too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from klantcontact.quality.contracts import CONTRACTS, contract_columns, registered_models
from klantcontact.raw.contract import source_registry

# Keyed pseudonyms are DuckDB sha256() output: 64 lower-case hex digits.
PSEUDONYM_REGEX = r"^[0-9a-f]{64}$"
# PC4 never starts with 0 (macro postcode_area keeps only such values).
POSTCODE_AREA_REGEX = r"^[1-9][0-9]{3}$"
# Resolved customers (int_customers_resolved): 'klant|' + the pseudonym of the
# component's root identifier, or the explicit unknown member.
CUSTOMER_KEY_REGEX = r"^(?:onbekend|klant\|[0-9a-f]{64})$"
# dim_employee members: a staff pseudonym, or the unknown member (always for zaken).
EMPLOYEE_KEY_REGEX = r"^(?:onbekend|[0-9a-f]{64})$"
# fact_case_status: '<case_key>|<Signalen status id>' for a melding, '<case_key>|registratie'
# or '<case_key>|einde' for a zaak; case_key is 'melding|SIG-<signal id>' or 'zaak|<id>'.
CASE_STATUS_KEY_REGEX = r"^(?:melding\|SIG-[0-9]+\|[0-9]+|zaak\|.+\|(?:registratie|einde))$"
# fact_web_search_day: '<search_date>|<keyword_key>'.
WEB_SEARCH_DAY_KEY_REGEX = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\|[0-9a-f]{64}$"


@dataclass(frozen=True)
class NotNull:
    """The column has no nulls."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class Unique:
    """The combination of columns identifies a row (one column: plain uniqueness)."""

    key: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.key


@dataclass(frozen=True)
class InSet:
    """Non-null values lie in the code list; pair with NotNull for a required code."""

    column: str
    values: tuple[str | int | bool, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class Between:
    """Non-null values lie within [min_value, max_value]; None leaves a side open."""

    column: str
    min_value: float | None = None
    max_value: float | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class Matches:
    """Non-null values match the regular expression."""

    column: str
    regex: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class NotBefore:
    """`later` >= `earlier` on every row where both are set (end-before-start)."""

    later: str
    earlier: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.later, self.earlier)


@dataclass(frozen=True)
class MinRows:
    """The model has at least this many rows (an empty staging model means a broken feed)."""

    minimum: int

    @property
    def columns(self) -> tuple[str, ...]:
        return ()


Check = NotNull | Unique | InSet | Between | Matches | NotBefore | MinRows


@dataclass(frozen=True)
class ModelSuite:
    """One expectation suite: a relation in the DuckDB file and the checks on it.

    computed: extra output column -> SQL expression over the relation, for rules that
    span columns and have no GX expectation of their own (e.g. a reconciliation sum).
    """

    relation: str
    checks: tuple[Check, ...]
    computed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Columns the relation must have with this DuckDB type (a contract's), whatever its rows.
    column_types: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def name(self) -> str:
        return self.relation.split(".")[-1]

    @property
    def schema(self) -> str:
        return self.relation.split(".")[0]

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns to select, in first-use order, computed ones included."""
        seen: dict[str, None] = {}
        for check in self.checks:
            for column in check.columns:
                seen.setdefault(column, None)
        return tuple(seen)

    @property
    def source_columns(self) -> tuple[str, ...]:
        """Columns that must exist in the relation itself."""
        needed = dict.fromkeys(column for column in self.columns if column not in self.computed)
        needed.update(dict.fromkeys(self.column_types))
        return tuple(needed)


# -- builders: keep each registry entry to the facts of its model ------------------


def key(*columns: str) -> tuple[Check, ...]:
    return (*required(*columns), Unique(columns))


def required(*columns: str) -> tuple[Check, ...]:
    return tuple(NotNull(column) for column in columns)


def codes(column: str, values: Iterable[str], *, optional: bool = False) -> tuple[Check, ...]:
    in_set = InSet(column, tuple(values))
    return (in_set,) if optional else (NotNull(column), in_set)


def pseudonyms(*columns: str) -> tuple[Check, ...]:
    return tuple(Matches(column, PSEUDONYM_REGEX) for column in columns)


def non_negative(*columns: str) -> tuple[Check, ...]:
    return tuple(Between(column, min_value=0) for column in columns)


def scores(low: int, high: int, *columns: str) -> tuple[Check, ...]:
    return tuple(Between(column, low, high) for column in columns)


def lineage(source: str, file: str) -> tuple[Check, ...]:
    """Every staged row points back at a physical line of its export file."""
    return (
        *required("_file", "_export_date", "_record_number", "_line_number"),
        # A contract file <file>.csv, or a real system's export under its own name (a
        # member of an export archive: <archive>!<member>).
        Matches("_file", rf"^{source}/[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}/[^/]+$"),
        Between("_record_number", min_value=1),
        # Line 1 is the header, so a record starts on line 2 at the earliest.
        Between("_line_number", min_value=2),
    )


def staging_model(
    name: str, *, source: str, file: str, key_columns: Iterable[str], checks: Iterable[Check]
) -> ModelSuite:
    """A stg_* model: non-empty, keyed, traceable to its raw file, plus its own checks."""
    return ModelSuite(
        relation=f"staging.{name}",
        checks=(MinRows(1), *key(*key_columns), *lineage(source, file), *checks),
    )


def api_staging_model(
    name: str, *, source: str, key_columns: Iterable[str], checks: Iterable[Check] = ()
) -> ModelSuite:
    """A stg_* model of an API's pages (klantcontact extract): keyed, traceable to its page
    and the record's position in it (a page has no lines); empty where no extract was made
    (the fixture), so no MinRows."""
    return ModelSuite(
        relation=f"staging.{name}",
        checks=(
            *key(*key_columns),
            *required("_file", "_export_date", "_record_number"),
            Matches("_file", rf"^{source}/[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}/[a-z]+-[0-9]+[.]json$"),
            Between("_record_number", min_value=1),
            *checks,
        ),
    )


def mart_model(
    relation: str,
    *,
    key_columns: Iterable[str],
    checks: Iterable[Check],
    computed: Mapping[str, str] | None = None,
) -> ModelSuite:
    """A core fact or KPI mart: non-empty and keyed, plus its own checks."""
    return ModelSuite(
        relation=relation,
        checks=(MinRows(1), *key(*key_columns), *checks),
        computed=MappingProxyType(dict(computed or {})),
    )


# -- code lists (check_code calls in models/staging/*/base_*.sql) --------------------

TELEPHONY_DIRECTIONS = ("Inbound", "Outbound")
TELEPHONY_OUTCOMES = (
    "Accepted", "Abandoned", "Busy", "ClosedHours", "Overflow", "Voicemail", "TransferredOut",
)  # fmt: skip
IVR_RESULTS = ("completed", "abandoned", "blocked")
VISIT_STATUSES = (
    "Geholpen", "Niet verschenen", "Geannuleerd", "Vertrokken zonder hulp", "Doorverwezen",
)  # fmt: skip
EMAIL_DIRECTIONS = ("Inkomend", "Uitgaand")
CONTACT_RESULTS = (
    "Zelfstandig afgehandeld",
    "Doorverbonden binnen KCC",
    "Doorverbonden naar afdeling",
    "Terugbelverzoek",
    "Zaak aangemaakt",
    "Doorverwezen naar andere organisatie",
)
TASK_STATUSES = ("te_verwerken", "verwerkt", "retour")
SIGNAL_TYPES = ("SIG", "REQ", "QUE", "COM", "MAI", "PRJ")
SIGNAL_STATES = (
    "m", "i", "b", "h", "ingepland", "ready to send", "sent", "send failed", "done external",
    "reaction requested", "reaction received", "forward to external", "o", "a", "reopened",
    "reopen requested", "closure requested", "s",
)  # fmt: skip
AUTH_METHODS = ("digid", "eherkenning", "none")


# The sources switched on in kcc_sources: a fork's own source is checked without an edit here.
SOURCE_NAMES = tuple(
    name for name, entry in source_registry().items() if entry.get("enabled", True)
)
# reject_reason_order() in macros/staging/validation.sql (invalid_number included).
QUARANTINE_REASONS = (
    "truncated_row", "missing_id", "invalid_timestamp", "invalid_number",
    "out_of_range", "unknown_code", "end_before_start",
)  # fmt: skip

# stg_raw_exports__files (models/staging/raw_exports/): what the file inspection reports.
FILE_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "windows-1252")
FILE_FAULT_KINDS = (
    "empty_file", "unreadable_encoding", "windows_1252", "wrong_delimiter", "duplicate_column",
    "renamed_column", "missing_column", "extra_column", "unclosed_quote", "truncated_last_line",
    "unknown_file", "corrupt_archive", "incomplete_archive", "error_response", "not_a_report",
    "short_record", "not_json", "unexpected_shape", "incomplete_extract",
)  # fmt: skip
FILE_PATH_REGEX = r"^[a-z_]+/[^/]+/[^/]+$"
QUALITY_REPORT_COUNTS = (
    "files_read", "files_skipped", "file_errors", "file_warnings", "raw_rows", "staged_rows",
    "quarantined_rows", "duplicates_removed",
    *(f"quarantined_{reason}" for reason in QUARANTINE_REASONS),
)  # fmt: skip

# -- code lists of the marts (seeds/channels.csv, models/marts/*/_*__models.yml) -----

CHANNELS = (
    "telefoon", "balie", "e-mail", "webformulier", "app", "chat", "whatsapp", "post",
    "social", "onbekend",
)  # fmt: skip
# fact_contact.source_system: Signalen meldingen, kcs registrations, and every source
# registered for a contract (telephony vendors, counter, mail and form systems, channels).
CONTACT_SOURCE_SYSTEMS = (
    "mor", "kcs",
    *dict.fromkeys(source for _, _, source in registered_models(source_registry())),
)  # fmt: skip
CASE_KINDS = ("zaak", "melding")
TASK_TERM_UNITS = ("working_days", "calendar_days", "hours", "minutes")
CALLBACK_OUTCOMES = (
    "done_on_time", "done_late", "open_overdue", "open_not_due", "done_no_due_date",
    "open_no_due_date",
)  # fmt: skip
SURVEY_SOURCES = ("kto", "signalen")
# A melding's Signalen state, or a zaak's registration and closure (fact_case_status).
CASE_STATUS_CODES = (*SIGNAL_STATES, "registratie", "einde")
PERIOD_GRAINS = ("day", "week", "month", "quarter", "year")
# The `unit` column of seeds/kpis.csv.
KPI_UNITS = (
    "count", "fraction", "score", "grade", "seconds", "calendar_days", "working_days",
    "per_customer", "per_case", "per_melding", "per_contact",
)  # fmt: skip
NORM_OPERATORS = (">=", "<=", ">", "<")
BOOLEANS = (True, False)


_SUITES: tuple[ModelSuite, ...] = (
    staging_model(
        "stg_telephony__dialogue_legs",
        source="telephony",
        file="dialogues",
        key_columns=["leg_id"],
        checks=[
            *required("call_id", "started_at", "ended_at"),
            *codes("direction", TELEPHONY_DIRECTIONS),
            *codes("outcome", TELEPHONY_OUTCOMES),
            *codes("ivr_result", IVR_RESULTS, optional=True),
            *non_negative("ivr_s", "acw_s"),
            NotBefore("ended_at", "started_at"),
            *pseudonyms("employee_key", "customer_phone_key"),
        ],
    ),
    staging_model(
        "stg_cxone__call_legs",
        source="cxone",
        file="call_detail",
        key_columns=["leg_id"],
        checks=[
            *required("call_id", "started_at", "ended_at"),
            *codes("direction", ("Inbound",)),
            *codes("outcome", ("Accepted", "Abandoned", "Overflow", "TransferredOut")),
            *codes("ivr_result", ("completed", "abandoned"), optional=True),
            *non_negative("ivr_s", "acw_s"),
            NotBefore("ended_at", "started_at"),
            *pseudonyms("employee_key", "customer_phone_key"),
        ],
    ),
    staging_model(
        "stg_chat__sessions",
        source="chat",
        file="sessions",
        key_columns=["conversation_id"],
        checks=[
            *required("started_at", "ended_at"),
            *codes("channel", ("Webchat", "WhatsApp")),
            *codes("status", ("closed", "missed")),
            NotBefore("ended_at", "started_at"),
            *pseudonyms("employee_key", "customer_phone_key", "customer_email_key"),
        ],
    ),
    ModelSuite(
        relation="staging.stg_chat__contacts",
        checks=(
            MinRows(1),
            *key("source_record_id"),
            *codes("channel_key", ("chat", "whatsapp")),
            *codes("source_system", ("chat",)),
            *required("started_at", "contact_date", "department_key"),
            *non_negative("wait_s", "talk_s", "handle_s"),
            *pseudonyms("employee_key", "customer_phone_key", "customer_email_key"),
        ),
    ),
    staging_model(
        "stg_balie__visits",
        source="balie",
        file="visits",
        key_columns=["visit_id"],
        checks=[
            *codes("status", VISIT_STATUSES),
            NotBefore("ended_at", "called_at"),
            *pseudonyms("employee_key", "customer_bsn_key"),
            Matches("postcode_area", POSTCODE_AREA_REGEX),
        ],
    ),
    staging_model(
        "stg_email__messages",
        source="email",
        file="messages",
        key_columns=["message_id"],
        checks=[
            *required("conversation_id", "sent_at", "is_auto_reply"),
            *codes("direction", EMAIL_DIRECTIONS),
            *pseudonyms("customer_email_key", "employee_key"),
        ],
    ),
    staging_model(
        "stg_kcs__contact_moments",
        source="kcs",
        file="contactmomenten",
        key_columns=["contact_moment_id"],
        checks=[
            *required("started_at", "is_complaint"),
            *codes("contact_result", CONTACT_RESULTS),
            NotBefore("ended_at", "started_at"),
            *non_negative("question_count"),
            *pseudonyms(
                "employee_key", "customer_bsn_key", "customer_phone_key", "customer_email_key"
            ),
        ],
    ),
    staging_model(
        "stg_kcs__internal_tasks",
        source="kcs",
        file="internetaken",
        key_columns=["task_id"],
        checks=[
            *required("assigned_at"),
            *codes("task_status", TASK_STATUSES),
            NotBefore("completed_at", "assigned_at"),
        ],
    ),
    # The pages of KISS's and Open Klant's APIs (docs/extract.md).
    api_staging_model(
        "stg_kcs__kiss_contact_moments",
        source="kcs",
        key_columns=["contact_moment_id"],
        checks=[
            *required("started_at"),
            NotBefore("ended_at", "started_at"),
            *codes("answer_source", ("Kennisbank", "Website", "Geen"), optional=True),
            *pseudonyms("employee_key"),
        ],
    ),
    api_staging_model(
        "stg_kcs__openklant_contacts",
        source="kcs",
        key_columns=["contact_moment_id"],
        checks=[
            *required("started_at"),
            *pseudonyms("customer_bsn_key", "customer_phone_key", "customer_email_key"),
        ],
    ),
    api_staging_model(
        "stg_kcs__openklant_internal_tasks",
        source="kcs",
        key_columns=["task_id"],
        checks=[
            *required("assigned_at"),
            *codes("task_status", ("te_verwerken", "verwerkt")),
            NotBefore("completed_at", "assigned_at"),
        ],
    ),
    api_staging_model(
        "stg_kcs__openklant_actors",
        source="kcs",
        key_columns=["actor_id"],
        checks=[
            *codes(
                "actor_kind",
                ("medewerker", "geautomatiseerde_actor", "organisatorische_eenheid"),
                optional=True,
            ),
        ],
    ),
    staging_model(
        "stg_kto__responses",
        source="kto",
        file="responses",
        key_columns=["response_id"],
        checks=[
            *required("submitted_at"),
            *scores(1, 10, "grade"),
            *scores(1, 5, "satisfaction_score", "ease_score", "trust_score"),
            *scores(1, 5, "personal_approach_score"),
        ],
    ),
    staging_model(
        "stg_mor__signals",
        source="mor",
        file="signals",
        key_columns=["signal_id"],
        checks=[
            # `source` is free text in Signalen: mapped to a channel, never rejected.
            *required("created_at"),
            *codes("signal_type", SIGNAL_TYPES),
        ],
    ),
    staging_model(
        "stg_mor__statuses",
        source="mor",
        file="statuses",
        key_columns=["status_id"],
        checks=[
            *required("signal_id", "created_at"),
            *codes("state", SIGNAL_STATES),
            *pseudonyms("employee_key"),
        ],
    ),
    staging_model(
        "stg_mor__category_assignments",
        source="mor",
        file="categories",
        key_columns=["assignment_id"],
        checks=[*required("signal_id", "created_at")],
    ),
    staging_model(
        "stg_mor__locations",
        source="mor",
        file="locations",
        key_columns=["location_id"],
        checks=[
            *required("signal_id"),
            Matches("postcode_area", POSTCODE_AREA_REGEX),
            # WGS84 bounds; swapped or projected (RD) coordinates fall outside.
            Between("latitude", -90, 90),
            Between("longitude", -180, 180),
        ],
    ),
    staging_model(
        "stg_mor__reporters",
        source="mor",
        file="reporters",
        key_columns=["reporter_id"],
        checks=[
            *required("signal_id"),
            *pseudonyms("reporter_email_key", "reporter_phone_key"),
        ],
    ),
    staging_model(
        "stg_mor__feedback_responses",
        source="mor",
        file="kto_feedback",
        key_columns=["signal_id"],
        checks=[*required("submitted_at", "is_satisfied")],
    ),
    # Signalen's routing_departments: an export may lack the file, so no minimum of rows.
    ModelSuite(
        relation="staging.stg_mor__routing_assignments",
        checks=(
            *key("routing_id"),
            *lineage("mor", "routing_departments"),
            *required("signal_id", "created_at"),
        ),
    ),
    staging_model(
        "stg_mor__sla_rules",
        source="mor",
        file="sla",
        key_columns=["sla_id"],
        checks=[*non_negative("term_days")],
    ),
    staging_model(
        "stg_zaken__cases",
        source="zaken",
        file="zaken",
        key_columns=["case_id"],
        checks=[
            *required("registered_date", "start_date", "is_suspended"),
            NotBefore("end_date", "start_date"),
            *non_negative("extension_days", "extension_months"),
            *pseudonyms("initiator_bsn_key"),
        ],
    ),
    staging_model(
        "stg_zaken__case_types",
        source="zaken",
        file="zaaktypen",
        key_columns=["case_type_code"],
        checks=[
            *non_negative(
                "legal_term_days", "legal_term_months", "service_norm_days", "service_norm_months"
            ),
        ],
    ),
    # The pages of Open Zaak's API (docs/extract.md).
    api_staging_model(
        "stg_zaken__openzaak_cases",
        source="zaken",
        key_columns=["case_uuid"],
        checks=[*required("case_id", "start_date")],
    ),
    api_staging_model(
        "stg_zaken__openzaak_case_types",
        source="zaken",
        key_columns=["case_type_version_id"],
        checks=[
            *required("case_type_code"),
            *non_negative(
                "legal_term_days", "legal_term_months", "service_norm_days", "service_norm_months"
            ),
        ],
    ),
    staging_model(
        "stg_web__page_days",
        source="web",
        file="pages",
        key_columns=["page_date", "page_label"],
        checks=[
            *non_negative(
                "page_views",
                "visits",
                "entry_visits",
                "exit_visits",
                "avg_time_on_page_s",
                "feedback_useful_yes",
                "feedback_useful_no",
            ),
        ],
    ),
    staging_model(
        "stg_web__search_days",
        source="web",
        file="site_search",
        key_columns=["search_date", "keyword_key"],
        checks=[
            *pseudonyms("keyword_key"),
            *non_negative("visits", "pages_per_search", "exit_visits", "results"),
        ],
    ),
    # Optional file: needed only when site_search has no result counts (Matomo), so it
    # may hold no rows (no MinRows).
    ModelSuite(
        relation="staging.stg_web__search_no_result_days",
        checks=(
            *key("search_date", "keyword_key"),
            *lineage("web", "site_search_no_result"),
            *pseudonyms("keyword_key"),
            *non_negative("visits", "searches", "pages_per_search", "exit_visits"),
        ),
    ),
    staging_model(
        "stg_web__form_submissions",
        source="web",
        file="form_submissions",
        key_columns=["submission_id"],
        checks=[
            # Completion records (exports of completed submissions only) have no start
            # and no authentication method; submission records have both.
            *codes("auth_method", AUTH_METHODS, optional=True),
            NotBefore("completed_at", "started_at"),
            *pseudonyms("customer_bsn_key", "customer_email_key", "customer_phone_key"),
        ],
    ),
    mart_model(
        "core.fact_contact",
        key_columns=["contact_key"],
        checks=[
            *codes("channel_key", CHANNELS),
            *codes("source_system", CONTACT_SOURCE_SYSTEMS),
            *required("source_record_id", "started_at", "contact_date", "customer_key"),
            Matches("customer_key", CUSTOMER_KEY_REGEX),
            *non_negative("wait_s", "talk_s", "wrap_s", "handle_s"),
        ],
    ),
    mart_model(
        "core.fact_case",
        key_columns=["case_key"],
        checks=[
            *codes("case_kind", CASE_KINDS),
            *codes("channel_key", CHANNELS),
            *required("case_id", "registered_date", "is_open", "is_closed"),
            # Closed before it was registered or started: a date swapped in an export.
            NotBefore("closed_date", "registered_date"),
            NotBefore("closed_date", "start_date"),
            *non_negative("throughput_calendar_days", "throughput_working_days", "reopen_count"),
        ],
    ),
    mart_model(
        "core.fact_callback",
        key_columns=["callback_key"],
        checks=[
            *required("task_id", "is_callback", "assigned_date", "is_done", "is_due_or_done"),
            *codes("outcome", CALLBACK_OUTCOMES),
            *codes("task_status", TASK_STATUSES, optional=True),
            *codes("term_unit", TASK_TERM_UNITS, optional=True),
            *non_negative("term_value"),
            NotBefore("completed_at", "assigned_at"),
            NotBefore("due_date", "assigned_date"),
        ],
    ),
    mart_model(
        "core.fact_survey_response",
        key_columns=["survey_response_key"],
        checks=[
            *codes("survey_source", SURVEY_SOURCES),
            *codes("channel_key", CHANNELS),
            *required("submitted_date"),
            *scores(1, 10, "grade"),
            *scores(1, 5, "satisfaction_score", "ease_score", "trust_score"),
            *scores(1, 5, "personal_approach_score"),
        ],
    ),
    mart_model(
        "core.fact_web_page_day",
        key_columns=["web_page_day_key"],
        checks=[
            *required("page_date", "page_label"),
            *non_negative(
                "page_views",
                "visits",
                "entry_visits",
                "exit_visits",
                "avg_time_on_page_s",
                "feedback_useful_yes",
                "feedback_useful_no",
            ),
        ],
    ),
    mart_model(
        "core.fact_case_status",
        key_columns=["case_status_key"],
        checks=[
            Matches("case_status_key", CASE_STATUS_KEY_REGEX),
            *codes("case_kind", CASE_KINDS),
            *codes("status_code", CASE_STATUS_CODES),
            *required("case_key", "status_sequence", "status_date", "is_final_state"),
            *required("is_current", "employee_key"),
            # The grain within a case: one row per position in its history.
            Unique(("case_key", "status_sequence")),
            Between("status_sequence", min_value=1),
            NotBefore("valid_to_at", "status_at"),
            NotBefore("valid_to_date", "status_date"),
            Matches("employee_key", EMPLOYEE_KEY_REGEX),
            # A case with no or two current statuses is counted twice or not at all.
            Between("current_statuses_of_case", 1, 1),
            InSet("final_flag_matches_code", (True,)),
        ],
        computed={
            "current_statuses_of_case": (
                "count(*) filter (where is_current) over (partition by case_key)"
            ),
            # Final: afgehandeld, geannuleerd, gesplitst (Signalen) or a zaak's closure.
            "final_flag_matches_code": (
                "is_final_state = (status_code in ('o', 'a', 's', 'einde'))"
            ),
        },
    ),
    mart_model(
        "core.fact_web_search_day",
        key_columns=["web_search_day_key"],
        checks=[
            Matches("web_search_day_key", WEB_SEARCH_DAY_KEY_REGEX),
            *required("search_date", "keyword_key"),
            Unique(("search_date", "keyword_key")),
            *pseudonyms("keyword_key"),
            *non_negative("visits", "pages_per_search", "exit_visits", "results"),
            # Exits after the search are some of the visits that searched.
            NotBefore("visits", "exit_visits"),
            InSet("no_result_flag_matches", (True,)),
        ],
        computed={"no_result_flag_matches": "has_no_result = (results = 0)"},
    ),
    mart_model(
        "kpi.kpi_values",
        key_columns=["kpi_code", "period_grain", "period_start", "channel_key"],
        checks=[
            *codes("period_grain", PERIOD_GRAINS),
            InSet("channel_key", ("alle", *CHANNELS)),
            *codes("unit", KPI_UNITS),
            # Every KPI is a count, share, score, grade or duration: none is negative.
            *non_negative("numerator", "denominator", "value"),
            # A share outside 0-1 means a numerator that is not a subset of its base.
            Between("fraction_value", 0, 1),
            Between("grade_value", 1, 10),
            Between("score_value", 1, 5),
            InSet("norm_operator", NORM_OPERATORS),
            InSet("meets_norm", BOOLEANS),
        ],
        computed={
            "fraction_value": "case when unit = 'fraction' then value end",
            "grade_value": "case when unit = 'grade' then value end",
            "score_value": "case when unit = 'score' then value end",
        },
    ),
    ModelSuite(
        relation="quality.source_reconciliation",
        checks=(
            MinRows(1),
            *key("source_name", "file_name"),
            *codes("source_name", SOURCE_NAMES),
            *required("raw_rows", "staged_rows", "quarantined_rows", "duplicates_removed"),
            *non_negative("raw_rows", "staged_rows", "quarantined_rows", "duplicates_removed"),
            *non_negative("files_read", "files_skipped"),
            # Every raw row is staged, quarantined or a removed duplicate: nothing else.
            Between("unexplained_rows", 0, 0),
        ),
        computed=MappingProxyType(
            {
                "unexplained_rows": (
                    "raw_rows - staged_rows - quarantined_rows - duplicates_removed"
                ),
            }
        ),
    ),
    ModelSuite(
        relation="quality.quarantined_rows",
        checks=(
            # A record of an API page has a record number and no line number.
            *key("file_path", "record_number"),
            *required("source_name", "file_name"),
            *codes("source_name", SOURCE_NAMES),
            *codes("reason", QUARANTINE_REASONS),
            Between("record_number", min_value=1),
            Between("line_number", min_value=2),
        ),
    ),
    ModelSuite(
        relation="staging.stg_raw_exports__columns",
        checks=(
            MinRows(1),
            *key("source_name", "table_name", "column_position"),
            *codes("source_name", SOURCE_NAMES),
            *codes("field_delimiter", (",", ";")),
            *required("column_name", "file_name"),
            Between("column_position", min_value=1),
        ),
    ),
    ModelSuite(
        relation="staging.stg_raw_exports__files",
        checks=(
            MinRows(1),
            *key("file_path"),
            *codes("source_name", SOURCE_NAMES),
            *codes("encoding", FILE_ENCODINGS, optional=True),
            *required("table_name", "is_read", "read_path"),
            Matches("file_path", FILE_PATH_REGEX),
            *non_negative("size_bytes", "physical_lines"),
            # A file that is read has a header to read it by; a skipped one is not read.
            Between("errors_on_read_file", 0, 0),
            Between("read_without_columns", 0, 0),
        ),
        computed=MappingProxyType(
            {
                "errors_on_read_file": (
                    "case when is_read and list_contains(fault_severities, 'error')"
                    " then 1 else 0 end"
                ),
                "read_without_columns": (
                    "case when is_read and len(read_columns) = 0 then 1 else 0 end"
                ),
            }
        ),
    ),
    *(
        ModelSuite(
            relation=relation,
            checks=(
                *key("file_path", "fault_number"),
                *codes("source_name", SOURCE_NAMES),
                *codes("fault_kind", FILE_FAULT_KINDS),
                *codes("severity", ("error", "warning")),
                *required("message", "is_skipped"),
                Matches("file_path", FILE_PATH_REGEX),
                Between("fault_number", min_value=1),
                # An error always means the file was skipped.
                Between("error_not_skipped", 0, 0),
            ),
            computed=MappingProxyType(
                {
                    "error_not_skipped": (
                        "case when severity = 'error' and not is_skipped then 1 else 0 end"
                    ),
                }
            ),
        )
        for relation in ("staging.stg_raw_exports__file_faults", "quality.raw_file_faults")
    ),
    ModelSuite(
        relation="quality.quality_report",
        checks=(
            MinRows(len(SOURCE_NAMES)),
            *key("source_name"),
            *codes("source_name", SOURCE_NAMES),
            *codes("freshness_status", ("fresh", "warn", "stale")),
            *non_negative(*QUALITY_REPORT_COUNTS),
            Between("unexplained_rows", 0, 0),
        ),
        computed=MappingProxyType(
            {
                "unexplained_rows": (
                    "raw_rows - staged_rows - quarantined_rows - duplicates_removed"
                ),
            }
        ),
    ),
)

if len({suite.name for suite in _SUITES}) != len(_SUITES):  # pragma: no cover - copy-paste slip
    raise RuntimeError("two suites share a model name")


def _merged(
    suite: ModelSuite, checks: Iterable[Check], column_types: Mapping[str, str]
) -> ModelSuite:
    """suite with the checks it lacks and the column types added."""
    return ModelSuite(
        relation=suite.relation,
        checks=tuple(dict.fromkeys((*suite.checks, *checks))),
        computed=suite.computed,
        column_types=MappingProxyType({**suite.column_types, **column_types}),
    )


def derived_suites(
    suites: Iterable[ModelSuite], registry: Mapping[str, Mapping[str, object]]
) -> tuple[ModelSuite, ...]:
    """suites completed from the source registry (see the module's docstring): a suite for
    every staged model and contract model that has none, the contract's checks on every
    contract model, and no minimum of rows for a switched-off source's models."""
    by_name = {suite.name: suite for suite in suites}
    switched_off: set[str] = set()
    for source, entry in registry.items():
        for file in entry.get("files") or []:  # type: ignore[union-attr]
            staged = str(file["staged"])
            if not entry.get("enabled", True):
                switched_off.add(staged)
            if staged in by_name:
                continue
            if file.get("duckdb_only"):
                by_name[staged] = api_staging_model(staged, source=source, key_columns=file["key"])
            else:
                by_name[staged] = ModelSuite(
                    relation=f"staging.{staged}",
                    checks=(*key(*file["key"]), *lineage(source, str(file["file"]))),
                )
        if not entry.get("enabled", True):
            switched_off.update(model for model, _, _ in registered_models({source: entry}))
    columns = contract_columns()
    for model, contract_name, _ in registered_models(registry):
        contract = CONTRACTS[contract_name]
        checks = (*key(*contract.key), *required(*contract.required))
        types = MappingProxyType(dict(columns[contract_name]))
        suite = by_name.get(model) or ModelSuite(relation=f"staging.{model}", checks=())
        by_name[model] = _merged(suite, checks, types)
    for model in switched_off & by_name.keys():
        suite = by_name[model]
        by_name[model] = ModelSuite(
            relation=suite.relation,
            checks=tuple(check for check in suite.checks if not isinstance(check, MinRows)),
            computed=suite.computed,
            column_types=suite.column_types,
        )
    return tuple(by_name.values())


REGISTRY: Mapping[str, ModelSuite] = MappingProxyType(
    {suite.name: suite for suite in derived_suites(_SUITES, source_registry())}
)


def select_suites(models: Iterable[str] | None = None) -> list[ModelSuite]:
    """The suites for the given model names (all when None), in registry order."""
    if models is None:
        return list(REGISTRY.values())
    wanted = list(dict.fromkeys(models))
    unknown = [name for name in wanted if name not in REGISTRY]
    if unknown:
        raise KeyError(f"no quality suite for {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    return [REGISTRY[name] for name in wanted]
