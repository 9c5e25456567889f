"""Matomo Reporting API responses of the website's day reports (`--formats real`).

An export script asks Matomo once per export day for Actions.getPageUrls (flat=1),
Actions.getSiteSearchKeywords and Actions.getSiteSearchNoResultKeywords with period=day,
date=<day>,<day>, filter_limit=-1 and saves each answer as it comes:

- format=JSON (core/DataTable/Renderer/Json.php): PHP's json_encode without flags of a
  DataTable\\Map, an object keyed by date whose value is the day's rows (`[]` for a day
  without rows); `/` written `\\/`, non-ASCII as `\\uXXXX`, a float without fraction as an
  integer. A row holds the columns, then the metadata (url, Actions_PageUrl, segment).
- format=CSV (core/DataTable/Renderer/Csv.php): UTF-16LE with byte order mark, comma, `\\n`
  between lines and none at the end, a leading `date` column, metadata as `metadata_<name>`,
  columns in order of first appearance; a value is quoted when it holds `"`, `,` or `;`.

Rows are sorted by visits. Sparse metrics are left out of a row where Matomo recorded none:
entry_* on pages nobody entered the site by, exit_* where nobody left. bounce_rate and
exit_rate are percentages rounded to whole numbers and written as text (`"33%"`);
nb_pages_per_search is nb_hits / nb_visits to one decimal.
"""

from __future__ import annotations

import json
import math
import random
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote_plus

from klantcontact.generator import vocab

SITE = f"https://www.{vocab.DOMAIN}"
PAGE_URLS = "Actions.getPageUrls"
KEYWORDS = "Actions.getSiteSearchKeywords"
NO_RESULT_KEYWORDS = "Actions.getSiteSearchNoResultKeywords"
REPORTS = (PAGE_URLS, KEYWORDS, NO_RESULT_KEYWORDS)
# The day of the week whose responses are saved as CSV instead of JSON.
CSV_WEEKDAY = 6
# The KPI engine calls a search simple up to this many result pages (kpi_parameters seed);
# nb_hits is chosen so that Matomo's rounded quotient keeps each search on its side of it.
_SIMPLE_MAX_PAGES = 2

Report = dict[str, list[dict[str, object]]]


def php_round(value: float, digits: int = 0) -> float:
    """PHP's round(): half away from zero, on the shortest decimal form of the float."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP))


def _quotient(dividend: int, divisor: int, digits: int) -> float:
    """Piwik::getQuotientSafe."""
    return 0.0 if divisor == 0 else php_round(dividend / divisor, digits)


def _percent(dividend: int, divisor: int) -> str:
    """A rate metric as format_metrics=bc writes it: the quotient to two decimals, in %."""
    return f"{php_round(_quotient(dividend, divisor, 2) * 100):.0f}%"


def _number(value: float) -> int | float:
    """A PHP float in json_encode: an integer when it has no fraction."""
    return int(value) if value == int(value) else value


def urlencode(text: str) -> str:
    """PHP's urlencode (spaces as `+`, every other non-alphanumeric but `-_.` as %XX)."""
    return quote_plus(text, safe="").replace("~", "%7E")


def page_rows(rows: list[list[object]], rng: random.Random) -> list[dict[str, object]]:
    """Actions.getPageUrls rows (flat=1, period=day) from the model's page aggregates
    [date, label, nb_hits, nb_visits, entry_nb_visits, exit_nb_visits, avg_time_on_page, ...];
    unique visitors, time spent and entry details are drawn from rng."""
    found = []
    for _date, label, hits, visits, entries, exits, avg_time, *_feedback in rows:
        assert isinstance(label, str)
        hits, visits, entries, exits, avg_time = (
            int(str(v)) for v in (hits, visits, entries, exits, avg_time)
        )
        row: dict[str, object] = {
            "label": label,
            "nb_visits": visits,
            "nb_uniq_visitors": visits - int(visits * rng.uniform(0.0, 0.08)),
            "nb_hits": hits,
            "sum_time_spent": avg_time * hits,
        }
        bounces = 0
        if entries:
            bounces = round(entries * rng.uniform(0.2, 0.65))
            row["entry_nb_uniq_visitors"] = entries - int(entries * rng.uniform(0.0, 0.06))
            row["entry_nb_visits"] = entries
            row["entry_nb_actions"] = entries + round(entries * rng.uniform(0.5, 3.0))
            row["entry_sum_visit_length"] = round(entries * rng.uniform(40, 420))
            row["entry_bounce_count"] = bounces
        if exits:
            row["exit_nb_uniq_visitors"] = exits - int(exits * rng.uniform(0.0, 0.06))
            row["exit_nb_visits"] = exits
        url = SITE + label
        row["avg_page_load_time"] = 0  # PagePerformance: no timings tracked
        row["avg_time_on_page"] = _number(_quotient(avg_time * hits, hits, 0))
        row["bounce_rate"] = _percent(bounces, entries)
        row["exit_rate"] = _percent(exits, visits)
        row["url"] = url
        row["Actions_PageUrl"] = label
        row["segment"] = "pageUrl==" + urlencode(urlencode(url))
        found.append(row)
    return _by_visits(found)


