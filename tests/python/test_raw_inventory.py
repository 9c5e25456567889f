"""The raw inventory on real systems' exports, file by file (klantcontact.raw.inventory).

No dbt build: the inventory's rows and the UTF-8 copies it writes are checked directly.
The files are written here byte for byte as the systems write them (docs/sources/).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from klantcontact.raw import fast_copy
from klantcontact.raw.contract import read_contract
from klantcontact.raw.formats import SIGNALEN_HEADERS
from klantcontact.raw.inventory import Contract, column_names, inventory_rows
from klantcontact.settings import SETTINGS

CONTRACTS = {
    (table.source, table.name): Contract(table.delimiter, list(table.columns))
    for table in read_contract(SETTINGS.project_dir)
}
DAY = "2025-04-16"


def _crlf(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def _signalen_file(name: str, *rows: str) -> bytes:
    return _crlf(",".join(SIGNALEN_HEADERS[name]), *rows)


SIGNAL = (
    "40121,0f8e2d6a-3b1c-4e5f-9a7b-1c2d3e4f5a6b,Telefoon – KCC,\"Vuilniszakken\nnaast "
    "container\",,2025-04-15 18:30:00+00,,2025-04-15 18:34:12.481233+00,"
    "2025-04-16 07:02:55.102+00,,,,,null,88310,88309,88308,120455,normal,"
    "2025-04-15 18:34:12.52+00,,SIG,2025-04-15 18:34:12.53+00,"
)
LOCATION = (
    '88309,4.8936041,52.3730796,Centrum,,"{""postcode"": ""1012JS"", ""huisnummer"": 1}",'
    "Dam 1 1012JS Amsterdam,2025-04-15 18:34:12.49+00,2025-04-15 18:34:12.49+00,null,40121,"
    "Dam,1,1012JS,Amsterdam,BU03070101,Binnenstad"
)
DUMP = {
    "signals": _signalen_file("signals", SIGNAL),
    "locations": _signalen_file("locations", LOCATION),
    "statuses": _signalen_file("statuses"),
    "notes": _signalen_file("notes", '1,2025-04-16 07:00:00+00,2025-04-16 07:00:00+00,40121,"Bel"'),
}


def _inventory(raw_dir: Path, tmp_path: Path) -> dict[str, dict[str, object]]:
    names = column_names()
    rows = inventory_rows(str(raw_dir), str(tmp_path / "copies"), CONTRACTS)
    return {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def _copy(row: dict[str, object]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(Path(str(row["read_path"])).read_text("utf-8"))))


def _folder(tmp_path: Path, source: str) -> Path:
    folder = tmp_path / "raw" / source / DAY
    folder.mkdir(parents=True)
    return folder


def test_a_local_storage_dump_is_read_with_latitude_and_longitude_put_right(tmp_path):
    folder = _folder(tmp_path, "mor")
    for name, data in DUMP.items():
        (folder / f"020000UTC_{name}.csv").write_bytes(data)
    rows = _inventory(tmp_path / "raw", tmp_path)
    signals = rows[f"mor/{DAY}/020000UTC_signals.csv"]
    assert (signals["table_name"], signals["format_name"], signals["is_read"]) == (
        "signals", "signalen_dump", True,
    )  # fmt: skip
    assert signals["fault_kinds"] == []
    assert _copy(signals)[0]["text"] == "Vuilniszakken\nnaast container"
    location = _copy(rows[f"mor/{DAY}/020000UTC_locations.csv"])[0]
    # Signalen writes st_x (the longitude) as `lat`.
    assert (location["lat"], location["lng"]) == ("52.3730796", "4.8936041")
    # Outside Amsterdam buurt_code is empty and the buurt is the area.
    assert location["buurt_code"] == "BU03070101"
    notes = rows[f"mor/{DAY}/020000UTC_notes.csv"]
    assert (notes["table_name"], notes["is_read"], notes["fault_kinds"]) == ("notes", False, [])


def test_azure_storage_names_are_told_from_the_contract_by_their_headers(tmp_path):
    folder = _folder(tmp_path, "mor")
    (folder / "signals.csv").write_bytes(DUMP["signals"])
    (folder / "locations.csv").write_bytes(DUMP["locations"])
    contract = folder.parent / "2025-04-17"
    contract.mkdir()
    columns = CONTRACTS[("mor", "locations")].columns
    (contract / "locations.csv").write_text(",".join(columns) + "\n")
    rows = _inventory(tmp_path / "raw", tmp_path)
    assert rows[f"mor/{DAY}/locations.csv"]["format_name"] == "signalen_dump"
    assert rows["mor/2025-04-17/locations.csv"]["format_name"] == "contract"


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_the_dump_zip_is_read_member_by_member(tmp_path):
    folder = _folder(tmp_path, "mor")
    _zip(folder / "20250416_020000UTC.zip",
         {f"020000UTC_{name}.csv": data for name, data in DUMP.items()})  # fmt: skip
    rows = _inventory(tmp_path / "raw", tmp_path)
    member = rows[f"mor/{DAY}/20250416_020000UTC.zip!020000UTC_signals.csv"]
    assert (member["table_name"], member["is_read"]) == ("signals", True)
    assert _copy(member)[0]["id"] == "40121"


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (None, "incomplete_archive", "no signals file in the archive"),
        (b"PK\x03\x04 cut off", "corrupt_archive", "not a readable zip archive"),
    ],
)
def test_a_broken_dump_zip_is_an_error_naming_it(tmp_path, data, kind, message):
    folder = _folder(tmp_path, "mor")
    path = folder / "20250416_020000UTC.zip"
    if data is None:
        _zip(path, {"020000UTC_statuses.csv": DUMP["statuses"]})
    else:
        path.write_bytes(data)
    rows = _inventory(tmp_path / "raw", tmp_path)
    row = rows[f"mor/{DAY}/20250416_020000UTC.zip"]
    assert row["fault_kinds"] == [kind] and row["fault_severities"] == ["error"]
    assert message in str(row["fault_messages"][0])
    assert not any(path.startswith(f"mor/{DAY}/20250416_020000UTC.zip!") for path in rows)


def test_a_dump_file_missing_a_column_is_an_error(tmp_path):
    folder = _folder(tmp_path, "mor")
    header = [c for c in SIGNALEN_HEADERS["signals"] if c != "created_at"]
    (folder / "020000UTC_signals.csv").write_bytes(_crlf(",".join(header), SIGNAL))
    row = _inventory(tmp_path / "raw", tmp_path)[f"mor/{DAY}/020000UTC_signals.csv"]
    assert (row["fault_kinds"], row["is_read"]) == (["missing_column"], False)
    assert "'created_at'" in str(row["fault_messages"][0])


# Values the two copy paths must write alike: a quoted line break and quotes, commas and
# semicolons in a value, leading and trailing spaces, empty fields, and in locations an
# empty buurt_code that area_code fills.
TRICKY_SIGNAL = (
    '40122,1a8e2d6a-3b1c-4e5f-9a7b-1c2d3e4f5a6b, Balie ,"Paal ""scheef"", a;b\nbij 3",,'
    "2025-04-15 18:30:00+00,,2025-04-15 18:34:12.481233+00,,,,,,null,88311,88312,88313,"
    "120456,,,,SIG,,"
)


def _fast_copies(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """What each of DuckDB's copies returned (small inventories inspect in-process)."""
    results: list[bool] = []
    original = fast_copy.copied

    def recorded(*args: Any) -> bool:
        results.append(original(*args))
        return results[-1]

    monkeypatch.setattr(fast_copy, "copied", recorded)
    return results


