"""Privacy scan: no personal data in any persisted relation of the built database.

Two independent scans over every table (any schema, the staging base tables of parsed and
pseudonymised rows included) and every view, except a staging `base_*` view, should a
fork define one over raw files:

- a lookup of every identifier the generator wrote (phone numbers, citizen and staff e-mail
  addresses, staff numbers, BSNs, postcodes), collected from the raw files with the csv
  module and compared in canonical form, so a re-formatted value is found as well;
- the pattern scan of the package (klantcontact.quality.privacy_scan, which every build
  runs outside staging): anything that looks like an e-mail address, a Dutch phone number,
  a valid BSN, or an address (postcode or street with a house number), so personal data
  the lookup cannot know of (free text, other exports) is found too.

Lookup findings name schema.table.column and show the matched value masked, never in full;
pattern findings name schema.table.column and a count of rows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltFixture
from raw_files import (
    BSN,
    EMAIL,
    PHONE,
    POSTCODE,
    RAW_FILES,
    STAFF_EMAIL,
    STAFF_NUMBER,
    records,
)

from klantcontact.dbtrun.command import is_build
from klantcontact.quality.privacy_scan import (
    PATTERN_PREFILTER,
    POSTCODE_ADDRESS,
    STREET_ADDRESS,
    distinct_values,
    is_valid_bsn,
    pattern_matches,
    persisted_relations,
    quote,
    render,
    scan_database,
    scan_patterns,
)
from klantcontact.quality.privacy_scan import run as run_privacy_scan

# Random hex (uuids, hashes, pseudonyms) is stripped before the lookup: its digit runs would
# otherwise now and then equal an identifier by chance.
_HEX_ID = re.compile(r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{16,}\b")
_EMAIL_TOKEN = re.compile(r"[^@\s,;<>()\"']+@[^@\s,;<>()\"']+\.[A-Za-z]{2,}")
_POSTCODE_TOKEN = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{3} ?[A-Za-z]{2}(?![A-Za-z])")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\+?\d+(?:[ -]\d+)*")
_PHONE_GROUPS = 4  # the most digit groups a written phone number has: "030 123 45 67"


@dataclass(frozen=True)
class Finding:
    relation: str
    column: str
    kind: str
    masked: str

    def __str__(self) -> str:
        return f"{self.relation}.{self.column}: {self.kind} {self.masked}"


def mask(value: str) -> str:
    """Enough of a value to recognise it while debugging, never the value itself."""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 3) + value[-1]


def canonical_phone(text: str) -> str | None:
    """A Dutch number in E.164 (+31 and 9 digits) from any notation, or None."""
    digits = re.sub(r"\D", "", text)
    if text.lstrip().startswith("+"):
        national = digits[2:] if digits.startswith("31") else ""
    elif digits.startswith("0031"):
        national = digits[4:]
    elif digits.startswith("0"):
        national = digits[1:]
    elif digits.startswith("31") and len(digits) == 11:
        national = digits[2:]
    else:
        # Without trunk prefix, as a number column would keep it.
        national = digits
    return "+31" + national if len(national) == 9 and national[0] != "0" else None


def identifier_form(kind: str, raw_value: str) -> str | None:
    """The canonical form of one raw identifier value, None if the field holds none."""
    value = raw_value.strip()
    if kind == PHONE:
        return canonical_phone(value)
    if kind in (EMAIL, STAFF_EMAIL):
        return value.lower() if "@" in value else None
    if kind == BSN:
        # Invalid BSNs are still someone's attempt at their BSN: they count too.
        return value.zfill(9) if value.isdigit() and len(value) in (8, 9) else None
    if kind == POSTCODE:
        compact = value.replace(" ", "").upper()
        return compact if re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", compact) else None
    # A staff number, in whatever case.
    return value.upper() or None


def identifiers_in_exports(raw_dir: Path) -> dict[str, set[str]]:
    """Every personal identifier in the raw files, by kind, in canonical form."""
    found: dict[str, set[str]] = defaultdict(set)
    for raw_file in RAW_FILES:
        columns = {kind: cols for kind, cols in raw_file.personal_columns().items() if cols}
        if not columns:
            continue
        for record in records(raw_dir, raw_file):
            for kind, kind_columns in columns.items():
                for column in kind_columns:
                    form = identifier_form(kind, record.get(column) or "")
                    if form:
                        found[kind].add(form)
    return found


def organisation_numbers_in_exports(raw_dir: Path) -> frozenset[str]:
    """The organisation numbers (RSIN) in the raw files, zero-padded to 9 digits."""
    numbers = (
        (record.get(column) or "").strip()
        for raw_file in RAW_FILES
        if raw_file.organisation_numbers
        for record in records(raw_dir, raw_file)
        for column in raw_file.organisation_numbers
    )
    return frozenset(number.zfill(9) for number in numbers if number)


def _number_forms(run: str) -> set[str]:
    """Phone and BSN forms of a run of digit groups ("06 1234 5678", "2025-04-14 10"),
    from every stretch of up to four adjacent groups, so a number is found inside the run."""
    groups = re.split(r"[ -]", run)
    forms: set[str] = set()
    for start in range(len(groups)):
        for end in range(start + 1, min(len(groups), start + _PHONE_GROUPS) + 1):
            joined = "".join(groups[start:end])
            phone = canonical_phone(joined)
            if phone:
                forms.add(phone)
            digits = joined.lstrip("+")
            if len(digits) in (8, 9):
                forms.add(digits.zfill(9))
    return forms


def candidate_forms(value: str) -> set[str]:
    """Every canonical identifier form the text could hold, of any kind."""
    text = _HEX_ID.sub(" ", value)
    forms = {token.lower() for token in _EMAIL_TOKEN.findall(text)}
    forms |= {token.replace(" ", "").upper() for token in _POSTCODE_TOKEN.findall(text)}
    forms |= {word.upper() for word in _WORD.findall(text)}
    for run in _NUMBER.findall(text):
        forms |= _number_forms(run)
    return forms


def scan_identifiers(
    connection: duckdb.DuckDBPyConnection, identifiers: Mapping[str, set[str]]
) -> list[Finding]:
    """One finding per relation, column and kind of known identifier found in it; every
    column is read as text, so a BSN or phone number kept as a number is found too."""
    findings: dict[tuple[str, str, str], Finding] = {}
    for relation in persisted_relations(connection):
        columns = [column for column, _ in relation.columns]
        # Every kind of identifier holds a digit or an @.
        for column, value, _ in distinct_values(connection, relation, columns, "[0-9@]"):
            forms = candidate_forms(value)
            for kind, known in identifiers.items():
                for form in forms & known:
                    key = (str(relation), column, kind)
                    findings.setdefault(key, Finding(*key, mask(form)))
    return sorted(findings.values(), key=str)


def _report(findings: Sequence[object]) -> str:
    shown = "\n  ".join(str(finding) for finding in findings[:40])
    more = f"\n  … and {len(findings) - 40} more" if len(findings) > 40 else ""
    return f"{len(findings)} finding(s):\n  {shown}{more}"


def test_no_known_identifier_in_any_persisted_relation(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    identifiers = identifiers_in_exports(built_fixture.raw_dir)
    for kind in (PHONE, EMAIL, STAFF_EMAIL, STAFF_NUMBER, BSN, POSTCODE):
        assert len(identifiers[kind]) >= 10, f"the fixture exports should hold {kind}s"
    findings = scan_identifiers(connection, identifiers)
    assert not findings, "identifiers from the exports persisted: " + _report(findings)


def test_no_personal_data_pattern_in_any_persisted_relation(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    allowed = organisation_numbers_in_exports(built_fixture.raw_dir)
    findings = scan_patterns(connection, allowed)
    assert not findings, "personal data patterns persisted: " + _report(findings)


def test_scan_covers_tables_views_and_stg_views(connection: duckdb.DuckDBPyConnection) -> None:
    scanned = {str(relation) for relation in persisted_relations(connection)}
    tables = connection.sql(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_catalog = current_database() and table_type = 'BASE TABLE'"
    ).fetchall()
    assert {name for (name,) in tables} <= scanned
    assert {"core.fact_contact", "reference.channels", "quality.quarantined_rows"} <= scanned
    assert "staging.stg_telephony__dialogue_legs" in scanned
    # The base models are tables of parsed, pseudonymised rows: persisted, so scanned.
    assert "staging.base_telephony__dialogues" in scanned


def test_staging_pseudonymises_what_it_keeps(connection: duckdb.DuckDBPyConnection) -> None:
    keys = connection.sql(
        """
        select customer_phone_key from staging.stg_telephony__dialogue_legs
        where customer_phone_key is not null
        limit 100
        """
    ).fetchall()
    assert keys and all(re.fullmatch(r"[0-9a-f]{64}", key) for (key,) in keys)


# The scanners on the exports themselves: they must recognise personal data as it is written.
_PATTERN_OF_KIND = {PHONE: PHONE, EMAIL: EMAIL, STAFF_EMAIL: EMAIL, BSN: BSN}


def _raw_identifier_fields(raw_dir: Path) -> Iterator[tuple[str, str, str]]:
    """(file.column, kind, value) for every personal-identifier field of the exports."""
    for raw_file in RAW_FILES:
        columns = [
            (kind, column)
            for kind, kind_columns in raw_file.personal_columns().items()
            for column in kind_columns
        ]
        for record in records(raw_dir, raw_file) if columns else ():
            for kind, column in columns:
                field = f"{raw_file.source}/{raw_file.name}.{column}"
                yield field, kind, record.get(column) or ""


def _pattern_kinds(value: str) -> set[str]:
    """The kinds the pattern scan reports for a value, its DuckDB prefilter included."""
    if not re.search(PATTERN_PREFILTER, value):
        return set()
    return {kind for kind, _ in pattern_matches(value)}


def test_scanners_recognise_every_identifier_as_the_exports_write_it(
    built_fixture: BuiltFixture,
) -> None:
    misses: list[str] = []
    for field, kind, value in _raw_identifier_fields(built_fixture.raw_dir):
        form = identifier_form(kind, value)
        if form is None:
            continue
        if form not in candidate_forms(value):
            misses.append(f"lookup {field}: {kind} {mask(value)}")
        pattern_kind = _PATTERN_OF_KIND.get(kind)
        if (
            pattern_kind
            and (kind != BSN or is_valid_bsn(form))
            and pattern_kind not in _pattern_kinds(value)
        ):
            misses.append(f"pattern {field}: {kind} {mask(value)}")
    assert not misses, f"{len(misses)} missed, e.g. {misses[:20]}"


def test_pattern_scan_finds_what_free_text_holds(built_fixture: BuiltFixture) -> None:
    found: Counter[str] = Counter()
    for raw_file in RAW_FILES:
        for record in records(built_fixture.raw_dir, raw_file) if raw_file.free_texts else ():
            for column in raw_file.free_texts:
                found.update(_pattern_kinds(record.get(column) or ""))
    # The generator writes phone numbers and street addresses into free text, nothing else.
    assert found[PHONE] and found[STREET_ADDRESS], found
    assert not found.keys() - {PHONE, STREET_ADDRESS}, f"false positives in free text: {found}"


# The scanners themselves, on planted values: each check must be able to fail.
_PLANTED_HITS = {
    "bsn": ("BSN 111222333 gecontroleerd", BSN),
    "bsn_lost_zero": ("12345672", BSN),
    "mobile": ("bel 06-12345678", PHONE),
    "landline": ("+31 30 123 4567", PHONE),
    "international": ("0031612345678", PHONE),
    "whatsapp": ("31612345678", PHONE),
    "citizen_email": ("van j.jansen@example.nl", EMAIL),
    "display_name": ("Jan Jansen <j.jansen@example.nl>", EMAIL),
    "staff_email": ("a.bakker@voorbeeldstad.nl", EMAIL),
    "postcode_house": ("1234 AB 12", POSTCODE_ADDRESS),
    "full_address": ("Kerkstraat 12, 1234 AB Voorbeeldstad", POSTCODE_ADDRESS),
    "street_house": ("Ik woon op Nieuwe Gracht 8", STREET_ADDRESS),
}
_PLANTED_CLEAN = {
    "pseudonym": "0123456789abcdef" * 4,
    "uuid": "12345672-0612-3456-7890-123456789012",
    "pc4": "1234",
    "day": "2025-04-14",
    "timestamp": "2025-04-14T10:15:02+02:00",
    "local_timestamp": "2025-04-14 10:15:02.123456+02",
    "failing_11_test": "123456789",
    "date_key": "20250423",
    "decimal": "123456782.5",
    "case_id": "ZAAK-2025-0000000001",
    "rsin": "001234560",
    "duration": "P14D",
    "path": "telephony/2025-04-16/dialogues.csv",
    "mailbox": "info",
    "message_id": "<11eba800bc34b420@ziggo.nl>",
}


def _planted_database(values: Mapping[str, str]) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("create schema core")
    selects = ", ".join(f"? as {quote(column)}" for column in values)
    connection.execute(f"create table core.planted as select {selects}", list(values.values()))
    return connection


def test_pattern_scan_finds_planted_personal_data() -> None:
    planted = {column: value for column, (value, _) in _PLANTED_HITS.items()}
    with _planted_database(planted | _PLANTED_CLEAN) as connection:
        findings = scan_patterns(connection, allowed=frozenset({"001234560"}))
    found = {(finding.column, finding.kind) for finding in findings}
    expected = {(column, kind) for column, (_, kind) in _PLANTED_HITS.items()}
    assert expected <= found, _report(findings)
    assert not {column for column, _ in found} & _PLANTED_CLEAN.keys(), _report(findings)
    assert not any(value in str(finding) for finding in findings for value in planted.values())


def test_identifier_scan_finds_planted_identifiers_in_other_forms() -> None:
    raw = {
        PHONE: ["06-12345678", "030 123 4567"],
        EMAIL: ["J.Jansen@Example.nl"],
        STAFF_EMAIL: ["a.bakker@voorbeeldstad.nl"],
        STAFF_NUMBER: ["M06412"],
        BSN: ["12345672"],
        POSTCODE: ["3701 ab"],
    }
    identifiers = {
        kind: {form for value in values if (form := identifier_form(kind, value))}
        for kind, values in raw.items()
    }
    persisted = {
        "mobile": "+31612345678",
        "landline": "tel. 0301234567",
        "email": "j.jansen@example.nl",
        "staff_email": "Behandeld door A.Bakker@voorbeeldstad.nl",
        "staff_number": "m06412",
        "bsn": "012345672",
        "postcode": "3701AB",
        "phone_as_number": "612345678",
    }
    clean = {
        "pseudonym": "a612345678" + "0" * 54,
        "uuid": "12345672-aaaa-bbbb-cccc-dddddddddddd",
        "pc4": "3701",
        "other_number": "0612345679",
    }
    with _planted_database(persisted | clean) as connection:
        findings = scan_identifiers(connection, identifiers)
    found = {finding.column for finding in findings}
    assert found == persisted.keys(), _report(findings)


def test_scan_skips_base_views_only() -> None:
    with _planted_database({"email": "j.jansen@example.nl"}) as connection:
        connection.execute("create schema staging")
        for name in ("base_x", "stg_x"):
            connection.execute(f"create view staging.{name} as select * from core.planted")
        connection.execute("create table staging.kept as select * from core.planted")
        connection.execute("create view core.v as select * from core.planted")
        findings = scan_patterns(connection)
    assert {finding.relation for finding in findings} == {
        "core.planted",
        "core.v",
        "staging.kept",
        "staging.stg_x",
    }


# The build's scan (klantcontact dbt build, klantcontact privacy-scan): outside staging only.
def _planted_file(path: Path) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema core")
        connection.execute("create schema staging")
        connection.execute(
            "create table core.fact_x as select * from (values "
            "('klant|' || repeat('ab', 32), 'BSN 111222333 gecontroleerd', '001234560', "
            "'email|<11eba800bc34b420@ziggo.nl>'), "
            "('onbekend', 'mail j.jansen@example.nl', '001234560', 'email|m-2'), "
            "('onbekend', 'mail j.jansen@example.nl', null, 'email|m-3')) "
            "as t(customer_key, note, organisation_rsin, message_key)"
        )
        connection.execute(
            "create table staging.stg_x as select 'j.jansen@example.nl' as sender_address"
        )
    return path


def test_build_scan_names_planted_data_outside_staging(tmp_path: Path) -> None:
    report = scan_database(_planted_file(tmp_path / "planted.duckdb"))
    found = {(f.relation, f.column, f.kind, f.rows) for f in report.findings}
    # The BSN in free text and the e-mail address twice; the RSIN (an organisation's
    # number), the Message-ID in a key and anything in staging are no finding.
    assert found == {
        ("core.fact_x", "note", "BSN", 1),
        ("core.fact_x", "note", "e-mail address", 2),
    }, found
    assert report.relations == 1 and not report.success
    shown = render(report)
    assert "core.fact_x.note: BSN in 1 row(s)" in shown
    assert "core.fact_x.note: e-mail address in 2 row(s)" in shown
    assert "111222333" not in shown and "jansen" not in shown


def test_privacy_scan_command_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_privacy_scan(_planted_file(tmp_path / "planted.duckdb")) == 1
    assert "FAIL privacy scan: core.fact_x.note" in capsys.readouterr().out
    with duckdb.connect(str(tmp_path / "clean.duckdb")) as connection:
        connection.execute("create schema core")
        connection.execute("create table core.t as select 'Afval' as subject")
    assert run_privacy_scan(tmp_path / "clean.duckdb") == 0
    assert run_privacy_scan(tmp_path / "absent.duckdb") == 2


def test_build_scan_is_fast_and_clean_on_the_fixture(built_fixture: BuiltFixture) -> None:
    report = scan_database(built_fixture.database)
    assert report.success, render(report)
    assert report.relations > 50 and report.seconds < 30, render(report)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["build"], True),
        (["build", "--select", "dim_date"], True),
        (["--no-use-colors", "build"], True),
        (["run"], False),
        (["test", "--select", "build"], False),
        ([], False),
    ],
)
def test_dbt_build_is_what_runs_the_scan(args: list[str], expected: bool) -> None:
    assert is_build(args) is expected
