"""End-to-end checks of staging on the generated fixture exports.

The generator's fault manifest says exactly which raw rows are bad and why; the
pipeline must quarantine exactly those, stage the rest, and account for every row.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import duckdb
from conftest import BuiltFixture
from raw_files import RAW_FILES, export_text, files_of, records

from klantcontact.raw.contract import source_registry

QUARANTINE_REASONS = {
    "truncated_row",
    "missing_id",
    "invalid_timestamp",
    "invalid_number",
    "out_of_range",
    "unknown_code",
    "end_before_start",
}


def _registered_files() -> dict[tuple[str, str], dict[str, object]]:
    """(source, file) -> its kcc_sources entry (base, staged, key, record_id) for every
    source switched on: what this project stages, a fork's sources included."""
    return {
        (name, str(file["file"])): file
        for name, entry in source_registry().items()
        if entry.get("enabled", True)
        for file in entry.get("files") or []
    }


def _manifest(raw_dir: Path) -> list[dict[str, str]]:
    with (raw_dir / "_generator" / "faults.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_manifest_has_faults_of_every_kind(built_fixture: BuiltFixture) -> None:
    kinds = Counter(fault["fault"] for fault in _manifest(built_fixture.raw_dir))
    for kind in ("missing_id", "invalid_timestamp", "unknown_code", "end_before_start"):
        assert kinds[kind] > 0, f"the fixture exports have no {kind} fault to test with"


def test_quarantine_holds_exactly_the_manifest_faults(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    expected = Counter(
        (fault["file"], int(fault["line_number"]), fault["fault"], fault["column_name"] or None)
        for fault in _manifest(built_fixture.raw_dir)
        if fault["expected"] == "quarantine"
    )
    quarantined = Counter(
        connection.sql(
            "select file_path, line_number, reason, column_name from quality.quarantined_rows"
        ).fetchall()
    )
    missing = expected - quarantined
    unexpected = quarantined - expected
    assert not missing, f"faults not quarantined (first 10): {list(missing)[:10]}"
    assert not unexpected, f"clean rows quarantined (first 10): {list(unexpected)[:10]}"
    assert sum(quarantined.values()) == sum(expected.values())


def test_invalid_bsns_are_kept_without_pseudonym(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    faults = [f for f in _manifest(built_fixture.raw_dir) if f["fault"] == "invalid_bsn"]
    assert faults, "the fixture exports have no invalid BSN to test with"
    registered = _registered_files()
    for fault in faults:
        entry = registered.get((fault["source"], Path(fault["file"]).stem))
        if entry is None:
            continue  # a source this project does not read (switched off or replaced)
        model = str(entry["base"])
        # The base model's pseudonymised BSN column (customer_bsn_key, initiator_bsn_key).
        (key_column,) = connection.execute(
            "select column_name from information_schema.columns where table_schema = 'staging' "
            "and table_name = ? and column_name like '%bsn\\_key' escape '\\'",
            [model],
        ).fetchone()
        row = connection.execute(
            f"select has_invalid_bsn, {key_column}, _reject_reason from staging.{model} "
            "where _file = ? and _line_number = ?",
            [fault["file"], int(fault["line_number"])],
        ).fetchone()
        assert row is not None, f"row of {fault} not staged"
        assert row == (True, None, None), f"invalid BSN at {fault['file']}:{fault['line_number']}"


def test_file_faults_are_exactly_the_manifest_file_faults(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    """The inventory finds every 0-byte file, Windows-1252 file and truncated last record
    the generator wrote, and nothing else; all are warnings."""
    expected: set[tuple[str, str]] = set()
    for fault in _manifest(built_fixture.raw_dir):
        path = built_fixture.raw_dir / fault["file"]
        if fault["fault"] == "empty_file":
            expected.add((fault["file"], "empty_file"))
        elif fault["fault"] == "truncated_row" and not path.read_bytes().endswith(b"\n"):
            expected.add((fault["file"], "truncated_last_line"))
        elif fault["fault"] == "windows_1252" and not path.read_bytes().isascii():
            expected.add((fault["file"], "windows_1252"))
    kinds = {kind for _, kind in expected}
    assert {"empty_file", "truncated_last_line", "windows_1252"} <= kinds, kinds
    found = connection.sql(
        "select file_path, fault_kind, severity, is_skipped from quality.raw_file_faults"
    ).fetchall()
    assert {(path, kind) for path, kind, _, _ in found} == expected
    assert {severity for _, _, severity, _ in found} == {"warning"}
    assert all(skipped == (kind == "empty_file") for _, kind, _, skipped in found)


def test_windows_1252_files_are_read_correctly(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    """A Windows-1252 file is read from a UTF-8 copy holding exactly the characters it
    meant, and every record of it is read."""
    responses = next(f for f in RAW_FILES if f.name == "responses")
    base_model = _registered_files()[(responses.source, responses.name)]["base"]
    legacy = [
        fault["file"]
        for fault in _manifest(built_fixture.raw_dir)
        if fault["fault"] == "windows_1252"
        and not (built_fixture.raw_dir / fault["file"]).read_bytes().isascii()
    ]
    assert legacy
    for relative in legacy:
        original = built_fixture.raw_dir / relative
        (encoding, read_path) = connection.execute(
            "select encoding, read_path from staging.stg_raw_exports__files where file_path = ?",
            [relative],
        ).fetchone()
        assert encoding == "windows-1252"
        copy = Path(read_path).read_bytes().decode("utf-8")
        assert copy == original.read_bytes().decode("cp1252") == export_text(original, responses)
        records = len(list(csv.DictReader(io.StringIO(copy, newline=""), delimiter=";")))
        (read,) = connection.execute(
            f"select count(*) from staging.{base_model} where _file = ?", [relative]
        ).fetchone()
        assert read == records > 0, relative


def test_every_raw_row_is_accounted_for(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    reconciliation = {
        (source, name): (raw, staged, quarantined, duplicates)
        for source, name, raw, staged, quarantined, duplicates in connection.sql(
            """
            select source_name, file_name, raw_rows, staged_rows, quarantined_rows,
                duplicates_removed
            from quality.source_reconciliation
            """
        ).fetchall()
    }
    # Every file of the registry: the fixture's exports, and files it has none of (the
    # pages of the APIs, a fork's own source), which reconcile as empty.
    registered = {
        (name, str(file["file"]))
        for name, source in source_registry().items()
        for file in source["files"]
    }
    exported = {(f.source, f.name) for f in RAW_FILES} & registered
    assert set(reconciliation) == registered
    # A registered file the generator does not write (an API's pages, a fork's own export)
    # reconciles as empty without exports in the folder, and adds up when it has some.
    for source, name in registered - exported:
        raw, staged, quarantined, duplicates = reconciliation[(source, name)]
        assert raw == staged + quarantined + duplicates, f"{source}/{name}"
        if not any(built_fixture.raw_dir.glob(f"{source}/*/{name}.*")):
            assert raw == 0, f"{source}/{name}: rows without an export"
    for raw_file in RAW_FILES:
        if (raw_file.source, raw_file.name) not in exported:
            continue
        raw, staged, quarantined, duplicates = reconciliation[(raw_file.source, raw_file.name)]
        records_in_files = sum(1 for _ in records(built_fixture.raw_dir, raw_file))
        assert raw == records_in_files, f"{raw_file.source}/{raw_file.name}: rows lost on read"
        assert raw == staged + quarantined + duplicates, f"{raw_file.source}/{raw_file.name}"
        assert staged > 0 or raw_file.optional, f"{raw_file.source}/{raw_file.name}: nothing staged"


def test_duplicate_lines_are_staged_once(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    duplicated = [f for f in _manifest(built_fixture.raw_dir) if f["fault"] == "duplicate_row"]
    assert duplicated, "the fixture exports have no duplicate lines to test with"
    # The staged model and its one-column key of every registered file (kcc_sources).
    staged_keys = {
        source_file: (str(entry["staged"]), entry["key"][0])
        for source_file, entry in _registered_files().items()
        if isinstance(entry["key"], list) and len(entry["key"]) == 1
    }
    for fault in duplicated:
        staged = staged_keys.get((fault["source"], Path(fault["file"]).stem))
        if staged is None:
            continue
        model, key = staged
        count = connection.execute(
            f"select count(*) from staging.{model} where {key} = ?", [fault["record_id"]]
        ).fetchone()
        assert count == (1,), f"duplicate {fault['record_id']} staged {count} times"


def test_raw_files_exist_for_every_source(built_fixture: BuiltFixture) -> None:
    for raw_file in RAW_FILES:
        if raw_file.optional:
            continue
        assert files_of(built_fixture.raw_dir, raw_file), f"no {raw_file.source}/{raw_file.name}"
