"""The raw export inventory: every file under raw_dir, inspected before any row is read.

Code of the Python model stg_raw_exports__files (docs/raw-validation-contract.md). Each file
of a source folder `<raw_dir>/<source>/<YYYY-MM-DD>/` is one of:
- a contract file `<table>.csv`, checked by its bytes (encoding, header, delimiter, quotes,
  last record) and read in place (a Windows-1252 file from a UTF-8 copy);
- a file of a real system's format (klantcontact.raw.formats), read by its own rules into a
  UTF-8 copy of the contract columns it supplies, under transcode_dir;
- a container of such files (Signalen's dump zip), whose members are listed as
  `<zip>!<member>`;
- a page of an API (KISS, Open Klant, Open Zaak) as `klantcontact extract` wrote it,
  checked by klantcontact.raw.api_pages and read by the base models with read_json;
- a file a real system writes that the project does not use (listed, no fault);
- an unknown file: a warning, or an error when nothing in the folder is known, so a source
  is never missing without a failing build.
File-level faults get a kind, a severity and a message naming the problem; files with an
error are not read, while every other file and source still builds.

Listing and classifying the files is quick; inspecting one reads every byte of it (and
copies a real system's file). The inspections are independent, so a large inventory runs
them in worker processes (`workers`, the build's thread count).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import multiprocessing
import re
import zipfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from klantcontact.raw import api_pages, fast_copy, normalise
from klantcontact.raw.formats import (
    CONTRACT,
    SIGNALEN_DUMP,
    FileKind,
    SourceFormats,
    source_formats,
)

FOLDER_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OTHER_DELIMITERS = [",", ";", "\t", "|"]
ERROR = "error"
WARNING = "warning"
# Bytes that Windows-1252 leaves undefined: a file holding one is not Windows-1252.
CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
MEMBER = "!"  # <zip>!<member>: a file inside an export archive

COLUMNS = """
    file_path varchar, source_name varchar, table_name varchar, export_date date,
    size_bytes bigint, file_version varchar, contract_version varchar, physical_lines bigint,
    encoding varchar, header_columns varchar[], read_columns varchar[], is_read boolean,
    read_path varchar, fault_kinds varchar[], fault_severities varchar[],
    fault_messages varchar[], format_name varchar
"""


def column_names() -> list[str]:
    return [line.split()[0] for line in COLUMNS.split(",") if line.strip()]


@dataclass
class Contract:
    delimiter: str
    columns: list[str]

    @property
    def version(self) -> str:
        """Changes when the contract of the file type changes, so files are checked again."""
        key = "|".join([self.delimiter, *self.columns])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass
class Inspection:
    encoding: str | None = "utf-8"
    header: list[str] = field(default_factory=list)
    read_columns: list[str] = field(default_factory=list)
    read_path: str = ""
    physical_lines: int = 0
    faults: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, severity, message)

    def fault(self, kind: str, severity: str, message: str) -> None:
        self.faults.append((kind, severity, message))

    @property
    def is_read(self) -> bool:
        return not any(severity == ERROR for _, severity, _ in self.faults)


# --- contract files -------------------------------------------------------------------
def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf8(data: bytes, inspection: Inspection) -> bytes | None:
    """The file's bytes as UTF-8 without BOM, or None with an error fault when they cannot
    be decoded. Checks work on these bytes: quotes and line breaks are ASCII, so counting
    them needs no decoding, which keeps a large export cheap to inspect."""
    if b"\x00" in data[:65536]:
        inspection.fault(
            "unreadable_encoding", ERROR, "NUL bytes: UTF-16 or not a text file; export as UTF-8"
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


def _split(record: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(record), delimiter=delimiter), [])


def _check_header(header_line: str, contract: Contract, inspection: Inspection) -> bool:
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
            "renamed_column", ERROR, f"column {listed} missing and {others} unexpected: renamed?"
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


def _last_record_start(data: bytes) -> tuple[int, int]:
    """Offsets where the last record starts (after the last line break outside quotes)
    and ends (before the trailing line break)."""
    end = len(data.rstrip(b"\r\n"))
    position = data.rfind(b"\n", 0, end)
    while position > 0 and data.count(b'"', 0, position) % 2:
        position = data.rfind(b"\n", 0, position)
    return position + 1, end


def _check_records(data: bytes, contract: Contract, inspection: Inspection) -> None:
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


def file_version(path: Path) -> str:
    """Identifies one delivery of a file: its absolute path, size and modification time.
    A file re-delivered with other content, or another raw_dir, gets another version."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _copy_path(version: str, relative: str, transcode_dir: str) -> Path:
    """Where the UTF-8 copy of a file goes: transcode_dir/<version>/<path below raw_dir>,
    so the copy's path still ends in <source>/<export date>/<file name>."""
    return Path(transcode_dir) / version / relative


