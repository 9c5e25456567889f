"""The analyst marts answer their questions in one query and agree with kpi_values.

mart_mor_meldingen (one row per melding with the MOR KPIs' flags) and
mart_cases_open_period_end (open zaken per period end, department and zaaktype, past the
planned and past the legal end) exist so that an analyst never derives a KPI rule again.
On the fixture build each question below is one query on a mart, and its totals must be
kpi_values' numerator and denominator for the same periods (channel `alle`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import duckdb

Figures = dict[tuple[str, dt.date], tuple[float, float]]


def kpi_figures(connection: duckdb.DuckDBPyConnection, kpi_code: str) -> Figures:
    """kpi_values' numerator and denominator of one KPI, channel alle, per grain and period."""
    rows = connection.execute(
        """
        select period_grain, period_start, numerator, denominator
        from kpi.kpi_values
        where kpi_code = ? and channel = 'alle'
        """,
        [kpi_code],
    ).fetchall()
    figures: Figures = {}
    for grain, start, numerator, denominator in rows:
        figures[(grain, start)] = (numerator, denominator)
    return figures


def test_repeat_location_meldingen_per_buurt(connection: duckdb.DuckDBPyConnection) -> None:
    # The analyst's question: how many meldingen per buurt and month were repeat reports?
    per_buurt = connection.sql(
        """
        select
            buurt_code,
            buurt_name,
            cast(date_trunc('month', created_date) as date) as month_start,
            count(*) filter (where is_repeat_location) as repeat_meldingen,
            count(*) as meldingen
        from kpi.mart_mor_meldingen
        group by all
        order by month_start, repeat_meldingen desc
        """
    ).fetchall()
    assert per_buurt
    totals: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for _code, _name, month_start, repeat_meldingen, meldingen in per_buurt:
        totals[month_start][0] += repeat_meldingen
        totals[month_start][1] += meldingen
    # The fixture has repeat reports, so the comparison is not one of zeros only.
    assert sum(repeat for repeat, _ in totals.values()) > 0

    expected = {
        start: figures
        for (grain, start), figures in kpi_figures(connection, "mor_repeat_location").items()
        if grain == "month"
    }
    assert {start: (float(repeat), float(meldingen))
            for start, (repeat, meldingen) in totals.items()} == expected


def test_zaken_over_their_legal_term_per_department(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    # The analyst's question: how many open zaken were over their legal term at each
    # period end, per department (next to the planned-end backlog)?
    per_department = connection.sql(
        """
        select
            period_grain,
            period_start,
            department_key,
            sum(open_zaken) as open_zaken,
            sum(open_past_planned_end) as open_past_planned_end,
            sum(open_past_legal_end) as open_past_legal_end
        from kpi.mart_cases_open_period_end
        group by all
        order by period_grain, period_start, department_key
        """
    ).fetchall()
    assert per_department
    totals: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for grain, start, _department, open_zaken, past_planned, past_legal in per_department:
        totals[(grain, start)][0] += open_zaken
        totals[(grain, start)][1] += past_planned
        totals[(grain, start)][2] += past_legal
    assert {grain for grain, _ in totals} == {"day", "week", "month", "quarter", "year"}
    assert sum(past_legal for _, _, past_legal in totals.values()) > 0

    # Past the planned end over open: case_open_overdue, every grain and period.
    assert {
        key: (float(past_planned), float(open_zaken))
        for key, (open_zaken, past_planned, _) in totals.items()
    } == kpi_figures(connection, "case_open_overdue")

    # Past the legal end, counted again from fact_case at the end of the latest year (the
    # as-of date): open when registered by then and without einddatum by then, over the
    # legal term when the legal end is before that day.
    recounted = dict(
        connection.sql(
            """
            select
                marts.department_key,
                count(*) filter (where zaken.legal_due_date < marts.evaluated_date)
            from (
                select distinct department_key, evaluated_date
                from kpi.mart_cases_open_period_end
                where period_grain = 'year' and period_start = (
                    select max(period_start)
                    from kpi.mart_cases_open_period_end
                    where period_grain = 'year'
                )
            ) as marts
            inner join core.fact_case as zaken
                on
                    zaken.case_kind = 'zaak'
                    and zaken.department_key = marts.department_key
                    and zaken.registered_date <= marts.evaluated_date
                    and (zaken.closed_date is null or zaken.closed_date > marts.evaluated_date)
            group by all
            """
        ).fetchall()
    )
    latest_year = max(start for grain, start in totals if grain == "year")
    assert {
        department: past_legal
        for grain, start, department, _, _, past_legal in per_department
        if grain == "year" and start == latest_year
    } == recounted