def test_a_plain_dump_file_is_copied_as_a_zip_member_is(tmp_path, monkeypatch):
    """A plain, well-formed file is copied by DuckDB (klantcontact.raw.fast_copy), a zip
    member by Python's csv module: both copies hold the same values."""
    fast_copies = _fast_copies(monkeypatch)
    dump = {
        "signals": b"\xef\xbb\xbf" + _signalen_file("signals", SIGNAL, TRICKY_SIGNAL),
        "locations": DUMP["locations"],
    }
    folder = _folder(tmp_path, "mor")
    for name, data in dump.items():
        (folder / f"020000UTC_{name}.csv").write_bytes(data)
    other = tmp_path / "raw" / "mor" / "2025-04-17"
    other.mkdir()
    _zip(other / "20250417_020000UTC.zip",
         {f"020000UTC_{name}.csv": data for name, data in dump.items()})  # fmt: skip
    rows = _inventory(tmp_path / "raw", tmp_path)
    assert fast_copies == [True, True]
    for name in dump:
        plain = rows[f"mor/{DAY}/020000UTC_{name}.csv"]
        member = rows[f"mor/2025-04-17/20250417_020000UTC.zip!020000UTC_{name}.csv"]
        for row in (plain, member):
            assert (row["is_read"], row["fault_kinds"]) == (True, [])
        assert plain["encoding"] == member["encoding"]
        assert plain["physical_lines"] == member["physical_lines"]
        assert plain["read_columns"] == member["read_columns"]
        assert _copy(plain) == _copy(member)
    signals = rows[f"mor/{DAY}/020000UTC_signals.csv"]
    assert (signals["encoding"], signals["physical_lines"]) == ("utf-8-sig", 5)
    tricky = _copy(signals)[1]
    assert tricky["text"] == 'Paal "scheef", a;b\nbij 3'
    assert (tricky["source"], tricky["updated_at"], tricky["priority"]) == (" Balie ", "", "")
    location = _copy(rows[f"mor/{DAY}/020000UTC_locations.csv"])[0]
    assert location["buurt_code"] == "BU03070101"