def _write_once(copy: Path, data: bytes) -> str:
    if not copy.exists():
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial = copy.with_name(copy.name + ".partial")
        partial.write_bytes(data)
        partial.replace(copy)
    return str(copy.resolve())


def inspect_contract_file(
    path: Path, relative: str, contract: Contract, transcode_dir: str
) -> Inspection:
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
        copy = _copy_path(file_version(path), relative, transcode_dir)
        inspection.read_path = _write_once(copy, utf8)
    return inspection


# --- real formats ---------------------------------------------------------------------
def _real_table(
    data: bytes, name: str, kind: FileKind, folder_day: dt.date | None
) -> normalise.Table:
    if kind.reader == "matomo":
        return normalise.matomo_table(data, name, folder_day)
    if kind.reader == "spreadsheet":
        return normalise.spreadsheet_table(data, name)
    return normalise.csv_table(data)


def _mapped_columns(
    file_header: list[str], has_records: bool, kind: FileKind, inspection: Inspection
) -> list[int] | None:
    """Positions of the header columns the contract reads, in file order; None (with an
    error fault) when a required column is missing or doubled."""
    header = [name.strip() for name in file_header]
    inspection.header = header
    doubled = sorted({name for name in header if header.count(name) > 1 and name in kind.renames})
    if doubled:
        inspection.fault("duplicate_column", ERROR, f"column {', '.join(doubled)} appears twice")
        return None
    missing = [name for name in kind.required if name not in header]
    if missing and has_records:
        listed = ", ".join(repr(name) for name in missing)
        inspection.fault("missing_column", ERROR, f"column {listed} missing")
        return None
    unexpected = [
        name for name in header
        if name not in kind.renames and name not in kind.known and not kind.other_columns_ignored
    ]  # fmt: skip
    if unexpected:
        others = ", ".join(repr(name) for name in unexpected)
        inspection.fault("extra_column", WARNING, f"unexpected column {others} ignored")
    return [position for position, name in enumerate(header) if name in kind.renames]


def _selected(
    header: list[str], positions: list[int], kind: FileKind
) -> list[tuple[int, str, int | None]]:
    """Per column read: its position, the contract column it fills, and the position of
    the column that fills it when its own value is empty (kind.fallbacks), or None."""
    selected = []
    for position in positions:
        column = kind.renames[header[position].strip()]
        fallback = kind.fallbacks.get(column)
        selected.append((position, column, header.index(fallback) if fallback in header else None))
    return selected


def _normalised_copy(
    table: normalise.Table, positions: list[int], kind: FileKind, delimiter: str,
    inspection: Inspection,
) -> bytes:  # fmt: skip
    """The contract columns of the file as CSV in the contract's delimiter. A record cut
    short keeps only the fields it has, so staging quarantines it as truncated_row."""
    selected = _selected(table.header, positions, kind)
    columns = [column for _, column, _ in selected]
    fallbacks = [fallback for _, _, fallback in selected]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    width = len(table.header)
    for number, record in enumerate(table.records, start=1):
        if len(record) < width:
            if number < len(table.records):
                inspection.fault(
                    "short_record", ERROR,
                    f"record {number} has {len(record)} of {width} fields",
                )  # fmt: skip
                return b""
            inspection.fault(
                "truncated_last_line", WARNING,
                f"the last record (record {number}) has {len(record)} of {width} fields; "
                "it is quarantined as truncated_row",
            )  # fmt: skip
        values = []
        for position, fallback in zip(positions, fallbacks, strict=True):
            if position >= len(record):
                break
            value = record[position]
            if not value and fallback is not None and fallback < len(record):
                value = record[fallback]
            values.append(value)
        writer.writerow(values)
    inspection.read_columns = columns
    return out.getvalue().encode("utf-8")


_NOT_A_LINE_END = re.compile(rb"[^\r\n]")


