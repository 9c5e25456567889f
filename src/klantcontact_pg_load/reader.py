"""One raw export file read against the contract, in Python's csv module.

Follows the DuckDB pipeline's file checks (docs/raw-validation-contract.md) as far as the
loader needs them: a 0-byte file is skipped; text is UTF-8 (a BOM is dropped) or, when not
UTF-8, Windows-1252; header names are matched trimmed and case-insensitively, so columns are
read by name and an unknown column is ignored; a missing or duplicated contract column, NUL
bytes, an undecodable file or an unclosed quote skip the file with an error. A record with
fewer fields than the header keeps the missing fields null (DuckDB's null padding).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from klantcontact_raw.contract import ContractTable

# Bytes Windows-1252 leaves undefined: a file holding one is neither UTF-8 nor Windows-1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")

Row = tuple[str | None, ...]


@dataclass
class FileRead:
    """What reading one file gave: rows (contract columns, then the line number as text),
    warnings, and an error when the file was skipped."""

    path: str
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def is_loaded(self) -> bool:
        return self.error is None


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def decode(data: bytes, result: FileRead) -> str | None:
    """The file's text, or None (result.error set) when it is neither UTF-8 nor Windows-1252."""
    if b"\x00" in data:
        result.error = "NUL bytes (UTF-16 or binary); export as UTF-8"
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        line = _line_of(data, error.start)
    undefined = next((b for b in data if b in _CP1252_UNDEFINED), None)
    if undefined is not None:
        result.error = (
            f"neither UTF-8 nor Windows-1252 (byte 0x{undefined:02x} on line "
            f"{_line_of(data, data.index(bytes([undefined])))}); export as UTF-8"
        )
        return None
    text = data.decode("cp1252")
    result.warnings.append(
        f"not UTF-8 (byte 0x{byte:02x} on line {line}); read as Windows-1252, "
        f"where it is {bytes([byte]).decode('cp1252')!r}"
    )
    return text


def _column_positions(header: list[str], table: ContractTable, result: FileRead) -> list[int]:
    """The position in the header of each contract column; [] with result.error when one is
    missing or appears twice."""
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        key = name.strip().casefold()
        if key in positions:
            result.error = f"column {name.strip()} appears twice"
            return []
        positions[key] = position
    wanted = [column.casefold() for column in table.columns]
    missing = [column for column in table.columns if column.casefold() not in positions]
    if missing:
        unexpected = [name.strip() for name in header if name.strip().casefold() not in wanted]
        result.error = ", ".join(f"column {column!r} missing" for column in missing) + (
            f" (and {', '.join(repr(name) for name in unexpected)} unexpected: renamed?)"
            if unexpected
            else ""
        )
        return []
    for name in header:
        if name.strip().casefold() not in wanted:
            result.warnings.append(f"unexpected column {name.strip()!r} ignored")
    return [positions[column] for column in wanted]


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, fields) of every non-blank record, the header
    included; quoted line breaks are counted."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    line = 0
    for fields in reader:
        start, line = line + 1, reader.line_num
        if fields:
            yield start, fields


def read_file(path: Path, relative_path: str, table: ContractTable) -> FileRead:
    """Read one export file of `table`; never raises for the file's content."""
    result = FileRead(relative_path)
    data = path.read_bytes()
    if not data:
        result.warnings.append("0-byte file skipped")
        return result
    text = decode(data, result)
    if text is None:
        return result
    if text.count('"') % 2:
        result.error = "a quoted field is never closed (odd number of quote characters)"
        return result
    records = _records(text, table.delimiter)
    first = next(records, None)
    if first is None:
        result.warnings.append("no header; nothing read")
        return result
    positions = _column_positions(first[1], table, result)
    if result.error:
        return result
    width = len(first[1])
    for line, fields in records:
        if len(fields) < width:
            result.warnings.append(
                f"the record on line {line} has {len(fields)} of {width} fields; "
                "the missing ones are null"
            )
        result.rows.append(
            tuple(fields[p] if p < len(fields) else None for p in positions) + (str(line),)
        )
    return result
