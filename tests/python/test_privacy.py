"""No phone number, e-mail address or BSN from the exports outside staging.

Collects every identifier the raw files hold (read with the csv module) in the
forms it may take after normalisation, then looks for them in every value of
every table and view outside the staging schema: whole values and tokens that
look like an e-mail address or a phone/BSN digit run.
"""

from __future__ import annotations

import re

import duckdb
from conftest import BuiltFixture
from raw_files import RAW_FILES, records

EMAIL_TOKEN = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}")
DIGIT_RUN = re.compile(r"\+?\d[\d \-]{6,}\d")


def _phone_forms(value: str) -> set[str]:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 8:
        return set()
    if value.strip().startswith("+"):
        national = digits[2:] if digits.startswith("31") else None
    elif digits.startswith("0031"):
        national = digits[4:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = None
    forms = {digits}
    if national:
        forms |= {national, "0" + national, "31" + national, "+31" + national}
    return forms


def _identifiers(built_fixture: BuiltFixture) -> set[str]:
    found: set[str] = set()
    for raw_file in RAW_FILES:
        if not (raw_file.phones or raw_file.emails or raw_file.bsns):
            continue
        for record in records(built_fixture.raw_dir, raw_file):
            for column in raw_file.phones:
                found |= _phone_forms(record.get(column) or "")
            for column in raw_file.emails:
                value = (record.get(column) or "").strip()
                if "@" in value:
                    found |= {value, value.lower()}
            for column in raw_file.bsns:
                value = re.sub(r"\D", "", record.get(column) or "")
                if len(value) >= 8:
                    found |= {value, value.zfill(9)}
    return found


def _tokens(value: str) -> set[str]:
    tokens = {value, value.strip(), value.lower()}
    tokens |= {token.lower() for token in EMAIL_TOKEN.findall(value)}
    for run in DIGIT_RUN.findall(value):
        tokens |= {run, re.sub(r"\D", "", run), *(_phone_forms(run))}
    return tokens


def test_no_personal_identifier_outside_staging(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    identifiers = _identifiers(built_fixture)
    assert len(identifiers) > 1000, "the fixture exports should hold many identifiers"
    relations = connection.sql(
        """
        select table_schema, table_name
        from information_schema.tables
        where table_schema not in ('staging', 'information_schema', 'pg_catalog')
        order by all
        """
    ).fetchall()
    assert relations, "nothing was built outside staging"
    leaks: list[str] = []
    for schema, table in relations:
        columns = connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
        for (column,) in columns:
            values = connection.sql(
                f'select distinct cast("{column}" as varchar) from "{schema}"."{table}" '
                f'where "{column}" is not null'
            ).fetchall()
            for (value,) in values:
                if _tokens(value) & identifiers:
                    leaks.append(f"{schema}.{table}.{column}: {value[:12]}…")
                    break
    assert not leaks, f"personal identifiers outside staging: {leaks}"


def test_staging_pseudonymises_what_it_keeps(connection: duckdb.DuckDBPyConnection) -> None:
    keys = connection.sql(
        """
        select customer_phone_key from staging.stg_telephony__dialogue_legs
        where customer_phone_key is not null
        limit 100
        """
    ).fetchall()
    assert keys and all(re.fullmatch(r"[0-9a-f]{64}", key) for (key,) in keys)