def _fast_inspection(
    data: bytes, path: Path, relative: str, version: str, kind: FileKind, contract: Contract,
    transcode_dir: str,
) -> Inspection | None:  # fmt: skip
    """A plain comma-separated file that is well-formed, copied by DuckDB (fast_copy); None
    when it is not plainly so, and Python's csv reader is to read it and name the fault."""
    # Slices and searches, not split or rstrip: those would copy a file of hundreds of MB.
    end = data.find(b"\n")
    first_line = data if end < 0 else data[:end]
    if (
        b"\x00" in data[:65536]
        or first_line.count(b'"') % 2  # a header with a quoted line break
        # no record: the checks need Python's reader
        or end < 0
        or _NOT_A_LINE_END.search(data, end + 1) is None
    ):
        return None
    try:
        header = next(csv.reader([first_line.decode("utf-8-sig").rstrip("\r")]))
    except (UnicodeDecodeError, StopIteration):
        return None
    # Python's reader skips a blank line; DuckDB's skips it only when a record has more
    # than one field.
    if len(header) < 2:
        return None
    inspection = Inspection(encoding="utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    inspection.physical_lines = data.count(b"\n") + (not data.endswith(b"\n"))
    positions = _mapped_columns(header, True, kind, inspection)
    if positions is None:
        return None
    selected = _selected(header, positions, kind)
    copy = _copy_path(version, relative, transcode_dir)
    if not fast_copy.copied(path, len(header), selected, contract.delimiter, copy):
        return None
    inspection.read_columns = [column for _, column, _ in selected]
    inspection.read_path = str(copy.resolve())
    return inspection


def inspect_real_file(
    data: bytes, name: str, relative: str, version: str, kind: FileKind, contract: Contract,
    folder_day: dt.date | None, transcode_dir: str, path: Path | None = None,
) -> Inspection:  # fmt: skip
    """A real system's file checked and copied into contract form. path: the file itself
    when it is not a member of an archive, which lets DuckDB copy a well-formed CSV."""
    inspection = Inspection()
    if not data:
        inspection.fault("empty_file", WARNING, "0-byte file skipped")
        return inspection
    if path is not None and kind.reader == "csv":
        fast = _fast_inspection(data, path, relative, version, kind, contract, transcode_dir)
        if fast is not None:
            return fast
    try:
        table = _real_table(data, name, kind, folder_day)
    except normalise.FileProblem as problem:
        inspection.fault(problem.kind, ERROR, problem.message)
        return inspection
    inspection.encoding = table.encoding
    inspection.physical_lines = table.physical_lines or len(table.records) + 1
    positions = _mapped_columns(table.header, bool(table.records), kind, inspection)
    if positions is None:
        return inspection
    copy = _normalised_copy(table, positions, kind, contract.delimiter, inspection)
    if inspection.is_read:
        inspection.read_path = _write_once(_copy_path(version, relative, transcode_dir), copy)
    return inspection


# --- folders --------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One file of a folder, or one member of an archive in it."""

    relative: str  # below raw_dir: <source>/<folder>/<name>, a member <zip>!<member>
    name: str  # the file's (member's) own name
    version: str
    size: int
    path: Path  # the file, or the archive holding the member
    member: str | None = None

    def data(self) -> bytes:
        if self.member is None:
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(self.member)


@dataclass
class Found:
    """A row of the inventory being assembled."""

    entry: Entry
    table: str
    format_name: str | None
    contract_version: str | None
    inspection: Inspection


def _kind_version(kind: FileKind, contract: Contract) -> str:
    key = "|".join([kind.format_name, contract.version, repr(sorted(kind.renames.items())),
                    repr(kind.required)])  # fmt: skip
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _header_of(entry: Entry) -> set[str]:
    if entry.member is None:
        with entry.path.open("rb") as file:
            start = file.read(65536)
    else:
        start = entry.data()[:65536]
    first = start.split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    return {name.strip() for name in _split(first.rstrip("\r"), ",")}


def _folder_format(entries: list[Entry], formats: SourceFormats) -> str | None:
    """The real format a folder's shared file names (Signalen's `signals.csv` on Azure
    storage) belong to: one whose distinctive files are present, or whose columns a
    same-named file's header has; None for the contract."""
    for archive in formats.archives:
        if any(archive.pattern.match(entry.name) for entry in entries):
            return archive.format_name
    for kind in formats.kinds:
        for entry in entries:
            if not kind.pattern.match(entry.name):
                continue
            if not kind.shares_contract_name or entry.name != f"{kind.table}.csv":
                return kind.format_name
            if len(kind.signature & _header_of(entry)) >= 2:
                return kind.format_name
    return None


def _archive_entries(entry: Entry, formats: SourceFormats) -> tuple[list[Entry], Found | None]:
    """The members of an export archive, or the archive itself as a fault."""
    archive = next(a for a in formats.archives if a.pattern.match(entry.name))
    inspection = Inspection(read_path=str(entry.path.resolve()), encoding=None)
    try:
        with zipfile.ZipFile(entry.path) as opened:
            names = [info.filename for info in opened.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as problem:
        inspection.fault("corrupt_archive", ERROR, f"not a readable zip archive ({problem})")
        return [], Found(entry, "", archive.format_name, None, inspection)
    members = [
        Entry(f"{entry.relative}{MEMBER}{name}", Path(name).name, entry.version, entry.size,
              entry.path, name)
        for name in names
    ]  # fmt: skip
    tables = {
        kind.table
        for kind in formats.kinds
        for member in members
        if kind.format_name == archive.format_name and kind.pattern.match(member.name)
    }
    lacking = [table for table in archive.required_tables if table not in tables]
    if lacking:
        inspection.fault(
            "incomplete_archive", ERROR,
            f"no {', '.join(lacking)} file in the archive (members: "
            f"{', '.join(sorted(m.name for m in members)) or 'none'}); no member is read",
        )  # fmt: skip
        return [], Found(entry, "", archive.format_name, None, inspection)
    return members, None


def _unknown(entry: Entry, is_dated: bool) -> Found:
    inspection = Inspection(read_path=str(entry.path.resolve()))
    inspection.fault(
        "unknown_file",
        WARNING,
        "not a file of the export contract or of a known system's export; ignored"
        if is_dated
        else "folder name is not an export date (YYYY-MM-DD); ignored",
    )
    return Found(entry, Path(entry.name).stem, None, None, inspection)


def _classify(
    entry: Entry, folder_format: str | None, formats: SourceFormats,
    contracts: dict[str, Contract],
) -> tuple[str, FileKind | None, str | None] | None:  # fmt: skip
    """(table, real kind or None, format) of a file: a contract file has no kind and the
    format `contract`; a real system's file the project does not use has no kind and the
    system's name for it as table; None when the file is unknown."""
    for kind in formats.kinds:
        if not kind.pattern.match(entry.name):
            continue
        if kind.shares_contract_name and folder_format != kind.format_name:
            continue
        return kind.table, kind, kind.format_name
    for unused in formats.unused:
        if unused.pattern.match(entry.name) and folder_format == unused.format_name:
            return unused.name, None, unused.format_name
    stem, suffix = entry.name.rsplit(".", 1) if "." in entry.name else (entry.name, "")
    if suffix == "csv" and stem in contracts and entry.member is None:
        return stem, None, CONTRACT
    return None


def _inspect_entry(
    entry: Entry, table: str, kind: FileKind | None, format_name: str | None,
    contracts: dict[str, Contract], export_date: dt.date, transcode_dir: str,
) -> Found:  # fmt: skip
    if kind is None and format_name != CONTRACT:  # a real system's file, not used
        inspection = Inspection(read_path=str(entry.path.resolve()), encoding=None)
        return Found(entry, table, format_name, None, inspection)
    contract = contracts[table]
    if kind is None:
        inspection = inspect_contract_file(entry.path, entry.relative, contract, transcode_dir)
        return Found(entry, table, CONTRACT, contract.version, inspection)
    inspection = inspect_real_file(
        entry.data(),
        entry.name,
        entry.relative,
        entry.version,
        kind,
        contract,
        export_date,
        transcode_dir,
        entry.path if entry.member is None else None,
    )
    return Found(entry, table, format_name, _kind_version(kind, contract), inspection)


# --- API pages ------------------------------------------------------------------------
# Changes when the page checks change, so pages are checked again.
API_CHECKS_VERSION = "1"


def _api_version(system: api_pages.System, manifests: dict[str, Entry]) -> str:
    manifest = manifests.get(system.manifest)
    key = f"{API_CHECKS_VERSION}|{manifest.version if manifest else 'no manifest'}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _inspect_page(
    entry: Entry, system: api_pages.System, has_manifest: bool, transcode_dir: str
) -> Inspection:
    inspection = Inspection(read_path=str(entry.path.resolve()))
    checked = api_pages.check_page(entry.data(), system)
    if checked.fault:
        inspection.fault(checked.fault[0], ERROR, checked.fault[1])
        return inspection
    if not has_manifest:
        inspection.fault(
            "incomplete_extract", ERROR,
            f"no {system.manifest} in this folder: the extract of {system.label} did not "
            "finish; run it again for this window (make extract)",
        )  # fmt: skip
        return inspection
    inspection.physical_lines = checked.records
    inspection.read_columns = ["results"]
    if checked.envelope is not None:
        copy = _copy_path(entry.version, entry.relative, transcode_dir)
        inspection.read_path = _write_once(copy, checked.envelope)
    return inspection


def _api_entries(
    entries: list[Entry], source: str, transcode_dir: str, earlier: dict[str, tuple]
) -> tuple[list[tuple[Found | tuple, bool]], list[Entry]]:  # fmt: skip
    """The API pages and manifests of a folder (as inventory rows or kept earlier rows),
    and the folder's other entries."""
    manifests = {
        entry.name: entry for entry in entries if api_pages.manifest_of(entry.name, source)
    }
    listed: list[tuple[Found | tuple, bool]] = []
    rest: list[Entry] = []
    for entry in entries:
        system = api_pages.manifest_of(entry.name, source)
        if system is not None:
            inspection = Inspection(read_path=str(entry.path.resolve()), encoding=None)
            listed.append((Found(entry, "manifest", system.format_name, None, inspection), False))
            continue
        page = api_pages.page_of(entry.name, source) if entry.member is None else None
        if page is None:
            rest.append(entry)
            continue
        system, resource = page
        version = _api_version(system, manifests)
        kept = earlier.get(entry.relative)
        if kept and kept[5] == entry.version and kept[6] == version and _still_valid(kept):
            listed.append((kept, True))
            continue
        inspection = _inspect_page(entry, system, system.manifest in manifests, transcode_dir)
        table = system.table(resource)
        listed.append((Found(entry, table, system.format_name, version, inspection), False))
    return listed, rest


def folder_date(name: str) -> dt.date | None:
    if not FOLDER_DATE.match(name):
        return None
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None  # 2025-02-30: not a date, reported like any other folder name


def _entries(folder: Path, source: str) -> list[Entry]:
    return [
        Entry(f"{source}/{folder.name}/{path.name}", path.name, file_version(path),
              path.stat().st_size, path)
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.startswith(".")
    ]  # fmt: skip


@dataclass(frozen=True)
class _Job:
    """A file to inspect: the costly part of the inventory, run where workers allow."""

    entry: Entry
    table: str
    kind: FileKind | None
    format_name: str | None
    contracts: dict[str, Contract]
    export_date: dt.date
    transcode_dir: str


def _run_job(job: _Job) -> Found:
    return _inspect_entry(job.entry, job.table, job.kind, job.format_name, job.contracts,
                          job.export_date, job.transcode_dir)  # fmt: skip


@dataclass
class _FolderPlan:
    """One source folder's inventory: rows kept as they were, then the files found (inspected
    already, or a job to inspect)."""

    source: str
    export_date: dt.date | None
    kept: list[tuple] = field(default_factory=list)
    found: list[Found | _Job] = field(default_factory=list)


def _plan_folder(
    folder: Path, source: str, contracts: dict[str, Contract], formats: SourceFormats,
    transcode_dir: str, earlier: dict[str, tuple],
) -> _FolderPlan:  # fmt: skip
    """The inventory of one source folder; `earlier` rows by file path are kept when their
    delivery and contract are unchanged."""
    export_date = folder_date(folder.name)
    plan = _FolderPlan(source, export_date)
    entries = _entries(folder, source)
    if export_date is None:
        plan.found.extend(_unknown(entry, False) for entry in entries)
        return plan
    expanded: list[Entry] = []
    for entry in entries:
        if any(archive.pattern.match(entry.name) for archive in formats.archives):
            members, fault = _archive_entries(entry, formats)
            expanded.extend(members)
            if fault:
                plan.found.append(fault)
        else:
            expanded.append(entry)
    listed, expanded = _api_entries(expanded, source, transcode_dir, earlier)
    for item, is_kept in listed:
        if is_kept:
            plan.kept.append(item)
        else:
            plan.found.append(item)
    folder_format = _folder_format(expanded, formats)
    for entry in expanded:
        classified = _classify(entry, folder_format, formats, contracts)
        if classified is None:
            plan.found.append(_unknown(entry, True))
            continue
        table, kind, format_name = classified
        contract_version = (
            _kind_version(kind, contracts[table]) if kind else
            contracts[table].version if format_name == CONTRACT else None
        )  # fmt: skip
        kept = earlier.get(entry.relative)
        if kept and kept[5] == entry.version and kept[6] == contract_version and _still_valid(kept):
            plan.kept.append(kept)
            continue
        plan.found.append(
            _Job(entry, table, kind, format_name, contracts, export_date, transcode_dir)
        )
    if (
        entries and not listed and len(plan.found) == len(expanded)
        and all(item.format_name is None for item in plan.found)
    ):  # fmt: skip
        _no_known_file(plan.found, source, contracts, formats)
    return plan


# Below this many bytes to inspect, starting worker processes costs more than it saves.
PARALLEL_BYTES = 64 * 1024 * 1024


def _inspected(jobs: list[_Job], workers: int) -> list[Found]:
    """Each job's inspection, in the jobs' order."""
    if workers < 2 or len(jobs) < 2 or sum(job.entry.size for job in jobs) < PARALLEL_BYTES:
        return [_run_job(job) for job in jobs]
    # spawn, not fork: the inventory runs inside dbt, whose other threads may hold locks.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as pool:
        return list(pool.map(_run_job, jobs))


def _no_known_file(
    found: list[Found], source: str, contracts: dict[str, Contract], formats: SourceFormats
) -> None:
    """A folder holding files of which none is known: the source would be missing from the
    build without a word, so every file is an error."""
    expected = ", ".join(f"{table}.csv" for table in sorted(contracts))
    systems = ", ".join(sorted(set(formats.names.values())))
    for item in found:
        item.inspection.faults = [(
            "unknown_file", ERROR,
            f"no file in this folder is an export of {source} (expected {expected}"
            + (f", or the files of a {systems}" if systems else "") + "); nothing is read",
        )]  # fmt: skip


def _still_valid(row: tuple) -> bool:
    # A UTF-8 copy removed with target/ has to be written again.
    return not row[11] or Path(row[12]).exists()


def _row(source: str, export_date: dt.date | None, item: Found) -> tuple:
    inspection = item.inspection
    return (
        item.entry.relative,
        source,
        item.table,
        export_date,
        item.entry.size,
        item.entry.version,
        item.contract_version,
        inspection.physical_lines,
        inspection.encoding if inspection.physical_lines else None,
        inspection.header,
        inspection.read_columns,
        inspection.is_read and bool(inspection.read_columns),
        inspection.read_path,
        [kind for kind, _, _ in inspection.faults],
        [severity for _, severity, _ in inspection.faults],
        [message for _, _, message in inspection.faults],
        item.format_name,
    )


def inventory_rows(
    raw_dir: str, transcode_dir: str, contracts: dict[tuple[str, str], Contract],
    earlier: dict[str, tuple] | None = None, workers: int = 1,
) -> Iterable[tuple]:  # fmt: skip
    """Every file under raw_dir/<source>/<folder>/ of the sources in `contracts`; the files
    to inspect are inspected by `workers` processes when there is enough of them."""
    plans = []
    for source in sorted({source for source, _ in contracts}):
        tables = {table: contract for (s, table), contract in contracts.items() if s == source}
        formats = source_formats(source, {t: tuple(c.columns) for t, c in tables.items()})
        root = Path(raw_dir, source)
        folders = sorted(path for path in root.glob("*") if path.is_dir()) if root.is_dir() else []
        plans.extend(
            _plan_folder(folder, source, tables, formats, transcode_dir, earlier or {})
            for folder in folders
        )
    jobs = [item for plan in plans for item in plan.found if isinstance(item, _Job)]
    inspections = iter(_inspected(jobs, workers))
    for plan in plans:
        yield from plan.kept
        for item in plan.found:
            found = next(inspections) if isinstance(item, _Job) else item
            yield _row(plan.source, plan.export_date, found)


__all__ = ["COLUMNS", "Contract", "SIGNALEN_DUMP", "column_names", "inventory_rows"]
