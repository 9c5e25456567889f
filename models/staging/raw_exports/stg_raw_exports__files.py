"""stg_raw_exports__files: one row per raw export file, inspected before any row is read.

Every file the contract (stg_raw_exports__columns) expects is found by glob under raw_dir
and inspected by its bytes: size, encoding, header, delimiter, quotes and last record.
File-level faults get a kind, a severity and a message naming the problem; the base
staging models read only the files marked `is_read`, each with the column names of its
own header, so one bad file never stops the other files or sources from building.

The rules, in the order they are checked (docs/raw-validation-contract.md):
- 0-byte file: warning, skipped.
- NUL bytes (UTF-16 or binary): error, skipped.
- Not UTF-8 but valid Windows-1252: warning; read from a UTF-8 copy in transcode_dir.
  Neither: error, skipped. (DuckDB reads utf-8, utf-16 and latin-1 only, and its
  latin-1 reader refuses the 0x80-0x9F bytes where Windows-1252 puts € ‘ ’ “ ” – —.)
- Header split on the contract's delimiter gives one field, but another delimiter
  splits it: error, skipped.
- Column names are compared trimmed and case-insensitively; order does not matter.
  Missing column: error; missing and unexpected ones together: renamed, error; an
  unexpected column alone: warning, the column is ignored; a name twice: error.
- An odd number of quote characters (a quoted field never closed): error, skipped.
- A last record with fewer fields than the header: warning; staging quarantines that
  record as truncated_row, the rest of the file is read.
A header-only file is a valid export of a day without records: no fault.
A CSV file the contract does not know, or one in a folder not named by a date, is
listed with a warning and ignored.
"""

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

FOLDER_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OTHER_DELIMITERS = [",", ";", "\t", "|"]
ERROR = "error"
WARNING = "warning"
# Bytes that Windows-1252 leaves undefined: a file holding one is not Windows-1252.
CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"


@dataclass
class Contract:
    delimiter: str
    columns: list

    @property
    def version(self):
        """Changes when the contract of the file type changes, so files are checked again."""
        key = "|".join([self.delimiter, *self.columns])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass
class Inspection:
    encoding: str = "utf-8"
    header: list = field(default_factory=list)
    read_columns: list = field(default_factory=list)
    read_path: str = ""
    physical_lines: int = 0
    faults: list = field(default_factory=list)  # (kind, severity, message)

    def fault(self, kind, severity, message):
        self.faults.append((kind, severity, message))

    @property
    def is_read(self):
        return not any(severity == ERROR for _, severity, _ in self.faults)


def _line_of(data, offset):
    return data.count(b"\n", 0, offset) + 1


def _utf8(data, inspection):
    """The file's bytes as UTF-8 without BOM, or None with an error fault when they cannot
    be decoded. Checks work on these bytes: quotes and line breaks are ASCII, so counting
    them needs no decoding, which keeps a large export cheap to inspect."""
    if b"\x00" in data[:65536]:
        inspection.fault(
            "unreadable_encoding",
            ERROR,
            "NUL bytes: UTF-16 or not a text file; export as UTF-8",
        )
        return None
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
        inspection.encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        return data.removeprefix(codecs.BOM_UTF8)
    except UnicodeDecodeError as problem:
        offset = problem.start
    byte = data[offset : offset + 1]
    if not any(undefined in data for undefined in CP1252_UNDEFINED):
        inspection.encoding = "windows-1252"
        inspection.fault(
            "windows_1252",
            WARNING,
            f"not UTF-8 (byte 0x{byte.hex()} on line {_line_of(data, offset)}); "
            f"read as Windows-1252, where it is {byte.decode('cp1252')!r}",
        )
        return data.decode("cp1252").encode("utf-8")
    inspection.fault(
        "unreadable_encoding",
        ERROR,
        f"neither UTF-8 nor Windows-1252 (byte 0x{byte.hex()} on line "
        f"{_line_of(data, offset)}); export as UTF-8",
    )
    return None


def _split(record, delimiter):
    return next(csv.reader(io.StringIO(record), delimiter=delimiter), [])


