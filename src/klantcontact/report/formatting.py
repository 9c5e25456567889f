"""Dutch number, date and norm formatting for the dashboard's labels."""

from __future__ import annotations

from datetime import date, datetime

MONTHS_NL: tuple[str, ...] = (
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
)
WEEKDAYS_NL: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")
OPERATORS: dict[str, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
_UNIT_SUFFIX: dict[str, str] = {
    "seconds": " s",
    "working_days": " werkdagen",
    "calendar_days": " kalenderdagen",
}
# Ratios that are not fractions: items per item, which can exceed 1.
_PER_UNIT: dict[str, str] = {
    "per_customer": "per klant",
    "per_case": "per zaak",
    "per_melding": "per melding",
    "per_contact": "per contact",
}


def number(value: float, decimals: int = 0) -> str:
    """12345.678 -> '12.345,7' (decimals=1): Dutch thousands dot, decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def kpi_value(value: float | None, unit: str | None) -> str:
    """A KPI value in its unit: fractions as percentages, counts whole, grades with one
    decimal, items per item with two and their unit ('2,22 per klant')."""
    if value is None:
        return "—"
    if unit == "fraction":
        return f"{number(value * 100, 1)} %"
    if unit == "count":
        return number(value)
    if unit in ("grade", "score"):
        return number(value, 1)
    if unit in _PER_UNIT:
        return f"{number(value, 2)} {_PER_UNIT[unit]}"
    return number(value, 1) + _UNIT_SUFFIX.get(unit or "", "")


def norm(operator: str | None, value: float | None, unit: str | None) -> str:
    """'≥ 80,0 %', or '' when the KPI has no norm."""
    if operator is None or value is None:
        return ""
    return f"{OPERATORS.get(operator, operator)} {kpi_value(value, unit)}"


def difference(value: float, previous: float, unit: str | None) -> str:
    """value minus last year's, signed: fractions in procentpunt ('+2,3 procentpunt'),
    other units in their own ('−12,0 s'); '±0' when equal at the shown precision."""
    delta = value - previous
    if unit == "fraction":
        text = f"{number(abs(delta) * 100, 1)} procentpunt"
        zero = number(0, 1) + " procentpunt"
    else:
        text = kpi_value(abs(delta), unit)
        zero = kpi_value(0, unit)
    if text == zero:
        return "±0"
    return ("+" if delta > 0 else "−") + text


def better_or_worse(value: float, previous: float, operator: str | None) -> str | None:
    """'beter' or 'slechter' than last year by the norm's direction (≥ and > want more,
    ≤ and < less); None without a norm or without a change."""
    if operator is None or value == previous:
        return None
    wants_more = operator in (">=", ">")
    return "beter" if (value > previous) == wants_more else "slechter"


def previous_year(
    value: float | None, previous: float | None, unit: str | None, operator: str | None
) -> str:
    """'vorig jaar 88,1 % (+2,3 procentpunt, beter)', or 'geen vorig jaar' when there is
    no value a year earlier."""
    if previous is None:
        return "geen vorig jaar"
    text = f"vorig jaar {kpi_value(previous, unit)}"
    if value is None:
        return text
    verdict = better_or_worse(value, previous, operator)
    change = difference(value, previous, unit)
    return f"{text} ({change}{', ' + verdict if verdict and change != '±0' else ''})"


# The telephony counts a queue KPI divides (mart_telephony_queue_period's numerator_measure
# and denominator_measure), in the words of the telephony KPIs.
MEASURES_NL: dict[str, str] = {
    "offered": "aangeboden",
    "queued": "binnengekomen",
    "answered": "opgenomen",
    "answered_within_threshold": "op tijd opgenomen",
    "abandoned": "verlaten",
    "wait_s_sum": "wachttijd",
}


def measure(name: str | None) -> str:
    """A mart measure in Dutch ('offered' -> 'aangeboden'); unknown names as they are."""
    return MEASURES_NL.get(name or "", name or "")


def rate_of(
    numerator: float | None, denominator: float | None, numerator_measure: str | None,
    denominator_measure: str | None, unit: str | None,
) -> str:
    """What a value is made of: '15 verlaten / 366 aangeboden' for a share, 'n = 120
    opgenomen' for a mean; '' without a denominator (a count)."""
    if denominator is None:
        return ""
    if unit == "fraction" and numerator is not None:
        return (
            f"{number(numerator)} {measure(numerator_measure)} / "
            f"{number(denominator)} {measure(denominator_measure)}"
        )
    return f"n = {number(denominator)} {measure(denominator_measure)}"


def small_n(denominator: float) -> str:
    """'n = 24, klein aantal'."""
    return f"n = {number(denominator)}, klein aantal"


def category_label(slug: str) -> str:
    """'afval-en-vuil' -> 'Afval en vuil'."""
    return slug.replace("-", " ").replace("_", " ").capitalize()


PARTIAL_MARK = "*"


def month_label(month_start: date, partial: frozenset[date] = frozenset()) -> str:
    """'mei 2025'; 'apr 2025*' when the month is in partial (not wholly in the data)."""
    mark = PARTIAL_MARK if month_start in partial else ""
    return f"{MONTHS_NL[month_start.month - 1]} {month_start.year}{mark}"


def month_tick(month_start: date, partial: frozenset[date] = frozenset()) -> str:
    """A chart axis label on two lines, 'mrt<br>2025' ('2025*' when partial)."""
    mark = PARTIAL_MARK if month_start in partial else ""
    return f"{MONTHS_NL[month_start.month - 1]}<br>{month_start.year}{mark}"


def day_label(day: date) -> str:
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def timestamp_label(moment: datetime) -> str:
    return f"{day_label(moment.date())} {moment:%H:%M}"
