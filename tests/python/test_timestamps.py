"""Staged timestamps equal Python's own reading of the raw values.

Each raw export writes time its own way (UTC with Z, offsets, Amsterdam wall-clock
in two formats); staging must land every one on the same UTC instant and local date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import duckdb
import pytest
from conftest import BuiltFixture
from raw_files import RAW_FILES, RawFile, export_text, files_of

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def _utc_z(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _offset(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _local(pattern: str) -> Callable[[str], datetime]:
    def parse(value: str) -> datetime:
        return datetime.strptime(value, pattern).replace(tzinfo=AMSTERDAM)

    return parse


CASES = [
    ("telephony", "dialogues", "base_telephony__dialogues", "startTimestamp", "started_at",
     "started_date", _utc_z),
    ("balie", "visits", "base_balie__visits", "arrival_time", "arrived_at", None,
     _local("%d-%m-%Y %H:%M:%S")),
    ("email", "messages", "base_email__messages", "sent_at", "sent_at", "sent_date",
     _local("%Y-%m-%d %H:%M:%S")),
    ("web", "form_submissions", "base_web__form_submissions", "started_at", "started_at",
     "started_date", _offset),
    ("mor", "signals", "base_mor__signals", "created_at", "created_at", "created_date", _offset),
    ("kcs", "contactmomenten", "base_kcs__contactmomenten", "startdatum", "started_at",
     "started_date", _offset),
    ("kto", "responses", "base_kto__responses", "ingevuld_op", "submitted_at", "submitted_date",
     _local("%d-%m-%Y %H:%M")),
]


def _raw_file(source: str, name: str) -> RawFile:
    return next(f for f in RAW_FILES if (f.source, f.name) == (source, name))


@pytest.mark.parametrize(
    ("source", "name", "model", "raw_column", "utc_column", "date_column", "parse"), CASES
)
def test_timestamps_match_python(
    built_fixture: BuiltFixture,
    connection: duckdb.DuckDBPyConnection,
    source: str,
    name: str,
    model: str,
    raw_column: str,
    utc_column: str,
    date_column: str | None,
    parse: Callable[[str], datetime],
) -> None:
    raw_file = _raw_file(source, name)
    checked = 0
    for path in files_of(built_fixture.raw_dir, raw_file)[:5]:
        relative = path.relative_to(built_fixture.raw_dir).as_posix()
        staged = {
            record_number: (instant, local_date)
            for record_number, instant, local_date in connection.execute(
                f"select _record_number, {utc_column}, "
                f"{date_column or 'null'} from staging.{model} "
                "where _file = ? and _reject_reason is null",
                [relative],
            ).fetchall()
        }
        text = io.StringIO(export_text(path, raw_file), newline="")
        reader = csv.DictReader(text, delimiter=raw_file.delimiter)
        for record_number, record in enumerate(reader, start=1):
            if record_number not in staged or not record[raw_column]:
                continue
            expected = parse(record[raw_column])
            instant, local_date = staged[record_number]
            assert instant == expected.astimezone(UTC), f"{relative}:{record_number}"
            if date_column:
                expected_date: date = expected.astimezone(AMSTERDAM).date()
                assert local_date == expected_date, f"{relative}:{record_number}"
            checked += 1
    assert checked > 0, f"no {source}/{name} timestamps compared"
