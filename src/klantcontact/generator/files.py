"""The raw files: layout from raw-exports.md, fault options from raw-validation-contract.md."""

from __future__ import annotations

from dataclasses import dataclass, field

# How a timestamp column is written; decides how an injected "end before start" is re-written.
UTC = "utc"
OFFSET = "offset"
SIGNALEN = "signalen"
LOCAL_ISO = "local_iso"
LOCAL_DMY = "local_dmy"
LOCAL_DMY_MINUTES = "local_dmy_minutes"
DATE = "date"
LOCAL_MDY = "local_mdy"  # ts-local split in two columns: MM/DD/YYYY and HH:MM:SS


@dataclass(frozen=True)
class FileSpec:
    source: str
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    delimiter: str = ","
    bom: bool = False
    crlf: bool = False
    multiline: bool = False  # quoted values may hold line breaks
    # Exported by a Windows tool that now and then writes Windows-1252 instead of UTF-8.
    legacy_encoding: bool = False
    ts_kind: str = ""
    # Fault options, each only on the columns the contract checks for this file.
    missing_id: tuple[str, ...] = ()
    required_ts: tuple[str, ...] = ()
    optional_ts: tuple[str, ...] = ()
    unknown_codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    end_before_start: tuple[str, str] | None = None  # (end column, start column)
    out_of_range: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bsn: str = ""

    @property
    def path_name(self) -> str:
        return f"{self.source}/{self.name}"

    def index(self, column: str) -> int:
        return self.columns.index(column)


