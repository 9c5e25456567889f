"""Read a real system's export file into a header and records of text fields.

Each reader returns the file's own column names and its records, or raises FileProblem
with the fault the inventory reports for the file (a kind and a message naming what is
wrong, never row content). klantcontact.raw.inventory maps the columns onto the contract
and writes the UTF-8 copy the base models read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")


class FileProblem(Exception):
    """A file that breaks its format: skipped with an error fault of this kind."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass
class Table:
    """A file's columns and records (a record may be shorter than the header)."""

    header: list[str]
    records: list[list[str]]
    encoding: str | None = "utf-8"
    physical_lines: int = 0
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, severity, message)


def _text(data: bytes) -> tuple[str, str]:
    """The text of a CSV or JSON file in UTF-8, with or without BOM, or in UTF-16 with BOM
    (Matomo's default CSV)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as problem:
            raise FileProblem(
                "unreadable_encoding", f"not valid UTF-16: {problem.reason}"
            ) from None
    if b"\x00" in data[:65536]:
        raise FileProblem("unreadable_encoding", "NUL bytes without a UTF-16 byte order mark")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise FileProblem(
            "unreadable_encoding",
            f"not UTF-8 (byte 0x{data[problem.start : problem.start + 1].hex()} on line {line})",
        ) from None
    return text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"


def csv_table(data: bytes) -> Table:
    """A comma-separated file as Python's csv module and PostgreSQL's COPY write it."""
    text, encoding = _text(data)
    if text.count('"') % 2:
        raise FileProblem(
            "unclosed_quote", "a quoted field is never closed (odd number of quote characters)"
        )
    rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    if not rows:
        raise FileProblem("empty_file", "no header line")
    return Table(rows[0], rows[1:], encoding, text.count("\n") + (not text.endswith("\n")))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rows_table(rows: list[dict[str, Any]], first: tuple[str, ...] = ()) -> Table:
    """Dictionaries (JSON records) as a table; columns in order of first appearance."""
    header = list(first)
    for row in rows:
        header.extend(key for key in row if key not in header)
    return Table(header, [[_cell(row.get(key)) for key in header] for row in rows])


def _report_day(name: str, folder_day: dt.date | None) -> str:
    """The day of a single-day report: a date in the file name, else the export folder's."""
    found = DAY.search(name)
    if found:
        return found.group(1)
    if folder_day is None:
        raise FileProblem("not_a_report", "a single-day report in a folder without a date")
    return folder_day.isoformat()


def _matomo_json(text: str, name: str, folder_day: dt.date | None) -> Table:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as problem:
        raise FileProblem(
            "not_a_report", f"not valid JSON: {problem.msg} on line {problem.lineno}"
        ) from None
    if isinstance(document, dict) and document.get("result") == "error":
        raise FileProblem(
            "error_response", f"Matomo answered with an error: {document.get('message')!r}"
        )
    if isinstance(document, list):
        days = {_report_day(name, folder_day): document}
    elif isinstance(document, dict):
        days = document
    else:
        raise FileProblem("not_a_report", "neither a list of rows nor an object keyed by date")
    rows: list[dict[str, Any]] = []
    for day, day_rows in days.items():
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(day)):
            raise FileProblem(
                "not_a_report",
                f"key {day!r} is not a day: request the report with period=day",
            )
        if not isinstance(day_rows, list) or not all(isinstance(r, dict) for r in day_rows):
            raise FileProblem("not_a_report", f"the value of {day!r} is not a list of rows")
        rows.extend({**row, "date": day} for row in day_rows)
    if not rows:  # days without visits: a valid report of nothing
        return Table(["date", "label", "nb_visits"], [])
    return _rows_table(rows, ("date",))


def _matomo_csv(text: str, name: str, folder_day: dt.date | None) -> Table:
    stripped = text.strip()
    if stripped.startswith("Error: "):
        raise FileProblem("error_response", f"Matomo answered with an error: {stripped[7:200]!r}")
    if stripped == "No data available" or not stripped:
        return Table(["date", "label", "nb_visits"], [])
    rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    header = rows[0]
    # Matomo writes a multi-day report day by day, with the header of all days: a metric
    # first seen on a later day leaves the earlier days' rows short of it.
    records = [row + [""] * (len(header) - len(row)) for row in rows[1:]]
    if "date" not in header:
        day = _report_day(name, folder_day)
        header = ["date", *header]
        records = [[day, *record] for record in records]
    return Table(header, records)


def matomo_table(data: bytes, name: str, folder_day: dt.date | None) -> Table:
    """A Matomo Reporting API response (format=JSON or CSV): every row with its day."""
    text, encoding = _text(data)
    reader = _matomo_json if text.lstrip()[:1] in ("[", "{") else _matomo_csv
    table = reader(text, name, folder_day)
    table.encoding = encoding
    table.physical_lines = text.count("\n") + 1
    return table


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook  # only Open Formulieren's exports need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises zipfile, KeyError and its own errors
        raise FileProblem(
            "not_a_report", f"not a readable XLSX workbook ({type(problem).__name__})"
        ) from None
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def spreadsheet_table(data: bytes, name: str) -> Table:
    """An export tablib wrote (Open Formulieren): CSV, XLSX or JSON by the file's extension."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        return csv_table(data)
    if suffix == ".json":
        text, _ = _text(data)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as problem:
            raise FileProblem(
                "not_a_report", f"not valid JSON: {problem.msg} on line {problem.lineno}"
            ) from None
        if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
            raise FileProblem("not_a_report", "not a list of records")
        table = _rows_table(document)
        table.physical_lines = text.count("\n") + 1
        return table
    rows = [row for row in _xlsx_rows(data) if any(cell is not None for cell in row)]
    if not rows:
        raise FileProblem("empty_file", "a workbook without a header row")
    header = [_cell(cell).strip() for cell in rows[0]]
    table = Table(header, [[_cell(cell) for cell in row] for row in rows[1:]], None)
    table.physical_lines = len(rows)
    return table
