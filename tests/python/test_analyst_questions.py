"""Eight everyday questions of a KCC team lead or analyst, each answered from the marts in
one query, and equal to kpi_values where both hold the figure (docs/querying.md).

mart_mor_meldingen (one row per melding with the MOR KPIs' flags) and
mart_cases_open_period_end (open zaken per period end, department and zaaktype, past the
planned and past the legal end) exist so that an analyst never derives a KPI rule again.
On the fixture build each question below is one query, and its totals must be
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
        where kpi_code = ? and channel_key = 'alle'
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


def test_subjects_and_routes_of_repeat_contacts(connection: duckdb.DuckDBPyConnection) -> None:
    # Which subjects cause the most repeat contacts within 7 days, and along which route
    # (first channel -> channel of the related next contact)?
    routes = connection.sql(
        """
        select
            subjects.subject_name,
            contacts.channel_key as first_channel,
            next_contacts.channel_key as next_channel,
            count(*) as repeat_contacts
        from core.fact_contact as contacts
        inner join core.fact_contact as next_contacts
            on contacts.related_contact_key = next_contacts.contact_key
        inner join core.dim_subject as subjects
            on contacts.subject_key = subjects.subject_key
        where contacts.is_offered and contacts.has_related_next_contact
        group by all
        order by repeat_contacts desc
        """
    ).fetchall()
    assert routes
    assert any(first != following for _, first, following, _ in routes)
    repeats = sum(count for *_, count in routes)
    switches = sum(count for _, first, following, count in routes if first != following)
    years = [kpi_figures(connection, code) for code in ("repeat_contact", "channel_switch")]
    expected = [
        sum(numerator for (grain, _), (numerator, _) in figures.items() if grain == "year")
        for figures in years
    ]
    assert [float(repeats), float(switches)] == expected


def test_emails_answered_on_time_per_mailbox_in_may(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    # E-mails answered within their term (2 working days by default), per mailbox, May 2025.
    per_mailbox = connection.sql(
        """
        select
            mailbox,
            sum(answered_on_time) as answered_on_time,
            sum(answer_due_or_done) as answer_due_or_done,
            sum(answered_on_time) / nullif(sum(answer_due_or_done), 0) as answer_timely_rate
        from kpi.mart_email_mailbox
        where received_date between date '2025-05-01' and date '2025-05-31'
        group by mailbox
        order by mailbox
        """
    ).fetchall()
    assert len(per_mailbox) > 1
    totals = (
        float(sum(row[1] for row in per_mailbox)),
        float(sum(row[2] for row in per_mailbox)),
    )
    assert totals == kpi_figures(connection, "eml_answer_timely")[("month", dt.date(2025, 5, 1))]


def test_kto_grade_distribution_against_its_norms(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    # The KTO grade distribution against the distribution norms, this year.
    distribution = connection.sql(
        """
        select kpi_code, value, norm_operator, norm_value, meets_norm, norm_profile, numerator,
            denominator
        from kpi.kpi_values
        where period_grain = 'year' and channel_key = 'alle'
            and kpi_code in ('kto_grade_sufficient', 'kto_grade_above_7', 'kto_grade_below_4',
                'kto_grade_below_5')
        """
    ).fetchall()
    by_code = {row[0]: row for row in distribution}
    assert set(by_code) == {
        "kto_grade_sufficient", "kto_grade_above_7", "kto_grade_below_4", "kto_grade_below_5",
    }  # fmt: skip
    assert all(row[3] is not None and row[2] in ("<", ">") for row in distribution)
    # The same shares recounted from the responses (thresholds of the profile in use).
    recount = connection.sql(
        """
        select
            count(*) filter (where grade >= 6),
            count(*) filter (where grade > 7),
            count(*) filter (where grade < 4),
            count(*) filter (where grade < 5),
            count(grade)
        from core.fact_survey_response
        """
    ).fetchone()
    assert recount is not None and recount[4] > 0
    codes = ("kto_grade_sufficient", "kto_grade_above_7", "kto_grade_below_4", "kto_grade_below_5")
    for code, count in zip(codes, recount[:4], strict=True):
        assert float(by_code[code][6]) == float(count), code
        assert float(by_code[code][7]) == float(recount[4]), code


def test_kpi_tree_of_one_klantketen_with_this_years_values(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    # Which process and functional KPIs feed customer satisfaction in the KCC chain, with
    # this year's values and norms?
    tree = connection.sql(
        """
        select tree.level, tree.kpi_code, tree.parent_kpi_code, kpis.is_computable,
            kpi_values.value, kpi_values.norm_value, kpi_values.meets_norm
        from core.dim_kpi_tree as tree
        inner join core.dim_kpi as kpis on tree.kpi_code = kpis.kpi_code
        left join kpi.kpi_values
            on tree.kpi_code = kpi_values.kpi_code and tree.channel_key = kpi_values.channel_key
            and kpi_values.period_grain = 'year'
            and kpi_values.period_start = (
                select max(period_start) from kpi.kpi_values where period_grain = 'year'
            )
        where tree.klantketen = 'kcc'
        order by tree.level, tree.kpi_code
        """
    ).fetchall()
    nodes = {row[1]: row for row in tree}
    assert nodes["kto_satisfied"][2] is None and nodes["kto_satisfied"][0] == "strategisch"
    assert nodes["kcc_direct_resolved"][0] == "operationeel"
    assert nodes["afspraken_nagekomen"][3] is False and nodes["afspraken_nagekomen"][4] is None
    assert all(row[2] in nodes for row in tree if row[2])
    # Computable nodes with data carry this year's value.
    assert nodes["tel_service_level"][4] is not None


def test_any_kpi_against_the_same_period_a_year_earlier(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    # Any KPI against the same period a year earlier: value_previous_year is the value of
    # the same KPI, channel and grain one year before (same ISO week for weeks).
    mismatches = connection.sql(
        """
        select count(*)
        from kpi.kpi_values as current_values
        left join kpi.kpi_values as earlier
            on current_values.kpi_code = earlier.kpi_code
            and current_values.channel_key = earlier.channel_key
            and current_values.period_grain = earlier.period_grain
            and earlier.period_start = current_values.period_start - interval 1 year
        where current_values.period_grain in ('month', 'quarter', 'year')
            and current_values.value_previous_year is distinct from earlier.value
        """
    ).fetchone()
    assert mismatches == (0,)


def test_monthly_service_level_and_abandonment_per_queue(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    # Monthly telephone service level and abandonment in 2025, per queue, against the norm.
    per_queue = connection.sql(
        """
        select kpi_code, period_start, queue_id, numerator, denominator, value,
            denominator_measure, norm_operator, norm_value, meets_norm
        from kpi.mart_telephony_queue_period
        where period_grain = 'month' and year(period_start) = 2025
            and kpi_code in ('tel_service_level', 'tel_queue_abandoned')
        order by kpi_code, period_start, queue_id
        """
    ).fetchall()
    assert len({row[2] for row in per_queue}) > 1
    # Abandonment is over offered calls, as the KPI; the service level over queued calls.
    assert {row[6] for row in per_queue if row[0] == "tel_queue_abandoned"} == {"offered"}
    assert all(row[8] is not None for row in per_queue if row[0] == "tel_service_level")
    for code in ("tel_service_level", "tel_queue_abandoned"):
        totals: dict[dt.date, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for kpi_code, start, _queue, numerator, denominator, *_ in per_queue:
            if kpi_code == code:
                totals[start][0] += numerator
                totals[start][1] += denominator
        expected = {
            start: figures
            for (grain, start), figures in kpi_figures(connection, code).items()
            if grain == "month" and start.year == 2025
        }
        assert {start: tuple(pair) for start, pair in totals.items()} == expected, code
