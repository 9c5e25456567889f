"""Privacy scan: personal-data patterns in the text columns of a built database.

Every text value of every scanned table and view is matched against patterns for an
e-mail address, a Dutch phone number, a valid BSN (the 11-test) and an address (a
postcode or a street name followed by a house number). The marts hold pseudonyms only
(docs/privacy.md), so any hit is personal data that slipped through: free text, a new
source's column mapped without its pseudonym, a fork's own model.

DuckDB does the bulk of the work: one query per relation unpivots its text columns and
keeps only the values a coarse RE2 pattern can match, counted per distinct value; the
exact patterns (look-arounds, the 11-test) then run in Python on those few distinct
values. Findings name schema.table.column, the kind of data and the number of rows,
never the value.

`klantcontact privacy-scan` runs it on a database; `klantcontact dbt build` runs it after
every DuckDB build, over every schema except staging's (which holds the parsed exports).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

EMAIL = "e-mail address"
PHONE = "phone number"
BSN = "BSN"
STREET_ADDRESS = "street + house number"
POSTCODE_ADDRESS = "postcode + house number"

_STREET_SUFFIXES = (
    "straat|weg|laan|plein|gracht|kade|singel|dijk|dreef|hof|pad|steeg|markt|park|plantsoen|wal"
)
_PC6 = r"[1-9]\d{3} ?[A-Z]{2}(?![A-Za-z])"
PATTERNS: dict[str, re.Pattern[str]] = {
    EMAIL: re.compile(r"[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    # 06-12345678, 030 123 4567, +31612345678, 0031 30 1234567, and a number as
    # WhatsApp writes it (31612345678, 31301234567); not inside a longer number.
    PHONE: re.compile(
        r"(?<![\w+])(?:(?:\+31|0031|0)[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){8}|31 ?[1-9]\d{8})(?!\w)"
    ),
    # A whole token only: digit runs inside ids, decimals, paths or times are no BSN.
    BSN: re.compile(r"(?<![\w\-+./:])\d{8,9}(?![\w\-/:]|[.,]\d)"),
    POSTCODE_ADDRESS: re.compile(
        rf"(?<![\w-]){_PC6}[ ,]*\d{{1,5}}(?!\d)|(?<![\w-])\d{{1,5}}[a-zA-Z]?,? +{_PC6}"
    ),
    STREET_ADDRESS: re.compile(rf"\b(?=[A-Z])[A-Za-z]*(?i:{_STREET_SUFFIXES})\s+\d{{1,4}}[a-z]?\b"),
}
# A Message-ID (<16e3f1a2@ziggo.nl>) names a message, not a mailbox, though it reads like one;
# so does a key built from one (`email|<16e3f1a2@ziggo.nl>`).
_MESSAGE_ID = re.compile(r"(?:[^\s|<>@]*\|)*<[^\s<>@]+@[^\s<>@]+>")
# Columns of organisation numbers (RSIN), which pass the 11-test like a BSN: their values
# are allowed as such everywhere in the build scan.
_ORGANISATION_NUMBER_COLUMN = re.compile(r"rsin", re.IGNORECASE)

# The same patterns, coarser and in RE2 syntax (no look-arounds: a boundary is "start, or a
# character the exact pattern does not allow there"), for DuckDB to drop the values that
# cannot match before they reach Python. Every value an exact pattern matches also matches
# this one; most pseudonyms (64 hex digits, whose digit runs are no token) do not.
_ASCII_WORD = "0-9A-Za-z_"
PATTERN_PREFILTER = "|".join(
    (
        "@",
        rf"(^|[^{_ASCII_WORD}+])(\+31|0031|0)[ -]?(\(0\)[ -]?)?[1-9]([ -]?[0-9]){{8}}"
        rf"($|[^{_ASCII_WORD}])",
        rf"(^|[^{_ASCII_WORD}+])31 ?[1-9][0-9]{{8}}($|[^{_ASCII_WORD}])",
        rf"(^|[^{_ASCII_WORD}\-+./:])[0-9]{{8,9}}($|[^{_ASCII_WORD}\-/:])",
        "[1-9][0-9]{3} ?[A-Z]{2}",
        rf"(?i:{_STREET_SUFFIXES})\s+[0-9]",
    )
)

# Schemas that hold the parsed exports themselves (staging, and a pooled build's
# <prefix>_staging): the build scan leaves them out, the fixture's test scans them too.
STAGING_SCHEMA = re.compile(r"^(?:.+_)?staging$")


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    columns: tuple[tuple[str, str], ...]  # (column name, data type)

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def sql(self) -> str:
        return f"{quote(self.schema)}.{quote(self.name)}"

    @property
    def text_columns(self) -> tuple[str, ...]:
        # Only text can hold a written address or number.
        return tuple(column for column, data_type in self.columns if "VARCHAR" in data_type)


@dataclass(frozen=True)
class Finding:
    """A column holding one kind of personal data, in `rows` rows; never the value."""

    relation: str
    column: str
    kind: str
    rows: int

    def __str__(self) -> str:
        return f"{self.relation}.{self.column}: {self.kind} in {self.rows:,} row(s)"


@dataclass
class ScanReport:
    database: str
    relations: int = 0
    columns: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.findings


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def persisted_relations(
    connection: duckdb.DuckDBPyConnection, *, skip_staging: bool = False
) -> list[Relation]:
    """Every table in any schema and every view except staging's base_* views over raw
    files; with skip_staging, nothing of the staging schemas (STAGING_SCHEMA)."""
    rows = connection.sql(
        r"""
        select t.table_schema, t.table_name, c.column_name, c.data_type
        from information_schema.tables as t
        join information_schema.columns as c
            using (table_catalog, table_schema, table_name)
        where t.table_catalog = current_database()
          and t.table_schema not in ('information_schema', 'pg_catalog')
          and (
              t.table_type = 'BASE TABLE'
              or (t.table_type = 'VIEW'
                  and not (t.table_schema = 'staging' and t.table_name like 'base\_%' escape '\'))
          )
        order by t.table_schema, t.table_name, c.ordinal_position
        """
    ).fetchall()
    columns: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for schema, name, column, data_type in rows:
        if skip_staging and STAGING_SCHEMA.match(schema):
            continue
        columns[(schema, name)].append((column, data_type))
    return [Relation(schema, name, tuple(cols)) for (schema, name), cols in columns.items()]


def distinct_values(
    connection: duckdb.DuckDBPyConnection,
    relation: Relation,
    columns: Iterable[str],
    prefilter: str,
) -> list[tuple[str, str, int]]:
    """(column, value, rows) for each distinct value, as text, that matches the RE2
    prefilter. One unpivoting query per relation, so a view is computed once, not once
    per column."""
    casts = ", ".join(f"cast({quote(column)} as varchar) as {quote(column)}" for column in columns)
    if not casts:
        return []
    return connection.execute(
        f"""
        select column_name, value, count(*) as value_rows
        from (
            unpivot (select {casts} from {relation.sql})
            on columns(*) into name column_name value value
        )
        where regexp_matches(value, ?)
        group by column_name, value
        """,
        [prefilter],
    ).fetchall()


def is_valid_bsn(digits: str) -> bool:
    """The 11-test; an 8-digit number is a BSN that lost its leading zero."""
    padded = digits.zfill(9)
    if len(padded) != 9 or not padded.isdigit() or int(padded) == 0:
        return False
    weighted = sum(
        int(digit) * weight for digit, weight in zip(padded[:8], range(9, 1, -1), strict=True)
    )
    return (weighted - int(padded[8])) % 11 == 0


def _is_date(digits: str) -> bool:
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return 1900 <= day.year < 2100


def _bsn_hit(token: str, allowed: frozenset[str]) -> bool:
    # An 8-digit yyyymmdd date (a date key) passes the 11-test one time in eleven.
    if len(token) == 8 and _is_date(token):
        return False
    return is_valid_bsn(token) and token.zfill(9) not in allowed


def pattern_matches(value: str, allowed: frozenset[str] = frozenset()) -> Iterable[tuple[str, str]]:
    """(kind, matched text) for each personal-data pattern in value; `allowed` are
    organisation numbers (RSIN) that pass the 11-test like a BSN."""
    if _MESSAGE_ID.fullmatch(value):
        return
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(value):
            if kind == BSN and not _bsn_hit(match.group(), allowed):
                continue
            yield kind, match.group()


def scan_patterns(
    connection: duckdb.DuckDBPyConnection,
    allowed: frozenset[str] = frozenset(),
    *,
    skip_staging: bool = False,
    relations: Sequence[Relation] | None = None,
) -> list[Finding]:
    """One finding per relation, text column and kind of personal-data pattern it holds,
    with the number of rows holding it."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    scanned = (
        relations
        if relations is not None
        else persisted_relations(connection, skip_staging=skip_staging)
    )
    for relation in scanned:
        for column, value, value_rows in distinct_values(
            connection, relation, relation.text_columns, PATTERN_PREFILTER
        ):
            for kind in {kind for kind, _ in pattern_matches(value, allowed)}:
                counts[(str(relation), column, kind)] += value_rows
    findings = [Finding(*key, rows) for key, rows in counts.items()]
    return sorted(findings, key=lambda finding: (finding.relation, finding.column, finding.kind))


def organisation_numbers(
    connection: duckdb.DuckDBPyConnection, relations: Iterable[Relation]
) -> frozenset[str]:
    """The values of every column named for an organisation number (RSIN), zero-padded to
    9 digits: a company's number, not a person's, though it passes the 11-test."""
    numbers: set[str] = set()
    for relation in relations:
        for column, _ in relation.columns:
            if not _ORGANISATION_NUMBER_COLUMN.search(column):
                continue
            rows = connection.execute(
                f"select distinct cast({quote(column)} as varchar) from {relation.sql} "
                f"where {quote(column)} is not null"
            ).fetchall()
            numbers.update(value.strip().zfill(9) for (value,) in rows if value.strip().isdigit())
    return frozenset(numbers)


def scan_database(database: Path) -> ScanReport:
    """The build's scan: every table and view outside the staging schemas of database,
    opened read-only; the organisation numbers it holds are no BSN. duckdb.Error when it
    cannot be opened."""
    started = time.perf_counter()
    report = ScanReport(database=str(database))
    with duckdb.connect(str(database), read_only=True) as connection:
        relations = persisted_relations(connection, skip_staging=True)
        report.relations = len(relations)
        report.columns = sum(len(relation.text_columns) for relation in relations)
        allowed = organisation_numbers(connection, relations)
        report.findings = scan_patterns(connection, allowed, relations=relations)
    report.seconds = time.perf_counter() - started
    return report


def render(report: ScanReport) -> str:
    """The scan's outcome for a terminal or a CI log: one line per finding."""
    lines = [f"FAIL privacy scan: {finding}" for finding in report.findings]
    verdict = "failed" if report.findings else "passed"
    lines.append(
        f"Privacy scan {verdict}: {report.columns} text columns of {report.relations} tables "
        f"and views outside staging, {len(report.findings)} finding(s), {report.seconds:.1f} s "
        "(docs/privacy.md)"
    )
    return "\n".join(lines)


def run(database: Path) -> int:
    """`klantcontact privacy-scan`: 0 nothing found, 1 personal data found, 2 the database
    cannot be opened."""
    if not database.is_file():
        print(f"privacy scan: no database at {database}")
        return 2
    try:
        report = scan_database(database)
    except duckdb.Error as error:
        print(f"privacy scan: cannot read {database}: {error}")
        return 2
    print(render(report), flush=True)
    return 0 if report.success else 1
