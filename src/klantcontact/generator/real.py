"""`--formats real`: the files Signalen, Matomo and Open Formulieren write themselves, in
place of the contract files of mor and web. The simulation is the one of the contract files;
only the files differ, so the same seed gives the same meldingen, page and search visits and
completed submissions in both.

No faults are injected into these files: the contract's row and file faults describe its own
files, and a system's own export has other ways to fail.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from klantcontact.generator import matomo, openforms
from klantcontact.generator.clock import Clock
from klantcontact.generator.customers import Customers
from klantcontact.generator.mor import Mor
from klantcontact.generator.signalen import FILES, HEADERS, KTO_FILE, ZIP_WEEKDAY, SignalenDump
from klantcontact.generator.signalen import csv_bytes as signalen_csv
from klantcontact.generator.web import Web
from klantcontact.generator.writer import Writer

ProgressFactory = Callable[[str, int], Callable[[], None]]


def _counted(name: str) -> str:
    """The summary's name of a Signalen file: the file without its time prefix."""
    return f"mor/{KTO_FILE if name == 'kto_feedback' else name + '.csv'}"


def write_mor(writer: Writer, mor: Mor, dump_days: list[int], seed: int,
              progress: ProgressFactory) -> None:  # fmt: skip
    """Signalen's dump on each dump day; on a Sunday as the task's zip instead of files."""
    dump = SignalenDump(mor, seed)
    clock = writer.clock
    advance = progress("mor", len(dump_days) * len(FILES))
    for name in FILES:
        writer.count(_counted(name), 0)
    for day in dump_days:
        stored = []
        for name, stored_name in dump.file_names(day):
            rows = dump.rows(name, day)
            stored.append((stored_name, signalen_csv(HEADERS[name], rows)))
            writer.count(_counted(name), len(rows))
            advance()
        if clock.weekday(day) == ZIP_WEEKDAY:
            writer.write_file("mor", day, dump.zip_name(day), dump.zip_bytes(day, stored))
        else:
            for stored_name, data in stored:
                writer.write_file("mor", day, stored_name, data)


def write_web(writer: Writer, web: Web, customers: Customers, seed: int,
              progress: ProgressFactory) -> None:  # fmt: skip
    """Per export day: Matomo's three reports of that day (JSON; CSV on Sundays) and an Open
    Formulieren submissions export per form that had completed submissions."""
    clock: Clock = writer.clock
    forms = openforms.export_files(web.submissions, customers, clock, seed)
    advance = progress("web", clock.days)
    for report in matomo.REPORTS:
        writer.count(f"web/{report}", 0)
    writer.count(f"web/{openforms.FILE_PREFIX}.csv", 0)
    for day in range(clock.days):
        date = clock.day_text(day)
        rng = random.Random(f"{seed}/matomo/{date}")
        pages = matomo.page_rows([row for _, row in web.pages.by_day[day]], rng)
        keywords, no_result = matomo.keyword_rows([row for _, row in web.searches.by_day[day]], rng)
        as_csv = clock.weekday(day) == matomo.CSV_WEEKDAY
        for report, rows in zip(matomo.REPORTS, (pages, keywords, no_result), strict=True):
            response = {date: rows}
            if as_csv:
                writer.write_file("web", day, f"{report}.csv", matomo.csv_bytes(response))
            else:
                writer.write_file("web", day, f"{report}.json", matomo.json_bytes(response))
            writer.count(f"web/{report}", len(rows))
        for name, data, rows_written in forms.get(day, []):
            writer.write_file("web", day, name, data)
            writer.count(f"web/{openforms.FILE_PREFIX}.csv", rows_written)
        advance()
