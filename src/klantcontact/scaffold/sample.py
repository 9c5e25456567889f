"""Read a sample export: its header, its records, its delimiter and encoding, and whether a
quoted field spans lines.

The delimiters are the ones the raw file inventory knows (stg_raw_exports__files): a
sample is read with each, and the one that splits the header into the most fields, with
every record as wide as the header, wins. A quoted field holding a line break makes the
source `multiline: true`, which makes staging read its files single-threaded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

DELIMITERS = (",", ";", "\t", "|")
# Enough records to judge the delimiter; the line-break check reads the whole sample.
SNIFF_RECORDS = 200


class SampleError(ValueError):
    """The sample cannot be used: unreadable, empty or with an unusable header."""


@dataclass(frozen=True)
class Sample:
    path: Path
    delimiter: str
    header: tuple[str, ...]
    multiline: bool
    encoding: str
    # The data records (the header left out), as many as the sample holds.
    records: tuple[tuple[str, ...], ...] = ()

    def values(self, position: int) -> tuple[str, ...]:
        """The non-empty, trimmed values of one column, in file order."""
        return tuple(
            record[position].strip()
            for record in self.records
            if position < len(record) and record[position].strip()
        )


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if b"\x00" in data[:65536]:
        raise SampleError(f"{path}: NUL bytes (UTF-16 or not a text file); export as UTF-8")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # The inventory reads Windows-1252 too (from a UTF-8 copy), with a warning.
        return data.decode("cp1252", errors="replace"), "windows-1252"


def _records(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    records = []
    try:
        for record in reader:
            if record:
                records.append(record)
            if limit is not None and len(records) >= limit:
                break
    except csv.Error as problem:
        raise SampleError(f"not readable as CSV with {delimiter!r}: {problem}") from problem
    return records


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most fields, preferring one every
    sniffed record agrees with; ',' when no candidate splits the header at all."""
    best: tuple[bool, int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            records = _records(text, delimiter, SNIFF_RECORDS)
        except SampleError:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        consistent = all(len(record) == width for record in records[1:])
        score = (consistent, width, delimiter)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else ","


def has_quoted_line_break(text: str, delimiter: str) -> bool:
    """True when a field (necessarily a quoted one) holds a line break."""
    return any(
        "\n" in field or "\r" in field for record in _records(text, delimiter) for field in record
    )


def _check_header(header: list[str], path: Path) -> tuple[str, ...]:
    names = [name.strip() for name in header]
    if not names or names == [""]:
        raise SampleError(f"{path}: the first line holds no column names")
    empty = [str(position) for position, name in enumerate(names, start=1) if not name]
    if empty:
        raise SampleError(f"{path}: column {', '.join(empty)} of the header has no name")
    bad = [
        name
        for name in names
        if any(char in name for char in "'\"{}\\") or any(ord(char) < 32 for char in name)
    ]
    if bad:
        raise SampleError(
            f"{path}: column names with quotes, braces, backslashes or control characters "
            f"cannot go into the source YAML: {', '.join(repr(name) for name in bad)}"
        )
    folded = [name.casefold() for name in names]
    doubled = sorted({name for name in names if folded.count(name.casefold()) > 1})
    if doubled:
        raise SampleError(
            f"{path}: the header names a column twice (compared case-insensitively): "
            + ", ".join(doubled)
        )
    return tuple(names)


def read_sample(path: Path) -> Sample:
    """Header, delimiter, line breaks and encoding of a sample export file."""
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise SampleError(f"cannot read the sample {path}: {problem.strerror}") from problem
    if not data.strip():
        raise SampleError(f"{path}: the sample is empty; it needs at least a header line")
    text, encoding = _decode(data, path)
    delimiter = sniff_delimiter(text)
    records = _records(text, delimiter)
    header = _check_header(records[0] if records else [], path)
    return Sample(
        path=path,
        delimiter=delimiter,
        header=header,
        multiline=any("\n" in f or "\r" in f for record in records for f in record),
        encoding=encoding,
        records=tuple(tuple(record) for record in records[1:]),
    )
