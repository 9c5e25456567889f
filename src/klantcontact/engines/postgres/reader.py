"""The records of one export file that the inventory (stg_raw_exports__files) marked readable.

The inventory has already decided everything about the file (docs/raw-validation-contract.md):
whether it is read, its UTF-8 path (a transcoded copy of a Windows-1252 file) and the
contract name of each header column (`read_columns`, unknown columns `_unexpected_<n>`).
This module only splits the records, as DuckDB's read_csv does in the DuckDB pipeline
(macros/staging/read_raw.sql): quote and escape `"`, a record with fewer fields than the
header padded with nulls and marked truncated, an empty field read as ''.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from klantcontact.raw.contract import ContractTable

# Contract columns, then _record_number, _line_number and _is_truncated.
Row = tuple[str | int | bool | None, ...]


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


def read_records(read_path: Path, read_columns: Sequence[str], table: ContractTable) -> list[Row]:
    """Every data record of the file, by the contract's columns and with its lineage."""
    text = read_path.read_bytes().decode("utf-8-sig")
    # A real system's export may not supply every contract column: those are null.
    positions = [
        list(read_columns).index(column) if column in read_columns else None
        for column in table.columns
    ]
    width = len(read_columns)
    records = _records(text, table.delimiter)
    next(records, None)  # the header, already checked by the inventory
    rows: list[Row] = []
    for number, (line, fields) in enumerate(records, start=1):
        values = tuple(
            fields[p] if p is not None and p < len(fields) else None for p in positions
        )
        rows.append((*values, number, line, len(fields) < width))
    return rows
