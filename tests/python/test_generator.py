"""The demo generator against raw-exports.md and raw-validation-contract.md.

Everything is read back with Python's csv module; the expected headers, delimiters and
timestamp notations are written out here from the spec, not taken from the generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from klantcontact.generator import Params, generate

# Three weeks over the switch to summer time (30 March) and a monthly dump (1 April).
SMALL = Params(inhabitants=5000, start="2025-03-24", days=21, seed=11, fault_rate=0.05)
# Faults on a quarter of the rows and files, so that every kind of fault turns up.
DIRTY = Params(inhabitants=30000, start="2025-04-24", days=21, seed=5, fault_rate=0.25)
# The same without faults: references between files must all resolve.
CLEAN = DIRTY._replace(fault_rate=0.0)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
SIGNALEN = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}| \d{2}:\d{2}:\d{2}\.\d{6})[+-]\d{2}:\d{2}"
)
LOCAL_ISO = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
LOCAL_DMY = re.compile(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}")
LOCAL_DMY_MINUTES = re.compile(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
US_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
TIME = re.compile(r"\d{2}:\d{2}:\d{2}")
PARSE = {
    UTC: lambda v: dt.datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ"),
    OFFSET: dt.datetime.fromisoformat,
    SIGNALEN: dt.datetime.fromisoformat,
    LOCAL_ISO: lambda v: dt.datetime.strptime(v, "%Y-%m-%d %H:%M:%S"),
    LOCAL_DMY: lambda v: dt.datetime.strptime(v, "%d-%m-%Y %H:%M:%S"),
    LOCAL_DMY_MINUTES: lambda v: dt.datetime.strptime(v, "%d-%m-%Y %H:%M"),
    DATE: lambda v: dt.datetime.strptime(v, "%Y-%m-%d"),
    US_DATE: lambda v: dt.datetime.strptime(v, "%m/%d/%Y"),
    TIME: lambda v: dt.datetime.strptime(v, "%H:%M:%S"),
}

# file: (delimiter, header, {timestamp column: notation}, key columns)
SPEC: dict[str, tuple[str, list[str], dict[str, re.Pattern[str]], tuple[str, ...]]] = {
    "telephony/dialogues.csv": (
        ",",
        "id correlationId direction startTimestamp ivrDurationInSec ivrResult queueId "
        "queueEnterTimestamp acceptTimestamp endTimestamp acwDurationInSec agentId customerId "
        "outcome transferTargetQueueId".split(),
        dict.fromkeys(
            ["startTimestamp", "queueEnterTimestamp", "acceptTimestamp", "endTimestamp"], UTC
        ),
        ("id",),
    ),
    "cxone/call_detail.csv": (
        ",",
        "Contact_ID Master_Contact_ID Media_Name Contact_Name ANI_Dialnum Skill_No Skill_Name "
        "Campaign_No Campaign_Name Agent_No Agent_Name Team_No Team_Name SLA Start_Date "
        "Start_Time PreQueue InQueue Agent_Time PostQueue ACW_Time Total_Time Abandon "
        "Abandon_Time Hold_Time".split(),
        {"Start_Date": US_DATE, "Start_Time": TIME},
        ("Contact_ID",),
    ),
    "chat/sessions.csv": (
        ",",
        "conversation_id channel started_at first_response_at ended_at agent team transferred_to "
        "customer_phone customer_email topic status".split(),
        dict.fromkeys(["started_at", "first_response_at", "ended_at"], OFFSET),
        ("conversation_id",),
    ),
    "balie/visits.csv": (
        ";",
        "visit_id branch service appointment_time arrival_time call_time end_time counter "
        "staff_id status customer_bsn customer_postcode".split(),
        dict.fromkeys(["appointment_time", "arrival_time", "call_time", "end_time"], LOCAL_DMY),
        ("visit_id",),
    ),
    "email/messages.csv": (
        ",",
        "message_id conversation_id direction mailbox sender recipient subject sent_at "
        "is_auto_reply category handled_by forwarded_to".split(),
        {"sent_at": LOCAL_ISO},
        ("message_id",),
    ),
    "web/pages.csv": (
        ",",
        "date label nb_hits nb_visits entry_nb_visits exit_nb_visits avg_time_on_page "
        "feedback_useful_yes feedback_useful_no".split(),
        {"date": DATE},
        ("date", "label"),
    ),
    "web/site_search.csv": (
        ",",
        "date label nb_visits nb_pages_per_search exit_nb_visits nb_results".split(),
        {"date": DATE},
        ("date", "label"),
    ),
    "web/form_submissions.csv": (
        ",",
        "submission_id form_slug form_name started_at completed_at auth_method bsn email phone "
        "case_identification".split(),
        dict.fromkeys(["started_at", "completed_at"], OFFSET),
        ("submission_id",),
    ),
    "mor/signals.csv": (
        ",",
        "id signal_uuid source text incident_date_start created_at updated_at parent type "
        "priority".split(),
        dict.fromkeys(["incident_date_start", "created_at", "updated_at"], SIGNALEN),
        ("id",),
    ),
    "mor/statuses.csv": (
        ",",
        "id _signal_id state state_display text user created_at".split(),
        {"created_at": SIGNALEN},
        ("id",),
    ),
    "mor/categories.csv": (
        ",",
        "id _signal_id main sub departments created_at deadline deadline_factor_3".split(),
        dict.fromkeys(["created_at", "deadline", "deadline_factor_3"], SIGNALEN),
        ("id",),
    ),
    "mor/locations.csv": (
        ",",
        "id _signal_id buurt_code area_name address_postalcode lat lng created_at".split(),
        {"created_at": SIGNALEN},
        ("id",),
    ),
    "mor/reporters.csv": (
        ",",
        "id _signal_id email phone is_anonymized created_at".split(),
        {"created_at": SIGNALEN},
        ("id",),
    ),
    "mor/kto_feedback.csv": (
        ",",
        "_signal_id is_satisfied allows_contact text created_at submitted_at".split(),
        dict.fromkeys(["created_at", "submitted_at"], SIGNALEN),
        ("_signal_id",),
    ),
    "mor/sla.csv": (
        ",",
        "id main sub n_days use_calendar_days created_at".split(),
        {"created_at": SIGNALEN},
        ("id",),
    ),
    "zaken/zaken.csv": (
        ",",
        "identificatie bronorganisatie zaaktype_code omschrijving registratiedatum startdatum "
        "einddatum_gepland uiterlijke_einddatum_afdoening einddatum status_omschrijving "
        "resultaat_omschrijving communicatiekanaal opschorting_indicatie opschorting_reden "
        "verlenging_duur initiator_bsn klantcontact_id afdeling".split(),
        dict.fromkeys(
            [
                "registratiedatum",
                "startdatum",
                "einddatum_gepland",
                "uiterlijke_einddatum_afdoening",
                "einddatum",
            ],
            DATE,
        ),
        ("identificatie",),
    ),
    "zaken/zaaktypen.csv": (
        ",",
        "code omschrijving doorlooptijd servicenorm afdeling".split(),
        {},
        ("code",),
    ),
    "kcs/contactmomenten.csv": (
        ",",
        "id kanaal kanaal_referentie startdatum einddatum vraag specifieke_vraag gespreksresultaat "
        "verantwoordelijke_afdeling medewerker bron aantal_vragen klacht klant_bsn klant_telefoon "
        "klant_email zaak_identificatie".split(),
        dict.fromkeys(["startdatum", "einddatum"], OFFSET),
        ("id",),
    ),
    "kcs/internetaken.csv": (
        ",",
        "id klantcontact_id gevraagde_handeling toegewezen_aan_afdeling toegewezen_op "
        "afgehandeld_op status".split(),
        dict.fromkeys(["toegewezen_op", "afgehandeld_op"], OFFSET),
        ("id",),
    ),
    "kto/responses.csv": (
        ";",
        "response_id kanaal kanaal_referentie ingevuld_op tevredenheid rapportcijfer gemak "
        "vertrouwen persoonlijke_benadering opmerking".split(),
        {"ingevuld_op": LOCAL_DMY_MINUTES},
        ("response_id",),
    ),
}

# The contract's checks per file: required ids, required timestamps, code lists, end/start.
REQUIRED_IDS = {
    "telephony/dialogues.csv": ("id", "correlationId"),
    "cxone/call_detail.csv": ("Contact_ID", "Master_Contact_ID"),
    "chat/sessions.csv": ("conversation_id",),
    "balie/visits.csv": ("visit_id",),
    "email/messages.csv": ("message_id", "conversation_id"),
    "web/pages.csv": ("label",),
    "web/site_search.csv": ("label",),
    "web/form_submissions.csv": ("submission_id",),
    "mor/signals.csv": ("id",),
    "mor/statuses.csv": ("id", "_signal_id"),
    "mor/categories.csv": ("id", "_signal_id"),
    "mor/locations.csv": ("id", "_signal_id"),
    "mor/reporters.csv": ("id", "_signal_id"),
    "mor/kto_feedback.csv": ("_signal_id",),
    "mor/sla.csv": ("id",),
    "zaken/zaken.csv": ("identificatie",),
    "zaken/zaaktypen.csv": ("code",),
    "kcs/contactmomenten.csv": ("id",),
    "kcs/internetaken.csv": ("id",),
    "kto/responses.csv": ("response_id",),
}
REQUIRED_TS = {
    "telephony/dialogues.csv": ("startTimestamp", "endTimestamp"),
    "cxone/call_detail.csv": ("Start_Date", "Start_Time"),
    "chat/sessions.csv": ("started_at", "ended_at"),
    "email/messages.csv": ("sent_at",),
    "web/pages.csv": ("date",),
    "web/site_search.csv": ("date",),
    "web/form_submissions.csv": ("started_at",),
    "mor/signals.csv": ("created_at",),
    "mor/statuses.csv": ("created_at",),
    "mor/categories.csv": ("created_at",),
    "mor/kto_feedback.csv": ("submitted_at",),
    "zaken/zaken.csv": ("registratiedatum", "startdatum"),
    "kcs/contactmomenten.csv": ("startdatum",),
    "kcs/internetaken.csv": ("toegewezen_op",),
    "kto/responses.csv": ("ingevuld_op",),
}
SIGNAL_STATES = (
    "m i b h ingepland o a reopened s".split()
    + ["reaction requested", "reaction received", "forward to external"]
    + ["reopen requested", "closure requested"]
)
CODES = {
    "telephony/dialogues.csv": {
        "direction": {"Inbound", "Outbound"},
        "outcome": {
            "Accepted",
            "Abandoned",
            "Busy",
            "ClosedHours",
            "Overflow",
            "Voicemail",
            "TransferredOut",
        },
        "ivrResult": {"completed", "abandoned", "blocked", ""},
    },
    "cxone/call_detail.csv": {"SLA": {"0", "1", "-1"}, "Abandon": {"Y", "N"}},
    "chat/sessions.csv": {"channel": {"Webchat", "WhatsApp"}, "status": {"closed", "missed"}},
    "balie/visits.csv": {
        "status": {
            "Geholpen",
            "Niet verschenen",
            "Geannuleerd",
            "Vertrokken zonder hulp",
            "Doorverwezen",
        }
    },
    "email/messages.csv": {
        "direction": {"Inkomend", "Uitgaand"},
        "is_auto_reply": {"true", "false"},
    },
    "web/form_submissions.csv": {"auth_method": {"digid", "eherkenning", "none"}},
    "mor/signals.csv": {
        "source": {"online", "app", "Telefoon", "E-mail", "Balie", "Interne melding"},
        "type": {"SIG", "REQ", "QUE", "COM"},
    },
    "mor/statuses.csv": {"state": set(SIGNAL_STATES)},
    "mor/kto_feedback.csv": {"is_satisfied": {"True", "False"}},
    "kcs/contactmomenten.csv": {
        "gespreksresultaat": {
            "Zelfstandig afgehandeld",
            "Doorverbonden binnen KCC",
            "Doorverbonden naar afdeling",
            "Terugbelverzoek",
            "Zaak aangemaakt",
            "Doorverwezen naar andere organisatie",
        },
        "klacht": {"ja", "nee"},
    },
    "kcs/internetaken.csv": {"status": {"te_verwerken", "verwerkt", "retour"}},
}
END_BEFORE_START = {
    "telephony/dialogues.csv": ("endTimestamp", "startTimestamp"),
    "balie/visits.csv": ("end_time", "call_time"),
    "chat/sessions.csv": ("ended_at", "started_at"),
    "web/form_submissions.csv": ("completed_at", "started_at"),
    "zaken/zaken.csv": ("einddatum", "startdatum"),
    "kcs/contactmomenten.csv": ("einddatum", "startdatum"),
    "kcs/internetaken.csv": ("afgehandeld_op", "toegewezen_op"),
}
RANGES = {
    "kto/responses.csv": {
        "tevredenheid": (1, 5),
        "rapportcijfer": (1, 10),
        "gemak": (1, 5),
        "vertrouwen": (1, 5),
        "persoonlijke_benadering": (1, 5),
    }
}
BSN_COLUMNS = {
    "balie/visits.csv": "customer_bsn",
    "web/form_submissions.csv": "bsn",
    "kcs/contactmomenten.csv": "klant_bsn",
    "zaken/zaken.csv": "initiator_bsn",
}


def eleven_test(bsn: str) -> bool:
    digits = bsn.zfill(9)
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def spec_of(path: Path, raw: Path) -> str:
    return f"{path.relative_to(raw).parts[0]}/{path.name}"


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decoded(path: Path) -> str:
    """UTF-8 (with BOM for e-mail), or Windows-1252 for a KTO file the manifest lists."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig" if path.parts[-3] == "email" else "utf-8")
    except UnicodeDecodeError:
        assert path.parts[-3] == "kto", path
        return data.decode("cp1252")