def _check_header(header_line, contract, inspection):
    """Map the header onto the contract; False when the file cannot be read by name."""
    header = _split(header_line, contract.delimiter)
    if len(header) <= 1 < len(contract.columns):
        for other in OTHER_DELIMITERS:
            if other != contract.delimiter and len(_split(header_line, other)) > 1:
                inspection.fault(
                    "wrong_delimiter",
                    ERROR,
                    f"the header is separated by {other!r} where {contract.delimiter!r} "
                    "is expected",
                )
                return False
    inspection.header = header
    expected = {name.strip().casefold(): name for name in contract.columns}
    found = [name.strip().casefold() for name in header]
    doubled = sorted({header[i] for i, name in enumerate(found) if found.count(name) > 1})
    if doubled:
        inspection.fault("duplicate_column", ERROR, f"column {', '.join(doubled)} appears twice")
        return False
    missing = [expected[name] for name in expected if name not in found]
    unexpected = [header[i] for i, name in enumerate(found) if name not in expected]
    listed = ", ".join(repr(name) for name in missing)
    if missing and unexpected:
        others = ", ".join(repr(name) for name in unexpected)
        inspection.fault(
            "renamed_column",
            ERROR,
            f"column {listed} missing and {others} unexpected: renamed?",
        )
        return False
    if missing:
        inspection.fault("missing_column", ERROR, f"column {listed} missing")
        return False
    if unexpected:
        others = ", ".join(repr(name) for name in unexpected)
        inspection.fault("extra_column", WARNING, f"unexpected column {others} ignored")
    inspection.read_columns = [
        expected.get(name, f"_unexpected_{position}")
        for position, name in enumerate(found, start=1)
    ]
    return True


def _last_record_start(data):
    """Offsets where the last record starts (after the last line break outside quotes)
    and ends (before the trailing line break)."""
    end = len(data.rstrip(b"\r\n"))
    position = data.rfind(b"\n", 0, end)
    while position > 0 and data.count(b'"', 0, position) % 2:
        position = data.rfind(b"\n", 0, position)
    return position + 1, end


def _check_records(data, contract, inspection):
    if data.count(b'"') % 2:
        inspection.fault(
            "unclosed_quote",
            ERROR,
            "a quoted field is never closed (odd number of quote characters)",
        )
        return
    start, end = _last_record_start(data)
    if start == 0:
        return  # header only, or empty
    fields = _split(data[start:end].decode("utf-8"), contract.delimiter)
    if fields and len(fields) < len(inspection.header):
        line = data.count(b"\n", 0, start) + 1
        inspection.fault(
            "truncated_last_line",
            WARNING,
            f"the last record (line {line}) has {len(fields)} of {len(inspection.header)} "
            "fields; it is quarantined as truncated_row",
        )


def file_version(path):
    """Identifies one delivery of a file: its absolute path, size and modification time.
    A file re-delivered with other content, or another raw_dir, gets another version."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _transcoded_copy(path, relative, utf8, transcode_dir):
    """A UTF-8 copy under transcode_dir, one per version of the original."""
    copy = Path(transcode_dir) / file_version(path) / relative
    if not copy.exists():
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial = copy.with_suffix(".partial")
        partial.write_bytes(utf8)
        partial.replace(copy)
    return str(copy.resolve())


def inspect(path, relative, contract, transcode_dir):
    inspection = Inspection(read_path=str(path.resolve()))
    data = path.read_bytes()
    if not data:
        inspection.fault("empty_file", WARNING, "0-byte file skipped")
        return inspection
    inspection.physical_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    utf8 = _utf8(data, inspection)
    if utf8 is None:
        return inspection
    header_line = utf8.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    if not _check_header(header_line, contract, inspection):
        return inspection
    _check_records(utf8, contract, inspection)
    if inspection.is_read and inspection.encoding == "windows-1252":
        inspection.read_path = _transcoded_copy(path, relative, utf8, transcode_dir)
    return inspection


def _contracts(dbt):
    contracts = {}
    rows = dbt.ref("stg_raw_exports__columns").fetchall()
    for source, table, _, delimiter, _, position, column in sorted(rows, key=lambda r: r[5]):
        contract = contracts.setdefault((source, table), Contract(delimiter, []))
        contract.columns.append(column)
    return contracts


COLUMNS = """
    file_path varchar, source_name varchar, table_name varchar, export_date date,
    size_bytes bigint, file_version varchar, contract_version varchar, physical_lines bigint,
    encoding varchar, header_columns varchar[], read_columns varchar[], is_read boolean,
    read_path varchar, fault_kinds varchar[], fault_severities varchar[],
    fault_messages varchar[]