def keyword_rows(
    rows: list[list[object]], rng: random.Random
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Actions.getSiteSearchKeywords and its no-result subset from the model's keyword
    aggregates [date, label, nb_visits, nb_pages_per_search, exit_nb_visits, nb_results]."""
    every, no_result = [], []
    for _date, label, visits_value, pages_value, exits_value, results in rows:
        assert isinstance(label, str)
        visits, exits = int(str(visits_value)), int(str(exits_value))
        pages = float(str(pages_value))
        hits = round(pages * visits)
        if pages <= _SIMPLE_MAX_PAGES:
            hits = min(max(visits, hits), _SIMPLE_MAX_PAGES * visits)
        else:
            hits = max(hits, math.ceil((_SIMPLE_MAX_PAGES + 0.06) * visits))
        seconds = round(rng.uniform(8, 75))
        row: dict[str, object] = {
            "label": label,
            "nb_visits": visits,
            "nb_hits": hits,
            "sum_time_spent": seconds * hits,
        }
        if exits:
            row["exit_nb_visits"] = exits
        row["nb_pages_per_search"] = _number(_quotient(hits, visits, 1))
        row["avg_time_on_page"] = _number(_quotient(seconds * hits, hits, 0))
        row["bounce_rate"] = "0%"
        row["exit_rate"] = _percent(exits, visits)
        row["segment"] = "siteSearchKeyword==" + urlencode(label)
        every.append(row)
        if str(results) == "0":
            no_result.append(row)
    return _by_visits(every), _by_visits(no_result)


def _by_visits(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(rows, key=lambda row: (-int(str(row["nb_visits"])), str(row["label"])))


def json_bytes(report: Report) -> bytes:
    """format=JSON: json_encode of the date-keyed rows."""
    text = json.dumps(report, separators=(",", ":"), ensure_ascii=True)
    return text.replace("/", "\\/").encode("ascii")


def _csv_value(value: object) -> str:
    """Csv::formatValue."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, int):
        return str(value)
    text = str(value)
    bare = text.replace("%", "", 1)
    if bare and bare[0] in "=+-@" and not _is_numeric(bare):
        text = "'" + text  # no spreadsheet formulas
    text = text.replace("\t", " ")
    if any(char in text for char in '",;'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _is_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_bytes(report: Report) -> bytes:
    """format=CSV of the date-keyed rows (Csv::renderDataTableMap): each day rendered with
    the columns seen so far, the header (date first) with every column at the end."""
    columns: dict[str, None] = {}
    lines: list[str] = []
    for day, rows in report.items():
        flat_rows = [
            {f"metadata_{key}" if key in _METADATA else key: value for key, value in row.items()}
            for row in rows
        ]
        for flat in flat_rows:
            columns.update(dict.fromkeys(flat))
        known = list(columns)
        for flat in flat_rows:
            values = [_csv_value(flat[name]) if name in flat else "" for name in known]
            lines.append(",".join([_csv_value(day), *values]))
    header = ",".join(_csv_value(name) for name in ["date", *columns])
    return b"\xff\xfe" + "\n".join([header, *lines]).encode("utf-16-le")


# Row metadata (as opposed to metrics): prefixed `metadata_` in CSV.
_METADATA = frozenset({"url", "Actions_PageUrl", "segment"})