DIALOGUES = FileSpec(
    "telephony",
    "dialogues.csv",
    (
        "id",
        "correlationId",
        "direction",
        "startTimestamp",
        "ivrDurationInSec",
        "ivrResult",
        "queueId",
        "queueEnterTimestamp",
        "acceptTimestamp",
        "endTimestamp",
        "acwDurationInSec",
        "agentId",
        "customerId",
        "outcome",
        "transferTargetQueueId",
    ),
    ("id",),
    ts_kind=UTC,
    missing_id=("id", "correlationId"),
    required_ts=("startTimestamp", "endTimestamp"),
    optional_ts=("queueEnterTimestamp", "acceptTimestamp"),
    unknown_codes={
        "direction": ("Sideways", "Internal"),
        "outcome": ("Onbekend", "Dropped"),
        "ivrResult": ("X", "timeout"),
    },
    end_before_start=("endTimestamp", "startTimestamp"),
)
CALL_DETAIL = FileSpec(
    "cxone",
    "call_detail.csv",
    (
        "Contact_ID",
        "Master_Contact_ID",
        "Media_Name",
        "Contact_Name",
        "ANI_Dialnum",
        "Skill_No",
        "Skill_Name",
        "Campaign_No",
        "Campaign_Name",
        "Agent_No",
        "Agent_Name",
        "Team_No",
        "Team_Name",
        "SLA",
        "Start_Date",
        "Start_Time",
        "PreQueue",
        "InQueue",
        "Agent_Time",
        "PostQueue",
        "ACW_Time",
        "Total_Time",
        "Abandon",
        "Abandon_Time",
        "Hold_Time",
    ),
    ("Contact_ID",),
    ts_kind=LOCAL_MDY,
    missing_id=("Contact_ID", "Master_Contact_ID"),
    required_ts=("Start_Date", "Start_Time"),
    unknown_codes={"SLA": ("2", "-2"), "Abandon": ("X", "J")},
)
VISITS = FileSpec(
    "balie",
    "visits.csv",
    (
        "visit_id",
        "branch",
        "service",
        "appointment_time",
        "arrival_time",
        "call_time",
        "end_time",
        "counter",
        "staff_id",
        "status",
        "customer_bsn",
        "customer_postcode",
    ),
    ("visit_id",),
    delimiter=";",
    ts_kind=LOCAL_DMY,
    missing_id=("visit_id",),
    optional_ts=("appointment_time", "arrival_time", "call_time", "end_time"),
    unknown_codes={"status": ("Onbekend", "Afgebroken")},
    end_before_start=("end_time", "call_time"),
    bsn="customer_bsn",
)
MESSAGES = FileSpec(
    "email",
    "messages.csv",
    (
        "message_id",
        "conversation_id",
        "direction",
        "mailbox",
        "sender",
        "recipient",
        "subject",
        "sent_at",
        "is_auto_reply",
        "category",
        "handled_by",
        "forwarded_to",
    ),
    ("message_id",),
    bom=True,
    crlf=True,
    multiline=True,
    ts_kind=LOCAL_ISO,
    missing_id=("message_id", "conversation_id"),
    required_ts=("sent_at",),
    unknown_codes={"direction": ("Sideways", "Intern"), "is_auto_reply": ("misschien", "X")},
)
PAGES = FileSpec(
    "web",
    "pages.csv",
    (
        "date",
        "label",
        "nb_hits",
        "nb_visits",
        "entry_nb_visits",
        "exit_nb_visits",
        "avg_time_on_page",
        "feedback_useful_yes",
        "feedback_useful_no",
    ),
    ("date", "label"),
    ts_kind=DATE,
    missing_id=("label",),
    required_ts=("date",),
)
SITE_SEARCH = FileSpec(
    "web",
    "site_search.csv",
    ("date", "label", "nb_visits", "nb_pages_per_search", "exit_nb_visits", "nb_results"),
    ("date", "label"),
    ts_kind=DATE,
    missing_id=("label",),
    required_ts=("date",),
)
FORM_SUBMISSIONS = FileSpec(
    "web",
    "form_submissions.csv",
    (
        "submission_id",
        "form_slug",
        "form_name",
        "started_at",
        "completed_at",
        "auth_method",
        "bsn",
        "email",
        "phone",
        "case_identification",
    ),
    ("submission_id",),
    ts_kind=OFFSET,
    missing_id=("submission_id",),
    required_ts=("started_at",),
    optional_ts=("completed_at",),
    unknown_codes={"auth_method": ("X", "saml")},
    end_before_start=("completed_at", "started_at"),
    bsn="bsn",
)
SESSIONS = FileSpec(
    "chat",
    "sessions.csv",
    (
        "conversation_id",
        "channel",
        "started_at",
        "first_response_at",
        "ended_at",
        "agent",
        "team",
        "transferred_to",
        "customer_phone",
        "customer_email",
        "topic",
        "status",
    ),
    ("conversation_id",),
    ts_kind=OFFSET,
    missing_id=("conversation_id",),
    required_ts=("started_at", "ended_at"),
    optional_ts=("first_response_at",),
    unknown_codes={"channel": ("SMS", "Facebook"), "status": ("open", "abandoned")},
    end_before_start=("ended_at", "started_at"),
)
SIGNALS = FileSpec(
    "mor",
    "signals.csv",
    (
        "id",
        "signal_uuid",
        "source",
        "text",
        "incident_date_start",
        "created_at",
        "updated_at",
        "parent",
        "type",
        "priority",
    ),
    ("id",),
    ts_kind=SIGNALEN,
    missing_id=("id",),
    required_ts=("created_at",),
    unknown_codes={"type": ("XYZ", "Onbekend")},  # source is free text in Signalen
)
STATUSES = FileSpec(
    "mor",
    "statuses.csv",
    ("id", "_signal_id", "state", "state_display", "text", "user", "created_at"),
    ("id",),
    ts_kind=SIGNALEN,
    missing_id=("id", "_signal_id"),
    required_ts=("created_at",),
    unknown_codes={"state": ("x", "Onbekend")},
)
CATEGORIES = FileSpec(
    "mor",
    "categories.csv",
    (
        "id",
        "_signal_id",
        "main",
        "sub",
        "departments",
        "created_at",
        "deadline",
        "deadline_factor_3",
    ),
    ("id",),
    ts_kind=SIGNALEN,
    missing_id=("id", "_signal_id"),
    required_ts=("created_at",),
)
LOCATIONS = FileSpec(
    "mor",
    "locations.csv",
    (
        "id",
        "_signal_id",
        "buurt_code",
        "area_name",
        "address_postalcode",
        "lat",
        "lng",
        "created_at",
    ),
    ("id",),
    ts_kind=OFFSET,
    missing_id=("id", "_signal_id"),
)
REPORTERS = FileSpec(
    "mor",
    "reporters.csv",
    ("id", "_signal_id", "email", "phone", "is_anonymized", "created_at"),
    ("id",),
    ts_kind=OFFSET,
    missing_id=("id", "_signal_id"),
)
KTO_FEEDBACK = FileSpec(
    "mor",
    "kto_feedback.csv",
    ("_signal_id", "is_satisfied", "allows_contact", "text", "created_at", "submitted_at"),
    ("_signal_id",),
    ts_kind=SIGNALEN,
    missing_id=("_signal_id",),
    required_ts=("submitted_at",),
    unknown_codes={"is_satisfied": ("Onbekend", "misschien")},
)
SLA = FileSpec(
    "mor",
    "sla.csv",
    ("id", "main", "sub", "n_days", "use_calendar_days", "created_at"),
    ("id",),
    ts_kind=OFFSET,
    missing_id=("id",),
)
ZAKEN = FileSpec(
    "zaken",
    "zaken.csv",
    (
        "identificatie",
        "bronorganisatie",
        "zaaktype_code",
        "omschrijving",
        "registratiedatum",
        "startdatum",
        "einddatum_gepland",
        "uiterlijke_einddatum_afdoening",
        "einddatum",
        "status_omschrijving",
        "resultaat_omschrijving",
        "communicatiekanaal",
        "opschorting_indicatie",
        "opschorting_reden",
        "verlenging_duur",
        "initiator_bsn",
        "klantcontact_id",
        "afdeling",
    ),
    ("identificatie",),
    ts_kind=DATE,
    missing_id=("identificatie",),
    required_ts=("registratiedatum", "startdatum"),
    optional_ts=("einddatum",),
    end_before_start=("einddatum", "startdatum"),
)
ZAAKTYPEN = FileSpec(
    "zaken",
    "zaaktypen.csv",
    ("code", "omschrijving", "doorlooptijd", "servicenorm", "afdeling"),
    ("code",),
    missing_id=("code",),
)
CONTACTMOMENTEN = FileSpec(
    "kcs",
    "contactmomenten.csv",
    (
        "id",
        "kanaal",
        "kanaal_referentie",
        "startdatum",
        "einddatum",
        "vraag",
        "specifieke_vraag",
        "gespreksresultaat",
        "verantwoordelijke_afdeling",
        "medewerker",
        "bron",
        "aantal_vragen",
        "klacht",
        "klant_bsn",
        "klant_telefoon",
        "klant_email",
        "zaak_identificatie",
    ),
    ("id",),
    ts_kind=OFFSET,
    missing_id=("id",),
    required_ts=("startdatum",),
    optional_ts=("einddatum",),
    unknown_codes={"gespreksresultaat": ("Onbekend", "Afgebroken"), "klacht": ("misschien", "X")},
    end_before_start=("einddatum", "startdatum"),
    bsn="klant_bsn",
)
INTERNETAKEN = FileSpec(
    "kcs",
    "internetaken.csv",
    (
        "id",
        "klantcontact_id",
        "gevraagde_handeling",
        "toegewezen_aan_afdeling",
        "toegewezen_op",
        "afgehandeld_op",
        "status",
    ),
    ("id",),
    ts_kind=OFFSET,
    missing_id=("id",),
    required_ts=("toegewezen_op",),
    optional_ts=("afgehandeld_op",),
    unknown_codes={"status": ("Onbekend", "open")},
    end_before_start=("afgehandeld_op", "toegewezen_op"),
)
RESPONSES = FileSpec(
    "kto",
    "responses.csv",
    (
        "response_id",
        "kanaal",
        "kanaal_referentie",
        "ingevuld_op",
        "tevredenheid",
        "rapportcijfer",
        "gemak",
        "vertrouwen",
        "persoonlijke_benadering",
        "opmerking",
    ),
    ("response_id",),
    delimiter=";",
    legacy_encoding=True,
    ts_kind=LOCAL_DMY_MINUTES,
    missing_id=("response_id",),
    required_ts=("ingevuld_op",),
    out_of_range={
        "tevredenheid": ("0", "6"),
        "rapportcijfer": ("0", "11"),
        "gemak": ("0", "6"),
        "vertrouwen": ("0", "6"),
        "persoonlijke_benadering": ("0", "6"),
    },
)

SOURCES = (
    "telephony",
    "cxone",
    "balie",
    "email",
    "web",
    "chat",
    "mor",
    "zaken",
    "kcs",
    "kto",
)