@pytest.mark.parametrize(
    ("rows", "kind", "severity"),
    [
        ((SIGNAL.rsplit(",", 3)[0], SIGNAL), "short_record", "error"),
        ((SIGNAL, SIGNAL.rsplit(",", 3)[0]), "truncated_last_line", "warning"),
    ],
)
def test_a_plain_dump_file_with_a_short_record_names_it(
    tmp_path, monkeypatch, rows, kind, severity
):
    """DuckDB refuses the file; Python's csv module reads it and names the fault."""
    fast_copies = _fast_copies(monkeypatch)
    folder = _folder(tmp_path, "mor")
    (folder / "020000UTC_signals.csv").write_bytes(_signalen_file("signals", *rows))
    row = _inventory(tmp_path / "raw", tmp_path)[f"mor/{DAY}/020000UTC_signals.csv"]
    assert fast_copies == [False]
    assert (row["fault_kinds"], row["fault_severities"]) == ([kind], [severity])


PAGES = {
    "2025-04-14": [
        {"label": "/afval", "nb_visits": 3, "nb_uniq_visitors": 3, "nb_hits": 5,
         "sum_time_spent": 40, "entry_nb_visits": 2, "entry_bounce_count": 1,
         "avg_time_on_page": 8, "bounce_rate": "50%", "exit_rate": "0%",
         "url": "https://www.example.nl/afval", "segment": "pageUrl==https%3A%2F%2F"},
        {"label": "/paspoort", "nb_visits": 1, "nb_hits": 1, "sum_time_spent": 0,
         "avg_time_on_page": 0, "bounce_rate": "0%", "exit_rate": "0%"},
    ],
    "2025-04-15": [],
}  # fmt: skip


def test_a_matomo_json_report_keyed_by_date_gives_a_row_per_page_and_day(tmp_path):
    folder = _folder(tmp_path, "web")
    (folder / "Actions.getPageUrls.json").write_text(json.dumps(PAGES))
    row = _inventory(tmp_path / "raw", tmp_path)[f"web/{DAY}/Actions.getPageUrls.json"]
    assert (row["table_name"], row["format_name"], row["is_read"]) == ("pages", "matomo", True)
    copy = _copy(row)
    assert [(r["date"], r["label"], r["entry_nb_visits"]) for r in copy] == [
        ("2025-04-14", "/afval", "2"), ("2025-04-14", "/paspoort", ""),
    ]  # fmt: skip