"""


def _earlier_inspections(dbt, session):
    """Rows of the previous run by (file_path, file_version, contract_version).

    Inspecting reads every byte of every file, minutes for a three-year history, while a
    daily run brings one folder: a file whose delivery and contract are unchanged keeps
    its row. `dbt build --full-refresh` inspects every file again.
    """
    if not dbt.is_incremental:
        return {}
    held = [row[0] for row in session.execute(f"describe {dbt.this}").fetchall()]
    if held != _column_names():
        return {}  # an inventory of an earlier release: inspect again
    rows = session.execute(f"select {', '.join(held)} from {dbt.this}").fetchall()
    return {(row[0], row[5], row[6]): row for row in rows}


def _column_names():
    return [line.split()[0] for line in COLUMNS.split(",") if line.strip()]


def _folder_date(name):
    if not FOLDER_DATE.match(name):
        return None
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None  # 2025-02-30: not a date, reported like any other folder name


def _still_valid(row):
    # A UTF-8 copy removed with target/ has to be written again.
    return not row[11] or Path(row[12]).exists()


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="file_path",
        on_schema_change="sync_all_columns",
    )
    # Plain assignments: dbt only sees meta_get calls that stand alone.
    raw_dir = dbt.config.meta_get("raw_dir")
    transcode_dir = dbt.config.meta_get("transcode_dir")

    contracts = _contracts(dbt)
    earlier = _earlier_inspections(dbt, session)
    rows = []
    for source in sorted({source for source, _ in contracts}):
        for path in sorted(Path(raw_dir, source).glob("*/*.csv")):
            relative = f"{source}/{path.parent.name}/{path.name}"
            contract = contracts.get((source, path.stem))
            export_date = _folder_date(path.parent.name)
            is_dated = export_date is not None
            version = file_version(path)
            contract_version = contract.version if contract else None
            kept = earlier.get((relative, version, contract_version))
            if kept and _still_valid(kept):
                rows.append(kept)
                continue
            if contract and is_dated:
                inspection = inspect(path, relative, contract, transcode_dir)
            else:
                inspection = Inspection(read_path=str(path.resolve()))
                inspection.fault(
                    "unknown_file",
                    WARNING,
                    "not a file of the export contract; ignored"
                    if is_dated
                    else "folder name is not an export date (YYYY-MM-DD); ignored",
                )
            rows.append(
                (
                    relative,
                    source,
                    path.stem,
                    export_date,
                    path.stat().st_size,
                    version,
                    contract_version,
                    inspection.physical_lines,
                    inspection.encoding if inspection.physical_lines else None,
                    inspection.header,
                    inspection.read_columns,
                    inspection.is_read and bool(inspection.read_columns),
                    inspection.read_path,
                    [kind for kind, _, _ in inspection.faults],
                    [severity for _, severity, _ in inspection.faults],
                    [message for _, _, message in inspection.faults],
                )
            )

    # Typed explicitly: a frame without rows would give DuckDB no types to infer.
    session.execute(f"create or replace temp table raw_export_files_inspected ({COLUMNS})")
    if rows:
        # One scan of a frame: executemany costs a round trip per file, and a three-year
        # history has tens of thousands of files.
        session.register("raw_export_files_frame", pd.DataFrame(rows))
        session.execute("insert into raw_export_files_inspected select * from raw_export_files_frame")
        session.unregister("raw_export_files_frame")
    if dbt.is_incremental:
        # Every present file is returned and replaces its row; a file no longer present
        # (or a source folder removed) leaves the inventory here, as in a full refresh.
        session.execute(
            f"delete from {dbt.this} where file_path not in "
            "(select file_path from raw_export_files_inspected)"
        )
    return session.table("raw_export_files_inspected")