def read_records(path: Path, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (physical start line, fields) per record; the header is line 1."""
    reader = csv.reader(io.StringIO(decoded(path), newline=""), delimiter=delimiter)
    header = next(reader)
    records = []
    start = reader.line_num + 1
    for fields in reader:
        records.append((start, fields))
        start = reader.line_num + 1
    return header, records


def parses(value: str, pattern: re.Pattern[str]) -> bool:
    if not pattern.fullmatch(value):
        return False
    try:
        PARSE[pattern](value)
    except ValueError:
        return False
    return True


def csv_files(raw: Path) -> list[Path]:
    return sorted(
        p for p in raw.rglob("*.csv") if p.parent.name != "_generator" and p.stat().st_size
    )


def manifest(raw: Path) -> list[dict[str, str]]:
    with (raw / "_generator" / "faults.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "raw"
    generate(SMALL, out, formats="contract")
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "raw"
    generate(CLEAN, out, formats="contract")
    return out


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dirty") / "raw"
    generate(DIRTY, out, formats="contract")
    return out


def faulty_lines(raw: Path) -> set[tuple[str, int]]:
    return {(f["file"], int(f["line_number"])) for f in manifest(raw) if f["line_number"]}


def test_same_seed_same_bytes_other_seed_other_data(raw: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(SMALL, again, formats="contract")
    first = {p.relative_to(raw): p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    other = tmp_path / "other"
    generate(SMALL._replace(seed=SMALL.seed + 1), other, formats="contract")
    changed = [
        name
        for name in first
        if (other / name).exists() and (other / name).read_bytes() != first[name]
    ]
    assert len(changed) > len(first) // 2


def test_layout_header_delimiter_encoding_line_endings(raw: Path) -> None:
    sources = {"telephony", "cxone", "balie", "email", "web", "chat", "mor", "zaken", "kcs", "kto"}
    assert {p.name for p in raw.iterdir()} == sources | {"_generator"}
    files = csv_files(raw)
    legacy = {e["file"] for e in manifest(raw) if e["fault"] == "windows_1252"}
    assert {spec_of(p, raw) for p in files} == set(SPEC)
    for path in files:
        delimiter, columns, _, _ = SPEC[spec_of(path, raw)]
        data = path.read_bytes()
        is_email = path.parts[-3] == "email"
        assert data.startswith(b"\xef\xbb\xbf") == is_email, path
        if path.relative_to(raw).as_posix() not in legacy:
            data.decode("utf-8")
        assert DATE.fullmatch(path.parent.name), path
        header, _ = read_records(path, delimiter)
        assert header == columns, path
        if is_email:
            # RFC 4180: CRLF ends every record; bare line breaks only inside quoted fields.
            outside_quotes = re.sub(rb'"(?:[^"]|"")*"', b"", data)
            assert b"\n" not in outside_quotes.replace(b"\r\n", b""), path
        else:
            assert b"\r" not in data, path


def test_snapshot_dates(raw: Path) -> None:
    expected = ["2025-04-01", "2025-04-13"]
    for source in ("mor", "zaken"):
        assert sorted(p.name for p in (raw / source).iterdir()) == expected
    delta = sorted(p.name for p in (raw / "kcs").iterdir())
    assert delta[0] == SMALL.start and len(delta) == SMALL.days
    summary = json.loads((raw / "_generator" / "summary.json").read_text(encoding="utf-8"))
    assert summary["seed"] == SMALL.seed
    assert summary["folders"] == {"mor": 2, "zaken": 2} | {
        s: SMALL.days for s in ("telephony", "cxone", "balie", "email", "web", "chat", "kcs", "kto")
    }
    with (raw / "zaken" / "2025-04-13" / "zaaktypen.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    assert ["PARKVERG", "Parkeervergunning", "P8W", "P2W", "Vergunningen"] in rows
    assert len(rows) == 9


@pytest.mark.parametrize("run", ["raw", "dirty"])
def test_timestamps_match_the_spec(run: str, request: pytest.FixtureRequest) -> None:
    raw: Path = request.getfixturevalue(run)
    faulty = faulty_lines(raw)
    checked = 0
    for path in csv_files(raw):
        name = spec_of(path, raw)
        delimiter, columns, timestamps, _ = SPEC[name]
        rel = path.relative_to(raw).as_posix()
        _, records = read_records(path, delimiter)
        for line, fields in records:
            if (rel, line) in faulty:
                continue
            row = dict(zip(columns, fields, strict=True))
            for column, pattern in timestamps.items():
                value = row[column]
                if not value:
                    continue
                assert parses(value, pattern), (rel, line, column, value)
                checked += 1
                if pattern in (OFFSET, SIGNALEN):
                    moment = dt.datetime.fromisoformat(value)
                    assert moment.utcoffset() == moment.astimezone(AMSTERDAM).utcoffset(), value
    assert checked > 3_000


@pytest.mark.parametrize("run", ["raw", "dirty"])
def test_rows_not_in_the_manifest_pass_every_check(
    run: str, request: pytest.FixtureRequest
) -> None:
    raw: Path = request.getfixturevalue(run)
    faulty = faulty_lines(raw)
    for path in csv_files(raw):
        name = spec_of(path, raw)
        delimiter, columns, timestamps, _ = SPEC[name]
        rel = path.relative_to(raw).as_posix()
        _, records = read_records(path, delimiter)
        for line, fields in records:
            if (rel, line) in faulty:
                continue
            assert len(fields) == len(columns), (rel, line)
            row = dict(zip(columns, fields, strict=True))
            assert all(row[c] for c in REQUIRED_IDS[name]), (rel, line)
            assert all(row[c] for c in REQUIRED_TS.get(name, ())), (rel, line)
            for column, codes in CODES.get(name, {}).items():
                assert row[column] in codes, (rel, line, column)
            for column, (lo, hi) in RANGES.get(name, {}).items():
                assert not row[column] or lo <= int(row[column]) <= hi, (rel, line, column)
            if name in END_BEFORE_START:
                end, start = END_BEFORE_START[name]
                if row[end] and row[start]:
                    pattern = timestamps[end]
                    assert PARSE[pattern](row[end]) >= PARSE[pattern](row[start]), (rel, line)
            if name in BSN_COLUMNS and row[BSN_COLUMNS[name]]:
                assert eleven_test(row[BSN_COLUMNS[name]]), (rel, line)


def test_every_kind_of_fault_is_injected(dirty: Path) -> None:
    assert {e["fault"] for e in manifest(dirty)} == {
        "truncated_row",
        "missing_id",
        "invalid_timestamp",
        "out_of_range",
        "unknown_code",
        "end_before_start",
        "duplicate_row",
        "invalid_bsn",
        "empty_file",
        "missing_file",
        "windows_1252",
    }


@pytest.mark.parametrize("run", ["raw", "dirty"])
def test_manifest_points_at_the_faulty_records(run: str, request: pytest.FixtureRequest) -> None:
    raw: Path = request.getfixturevalue(run)
    entries = manifest(raw)
    cache: dict[str, tuple[list[str], dict[int, list[str]], list[int]]] = {}
    for entry in entries:
        path = raw / entry["file"]
        if entry["fault"] == "missing_file":
            assert not path.exists() and entry["expected"] == "none"
            continue
        if entry["fault"] == "empty_file":
            assert path.stat().st_size == 0 and entry["expected"] == "skip_file"
            continue
        if entry["fault"] == "windows_1252":
            data = path.read_bytes()
            assert entry["expected"] == "read" and path.parts[-3] == "kto", entry
            # Not UTF-8 as soon as a remark holds é, – or ‘’; all-ASCII files look alike.
            assert data.isascii() or not is_utf8(data), entry
            continue
        name = spec_of(path, raw)
        delimiter, columns, timestamps, key = SPEC[name]
        if entry["file"] not in cache:
            header, records = read_records(path, delimiter)
            cache[entry["file"]] = (header, dict(records), [line for line, _ in records])
        _, by_line, lines = cache[entry["file"]]
        line = int(entry["line_number"])
        fields = by_line[line]
        row = dict(zip(columns, fields, strict=False))
        column = entry["column_name"]
        fault = entry["fault"]
        if not (fault == "missing_id" and column in key):
            assert entry["record_id"] == "|".join(row[c] for c in key), entry
        if fault == "truncated_row":
            assert len(fields) < len(columns) and line == lines[-1], entry
            assert not path.read_bytes().endswith(b"\n")
        elif fault == "duplicate_row":
            assert by_line[lines[lines.index(line) - 1]] == fields, entry
            assert entry["expected"] == "deduplicate"
        elif fault == "invalid_bsn":
            assert not eleven_test(row[column]) and entry["expected"] == "pseudonym_null"
        else:
            assert entry["expected"] == "quarantine", entry
            if fault == "missing_id":
                assert row[column] == "" and column in REQUIRED_IDS[name], entry
            elif fault == "invalid_timestamp":
                assert column in timestamps and not parses(row[column], timestamps[column]), entry
            elif fault == "unknown_code":
                assert row[column] not in CODES[name][column], entry
            elif fault == "out_of_range":
                lo, hi = RANGES[name][column]
                assert not lo <= int(row[column]) <= hi, entry
            else:
                assert fault == "end_before_start", entry
                end, start = END_BEFORE_START[name]
                pattern = timestamps[end]
                assert PARSE[pattern](row[end]) < PARSE[pattern](row[start]), entry


def test_zero_fault_rate_writes_clean_exports(clean: Path) -> None:
    assert manifest(clean) == []


def clean_records(raw: Path, name: str) -> list[dict[str, str]]:
    """Every record of a file, all export folders, without the lines the manifest lists."""
    faulty = faulty_lines(raw)
    delimiter, columns, _, _ = SPEC[name]
    source, file_name = name.split("/")
    found = []
    for path in sorted(raw.glob(f"{source}/*/{file_name}")):
        if not path.stat().st_size:
            continue
        rel = path.relative_to(raw).as_posix()
        for line, fields in read_records(path, delimiter)[1]:
            if (rel, line) not in faulty:
                found.append(dict(zip(columns, fields, strict=True)))
    return found


@pytest.mark.parametrize("name", ["cxone/call_detail.csv", "chat/sessions.csv"])
def test_new_exports_have_their_header_in_every_folder(raw: Path, name: str) -> None:
    _, columns, _, _ = SPEC[name]
    source, file_name = name.split("/")
    folders = sorted((raw / source).iterdir())
    assert len(folders) == SMALL.days
    header = (",".join(columns) + "\n").encode()
    missing = {e["file"] for e in manifest(raw) if e["fault"] in ("missing_file", "empty_file")}
    for folder in folders:
        path = folder / file_name
        if path.relative_to(raw).as_posix() in missing:
            continue
        assert path.read_bytes().startswith(header), path


@pytest.mark.parametrize("run", ["raw", "dirty", "clean"])
def test_cxone_rows_add_up(run: str, request: pytest.FixtureRequest) -> None:
    raw: Path = request.getfixturevalue(run)
    rows = clean_records(raw, "cxone/call_detail.csv")
    assert rows
    seconds = ("PreQueue", "InQueue", "Agent_Time", "PostQueue", "Total_Time", "Abandon_Time")
    for row in rows:
        n = {column: int(row[column]) for column in seconds}
        assert n["Total_Time"] == sum(n[c] for c in seconds[:4]), row
        assert row["Media_Name"] == "Call", row
        has_agent = row["Agent_No"] != ""
        assert has_agent == (row["Agent_Name"] != "") == (row["Team_Name"] != ""), row
        assert has_agent == (row["Team_No"] != ""), row
        assert has_agent == (row["ACW_Time"] != "") == (row["Abandon"] == "N"), row
        if row["Abandon"] == "Y":
            assert n["Abandon_Time"] == n["Total_Time"] > 0 and n["Agent_Time"] == 0, row
        else:
            assert n["Abandon_Time"] == 0 and n["Agent_Time"] > 0, row
            assert 0 <= int(row["Hold_Time"]) <= n["Agent_Time"], row
        sla = "-1" if row["SLA"] == "-1" else "0" if n["InQueue"] <= 30 else "1"
        assert row["SLA"] == sla, row
        if row["SLA"] == "-1":
            assert row["Abandon"] == "Y" and n["InQueue"] == 0, row
        if row["Contact_ID"] == row["Master_Contact_ID"]:
            assert n["PreQueue"] > 0, row
        else:  # a transfer: its own contact, in another skill, without menu
            assert n["PreQueue"] == 0 and int(row["Contact_ID"]) > int(row["Master_Contact_ID"])
        campaign = "KCC" if row["Skill_Name"].startswith("KCC ") else "Sociaal Domein"
        assert row["Campaign_Name"] == campaign, row


def test_cxone_takes_the_sociaal_domein_line(clean: Path) -> None:
    rows = clean_records(clean, "cxone/call_detail.csv")
    by_id = {row["Contact_ID"]: row for row in rows}
    masters = {row["Master_Contact_ID"] for row in rows}
    assert masters <= set(by_id)
    first_line = [row for row in by_id.values() if row["Contact_ID"] == row["Master_Contact_ID"]]
    children = [row for row in by_id.values() if row["Contact_ID"] != row["Master_Contact_ID"]]
    answered = [row for row in first_line if row["Abandon"] == "N"]
    assert 1 / 25 < len(children) / len(answered) < 1 / 8  # about 1 in 15
    legs = clean_records(clean, "telephony/dialogues.csv")
    calls = {leg["correlationId"] for leg in legs if leg["direction"] == "Inbound"}
    assert 0.06 < len(masters) / (len(masters) + len(calls)) < 0.16
    # A staff member has one CXone number, name and team.
    agents = {(row["Agent_No"], row["Agent_Name"], row["Team_Name"]) for row in rows}
    numbers = {agent[0] for agent in agents}
    assert len(numbers) == len(agents)
    # Skills, campaigns and teams each have one CXone number.
    for number, name in (
        ("Skill_No", "Skill_Name"),
        ("Campaign_No", "Campaign_Name"),
        ("Team_No", "Team_Name"),
    ):
        pairs = {(row[number], row[name]) for row in rows}
        assert len({pair[0] for pair in pairs}) == len({pair[1] for pair in pairs}) == len(pairs)


@pytest.mark.parametrize("run", ["raw", "dirty", "clean"])
def test_chat_missed_conversations_have_no_response(
    run: str, request: pytest.FixtureRequest
) -> None:
    raw: Path = request.getfixturevalue(run)
    rows = clean_records(raw, "chat/sessions.csv")
    assert {row["status"] for row in rows} == {"closed", "missed"}
    for row in rows:
        missed = row["status"] == "missed"
        assert missed == (row["first_response_at"] == "") == (row["agent"] == ""), row
        if missed:
            assert row["topic"] == "" and row["transferred_to"] == "", row
        else:
            started, first, ended = (
                dt.datetime.fromisoformat(row[c])
                for c in ("started_at", "first_response_at", "ended_at")
            )
            assert started < first < ended, row
        if row["channel"] == "WhatsApp":
            assert re.fullmatch(r"31\d{9}", row["customer_phone"]), row
            assert row["customer_email"] == "", row
        assert re.fullmatch(r"CHT-[0-9a-f]{8}", row["conversation_id"]), row


def test_kcs_references_point_at_channel_records(clean: Path) -> None:
    """Telefoon → an Anywhere365 call or a CXone master contact; Live chat and WhatsApp →
    an answered conversation of the same channel; a missed conversation is not registered."""
    calls = {leg["correlationId"] for leg in clean_records(clean, "telephony/dialogues.csv")}
    masters = {row["Master_Contact_ID"] for row in clean_records(clean, "cxone/call_detail.csv")}
    sessions = {row["conversation_id"]: row for row in clean_records(clean, "chat/sessions.csv")}
    channel = {"Live chat": "Webchat", "WhatsApp": "WhatsApp"}
    registered = set()
    by_kanaal = {"Anywhere365": 0, "CXone": 0, "Live chat": 0, "WhatsApp": 0}
    for row in clean_records(clean, "kcs/contactmomenten.csv"):
        reference = row["kanaal_referentie"]
        if row["kanaal"] == "Telefoon" and reference:
            assert reference in calls or reference in masters, row
            by_kanaal["CXone" if reference in masters else "Anywhere365"] += 1
        elif row["kanaal"] in channel and reference:
            session = sessions[reference]
            assert session["channel"] == channel[row["kanaal"]], row
            assert session["status"] == "closed", row
            registered.add(reference)
            by_kanaal[row["kanaal"]] += 1
        elif row["kanaal"] == "Brief":
            assert reference == "", row
    assert all(by_kanaal.values()), by_kanaal
    missed = {cid for cid, row in sessions.items() if row["status"] == "missed"}
    assert missed and not missed & registered
    assert 0.02 < len(missed) / len(sessions) < 0.15


# --- seasons and events (docs/demo-generator.md, "Seasons and events") -------------------
# A small town over the demo's second year, without faults: every month, the tax assessment,
# the outage month and the storm week are in it.
YEAR = Params(inhabitants=8000, start="2025-01-01", days=365, seed=3, fault_rate=0.0)
STORM_WEEK = ("2025-11-10", "2025-11-16")
STORM_BUURTEN = {"Park Oost", "Bomenbuurt", "Zuiderpark"}
OUTAGE_MONTH = "2025-09"


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("year") / "raw"
    generate(YEAR, out, formats="contract")
    return out


def all_records(raw: Path, name: str, key: str) -> list[dict[str, str]]:
    """Every record of a delta file over all folders, the last export of each key."""
    latest: dict[str, dict[str, str]] = {}
    for row in clean_records(raw, name):
        latest[row[key]] = row
    return list(latest.values())


def per_month(values: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for month in values:
        counts[month] = counts.get(month, 0) + 1
    return counts


def inbound_calls(raw: Path) -> list[dict[str, str]]:
    legs = all_records(raw, "telephony/dialogues.csv", "id")
    return [leg for leg in legs if leg["direction"] == "Inbound"]


def local_month(utc: str) -> str:
    moment = dt.datetime.strptime(utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m")


def test_default_period_is_two_years() -> None:
    default = Params()
    first = dt.date.fromisoformat(default.start)
    assert first == dt.date(2024, 1, 1)
    assert first + dt.timedelta(days=default.days - 1) == dt.date(2025, 12, 31)


def test_january_peak_and_summer_dip(year: Path) -> None:
    calls = per_month([local_month(leg["startTimestamp"]) for leg in inbound_calls(year)])
    assert len(calls) == 12
    mean = sum(calls.values()) / 12
    assert max(calls, key=calls.__getitem__) == "2025-01"
    assert calls["2025-01"] > 1.1 * mean
    assert calls["2025-07"] < 0.9 * mean and calls["2025-08"] < 0.9 * mean


def test_tax_assessment_raises_belastingen_contacts_in_february(year: Path) -> None:
    kcs = all_records(year, "kcs/contactmomenten.csv", "id")
    tax = per_month([r["startdatum"][:7] for r in kcs if r["vraag"] == "Belastingen"])
    mean = sum(tax.values()) / 12
    assert tax["2025-02"] > 1.4 * mean
    assert max(tax, key=tax.__getitem__) == "2025-02"
    mails = all_records(year, "email/messages.csv", "message_id")
    to_tax = per_month(
        [
            m["sent_at"][:7]
            for m in mails
            if m["direction"] == "Inkomend" and m["mailbox"] == "belastingen@voorbeeldstad.nl"
        ]
    )
    assert to_tax["2025-02"] > 1.3 * sum(to_tax.values()) / 12


def test_monday_morning_is_the_busiest(year: Path) -> None:
    mornings = [0] * 5
    for leg in inbound_calls(year):
        moment = dt.datetime.strptime(leg["startTimestamp"], "%Y-%m-%dT%H:%M:%SZ")
        local = moment.replace(tzinfo=dt.UTC).astimezone(AMSTERDAM)
        if local.weekday() < 5 and 8 <= local.hour < 12:
            mornings[local.weekday()] += 1
    assert mornings[0] == max(mornings)
    assert mornings[0] > 1.25 * sum(mornings[1:]) / 4


def service_level_per_month(raw: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Share answered within 30 s of those queued at the first line, and share of calls the
    menu blocked, per local month."""
    offered: dict[str, int] = {}
    within: dict[str, int] = {}
    calls: dict[str, int] = {}
    blocked: dict[str, int] = {}
    for leg in inbound_calls(raw):
        month = local_month(leg["startTimestamp"])
        calls[month] = calls.get(month, 0) + 1
        blocked[month] = blocked.get(month, 0) + (leg["ivrResult"] == "blocked")
        if not leg["queueEnterTimestamp"] or not leg["queueId"].startswith("KCC "):
            continue
        offered[month] = offered.get(month, 0) + 1
        if leg["acceptTimestamp"]:
            waited = dt.datetime.strptime(
                leg["acceptTimestamp"], "%Y-%m-%dT%H:%M:%SZ"
            ) - dt.datetime.strptime(leg["queueEnterTimestamp"], "%Y-%m-%dT%H:%M:%SZ")
            within[month] = within.get(month, 0) + (waited.total_seconds() <= 30)
    levels = {m: within.get(m, 0) / offered[m] for m in offered}
    return levels, {m: blocked[m] / calls[m] for m in calls}


def test_service_level_varies_and_drops_in_the_outage_month(year: Path) -> None:
    levels, blocked = service_level_per_month(year)
    others = [level for month, level in levels.items() if month != OUTAGE_MONTH]
    assert levels[OUTAGE_MONTH] < min(others)
    assert levels[OUTAGE_MONTH] < sum(others) / len(others) - 0.08
    assert max(others) - min(others) > 0.05  # not flat outside the outage either
    assert blocked[OUTAGE_MONTH] > 3 * max(b for m, b in blocked.items() if m != OUTAGE_MONTH)


def test_storm_week_meldingen_concentrate_in_its_buurten(year: Path) -> None:
    dump = sorted((year / "mor").iterdir())[-1]
    with (dump / "locations.csv").open(encoding="utf-8", newline="") as handle:
        buurt: dict[str, str] = {}
        for row in csv.DictReader(handle):
            buurt.setdefault(row["_signal_id"], row["area_name"])
    with (dump / "signals.csv").open(encoding="utf-8", newline="") as handle:
        created = {r["id"]: r["created_at"][:10] for r in csv.DictReader(handle) if not r["parent"]}
    storm = [buurt[s] for s, day in created.items() if STORM_WEEK[0] <= day <= STORM_WEEK[1]]
    rest = [buurt[s] for s, day in created.items() if not STORM_WEEK[0] <= day <= STORM_WEEK[1]]
    in_hotspots = sum(b in STORM_BUURTEN for b in storm) / len(storm)
    elsewhere = sum(b in STORM_BUURTEN for b in rest) / len(rest)
    assert in_hotspots > 0.5 and elsewhere < 0.2
    assert len(storm) > 2 * len(rest) / 51  # the week holds over two ordinary weeks
    # Outside the storm the buurten differ too: the busiest reports twice the quietest.
    counts = per_month(rest)
    assert len(counts) == 24
    assert max(counts.values()) > 2 * min(counts.values())


def test_channel_shift_from_phone_to_forms() -> None:
    """Two years of first contacts per stream: fewer calls, more forms and chats in 2025."""
    from klantcontact.generator.clock import Clock
    from klantcontact.generator.demand import CHAT, FORM, PHONE, Profile

    clock = Clock(dt.date(2024, 1, 1), 731)

    def yearly(profile: Profile, year: int) -> float:
        days = [d for d in range(clock.days) if clock.date(d).year == year]
        rng = random.Random(1)
        return sum(profile.count(d, rng) for d in days)

    phone, form, chat = (Profile(s, clock, 1.0) for s in (PHONE, FORM, CHAT))
    assert yearly(phone, 2025) < 0.95 * yearly(phone, 2024)
    assert yearly(form, 2025) > 1.15 * yearly(form, 2024)
    assert yearly(chat, 2025) > 1.15 * yearly(chat, 2024)
    # The phone's yearly volume of demand.py holds in 2025 (within the seasons' noise).
    assert abs(yearly(phone, 2025) / PHONE.annual - 1) < 0.06