def test_a_matomo_csv_in_utf16_and_a_single_day_report_get_their_day(tmp_path):
    folder = _folder(tmp_path, "web")
    text = "label,nb_visits,nb_hits,nb_pages_per_search,exit_nb_visits,metadata_segment\n" \
        "grofvuil,4,5,1.3,1,siteSearchKeyword==grofvuil"  # fmt: skip
    (folder / "Actions.getSiteSearchKeywords_2025-04-14.csv").write_bytes(
        b"\xff\xfe" + text.encode("utf-16-le")
    )
    row = _inventory(tmp_path / "raw", tmp_path)[
        f"web/{DAY}/Actions.getSiteSearchKeywords_2025-04-14.csv"
    ]
    assert (row["encoding"], row["is_read"]) == ("utf-16", True)
    assert _copy(row) == [
        {"date": "2025-04-14", "label": "grofvuil", "nb_visits": "4", "nb_pages_per_search": "1.3",
         "exit_nb_visits": "1"}
    ]  # fmt: skip


def test_a_matomo_error_response_is_an_error_naming_the_message(tmp_path):
    folder = _folder(tmp_path, "web")
    (folder / "Actions.getPageUrls.json").write_text(
        '{"result":"error","message":"You can\'t access this resource as it requires '
        "'view' access for the website id = 1.\"}"
    )
    row = _inventory(tmp_path / "raw", tmp_path)[f"web/{DAY}/Actions.getPageUrls.json"]
    assert (row["fault_kinds"], row["is_read"]) == (["error_response"], False)
    assert "requires 'view' access" in str(row["fault_messages"][0])


def test_an_open_formulieren_export_keeps_only_form_name_and_completion(tmp_path):
    folder = _folder(tmp_path, "web")
    (folder / "submissions_export.csv").write_bytes(_crlf(
        "Formuliernaam,Inzendingdatum,Taalcode,naam,bsn",
        "Melding grofvuil,2025-04-15 23:30:01.417235,nl,Jan,123456782",
    ))  # fmt: skip
    row = _inventory(tmp_path / "raw", tmp_path)[f"web/{DAY}/submissions_export.csv"]
    assert (row["format_name"], row["fault_kinds"]) == ("openforms_submissions", [])
    assert _copy(row) == [
        {"form_name": "Melding grofvuil", "completed_at": "2025-04-15 23:30:01.417235"}
    ]


def test_open_formulieren_statistics_fall_back_to_the_public_form_name(tmp_path):
    from openpyxl import Workbook

    folder = _folder(tmp_path, "web")
    book = Workbook()
    sheet = book.active
    sheet.append(["Publieke referentie", "Formuliernaam (publiek)", "Formuliernaam (intern)",
                  "Ingezonden op", "Geregistreerd op"])  # fmt: skip
    sheet.append(["OF-A1B2C3", "Grofvuil ophalen", None, "2025-04-15T10:23:45.123Z",
                  "2025-04-15T10:23:47.123456+00:00"])  # fmt: skip
    book.save(folder / "submissions_2025-04-01_2025-04-30.xlsx")
    row = _inventory(tmp_path / "raw", tmp_path)[
        f"web/{DAY}/submissions_2025-04-01_2025-04-30.xlsx"
    ]
    assert row["format_name"] == "openforms_statistics"
    assert _copy(row) == [
        {"submission_id": "OF-A1B2C3", "form_name": "Grofvuil ophalen",
         "completed_at": "2025-04-15T10:23:45.123Z"}
    ]  # fmt: skip


def test_a_folder_of_unknown_files_only_is_an_error(tmp_path):
    folder = _folder(tmp_path, "mor")
    (folder / "export.csv").write_text("a,b\n1,2\n")
    row = _inventory(tmp_path / "raw", tmp_path)[f"mor/{DAY}/export.csv"]
    assert (row["fault_kinds"], row["fault_severities"]) == (["unknown_file"], ["error"])
    assert "no file in this folder is an export of mor" in str(row["fault_messages"][0])
