"""Everything the dashboard shows, read from the marts over a read-only connection.

Values, norms and verdicts come from kpi.kpi_values and the reference tables; nothing
here recomputes a KPI. A query on a relation that is absent (a source switched off, a
failed build) returns no rows, so the chart says "geen gegevens" instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

from klantcontact.summary.headlines import HEADLINE_KPI_CODES, NORM_PROFILES_SQL, norm_profile_label

# A value whose denominator (the items it is a share or mean of) is below this is greyed
# with its n: 30 is the usual rule of thumb below which one item more or less moves a
# percentage by more than three points, too much to judge against a norm.
SMALL_N = 30


def is_small_n(denominator: float | None) -> bool:
    """True when a value has a denominator and it is below SMALL_N (a count has none)."""
    return denominator is not None and denominator < SMALL_N


# The monthly trend charts: one chart per KPI, a line per channel, the norm dashed.
TREND_KPI_CODES: tuple[str, ...] = ("tel_service_level", "resolved_first_contact", "repeat_contact")
# The KTO distribution norms (kpis.md, Satisfaction): their values and norms come from
# kpi_values, their grade thresholds from the KPI parameters in use (the current rows of
# snapshots.kpi_parameters_snapshot: the chosen norm profile's).
KTO_DISTRIBUTION_KPI_CODES: tuple[str, ...] = (
    "kto_grade_sufficient", "kto_grade_above_7", "kto_grade_below_4",
)


def rows(
    connection: duckdb.DuckDBPyConnection, sql: str, parameters: Sequence[object] = ()
) -> list[tuple[Any, ...]]:
    """The query's rows, or none when a relation it reads does not exist."""
    try:
        return connection.execute(sql, list(parameters)).fetchall()
    except duckdb.CatalogException:
        return []


@dataclass(frozen=True)
class ReportPeriod:
    """The data period (local days with KPI values) and the year the tiles, categories and
    distribution cover: the latest full calendar year, else the latest (partial) one."""

    data_start: date
    data_end: date
    year_start: date
    is_full_year: bool

    @property
    def year_end(self) -> date:
        return date(self.year_start.year, 12, 31)

    def days_covered(self, month_start: date) -> tuple[int, int]:
        """(days of the month inside the data period, days in the month)."""
        next_month = (month_start.replace(day=28) + timedelta(days=4)).replace(day=1)
        month_end = next_month - timedelta(days=1)
        first, last = max(month_start, self.data_start), min(month_end, self.data_end)
        return max((last - first).days + 1, 0), month_end.day

    def partial_months(self, months: Sequence[date]) -> frozenset[date]:
        return frozenset(
            month for month in months
            if (covered := self.days_covered(month))[0] < covered[1]
        )


def report_period(connection: duckdb.DuckDBPyConnection) -> ReportPeriod | None:
    found = rows(
        connection,
        """
        select min(period_start), max(period_start)
        from kpi.kpi_values
        where period_grain = 'day'
        """,
    )
    if not found or found[0][0] is None:
        return None
    data_start, data_end = found[0]
    years = [
        year for (year,) in rows(
            connection,
            "select distinct period_start from kpi.kpi_values where period_grain = 'year' "
            "order by period_start desc",
        )
    ]
    full_years = [
        year for year in years
        if data_start <= year and data_end >= date(year.year, 12, 31)
    ]
    if full_years:
        return ReportPeriod(data_start, data_end, full_years[0], True)
    latest = years[0] if years else date(data_end.year, 1, 1)
    return ReportPeriod(data_start, data_end, latest, False)


@dataclass(frozen=True)
class Municipality:
    name: str
    code: str
    time_zone: str


def norm_profile(connection: duckdb.DuckDBPyConnection) -> str:
    """The norm profiles in use as one line (core.dim_norm_profile)."""
    return norm_profile_label([name for (name,) in rows(connection, NORM_PROFILES_SQL)])


def municipality(connection: duckdb.DuckDBPyConnection) -> Municipality:
    found = rows(
        connection,
        "select gemeente_name, gemeente_code, time_zone from core.dim_municipality limit 1",
    )
    if not found:
        return Municipality("onbekende gemeente", "—", "Europe/Amsterdam")
    name, code, time_zone = found[0]
    return Municipality(name, code, time_zone or "Europe/Amsterdam")


@dataclass(frozen=True)
class KpiValue:
    kpi_code: str
    name_nl: str
    unit: str
    value: float | None
    numerator: float | None
    denominator: float | None
    norm_operator: str | None
    norm_value: float | None
    meets_norm: bool | None
    value_previous_year: float | None


def _kpi_value_columns(code: str, names: str) -> str:
    """The select list of a KpiValue, in its field order: the KPI code (the SQL expression
    `code`), its Dutch name and unit from the table `names` (falling back on the code and
    kpi_values' unit), and the kpi_values columns."""
    return f"""
        {code},
        coalesce({names}.name_nl, {code}),
        coalesce({names}.unit, kpi_values.unit),
        kpi_values.value,
        kpi_values.numerator,
        kpi_values.denominator,
        kpi_values.norm_operator,
        kpi_values.norm_value,
        kpi_values.meets_norm,
        kpi_values.value_previous_year"""


_YEAR_KPI_SQL = f"""
    select {_kpi_value_columns("kpi_values.kpi_code", "kpis")}
    from kpi.kpi_values
    left join reference.kpis
        on kpi_values.kpi_code = kpis.kpi_code
    where kpi_values.period_grain = 'year'
        and kpi_values.period_start = ?
        and kpi_values.channel_key = 'alle'
        and kpi_values.kpi_code = ?
"""


def year_kpis(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None, codes: Sequence[str]
) -> list[KpiValue]:
    """The year values (channel alle) of the given KPIs, in the given order; a KPI absent
    by design (its source is off) is left out."""
    if period is None:
        return []
    found: list[KpiValue] = []
    for code in codes:
        for row in rows(connection, _YEAR_KPI_SQL, [period.year_start, code]):
            found.append(KpiValue(*row))
    return found


def headline_kpis(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> list[KpiValue]:
    return year_kpis(connection, period, HEADLINE_KPI_CODES)


@dataclass(frozen=True)
class ChannelSeries:
    channel: str
    channel_name: str
    months: list[date]
    values: list[float | None]
    norms: list[float | None]
    previous: list[float | None] = field(default_factory=list)  # value_previous_year
    denominators: list[float | None] = field(default_factory=list)


@dataclass(frozen=True)
class Trend:
    kpi_code: str
    name_nl: str
    unit: str
    norm_operator: str | None
    series: list[ChannelSeries]
    partial_months: frozenset[date] = field(default_factory=frozenset)


_CHANNELS_SQL = """
    select
        kpi_values.channel_key,
        coalesce(dim_channel.channel_name_nl, kpi_values.channel_key),
        kpi_values.period_start,
        kpi_values.value,
        kpi_values.norm_value,
        kpi_values.norm_operator,
        coalesce(kpis.name_nl, kpi_values.kpi_code),
        coalesce(kpis.unit, kpi_values.unit),
        kpi_values.value_previous_year,
        kpi_values.denominator
    from kpi.kpi_values
    left join core.dim_channel
        on kpi_values.channel_key = dim_channel.channel_key
    left join reference.kpis
        on kpi_values.kpi_code = kpis.kpi_code
    where kpi_values.period_grain = 'month'
        and kpi_values.kpi_code = ?
    order by
        kpi_values.channel_key <> 'alle',
        coalesce(dim_channel.sort_order, 999),
        kpi_values.channel_key,
        kpi_values.period_start
"""


# A month the data covers fewer days of (an edge month) is left out of the trends: one day
# of June would look like a collapse. Longer partial months stay, marked.
MIN_DAYS_IN_MONTH = 7


def monthly_by_channel(
    connection: duckdb.DuckDBPyConnection, kpi_code: str, period: ReportPeriod | None
) -> Trend | None:
    """The KPI per channel per month (channel `alle` first), or None without values."""
    if period is None:
        return None
    found = [
        row for row in rows(connection, _CHANNELS_SQL, [kpi_code])
        if period.days_covered(row[2])[0] >= MIN_DAYS_IN_MONTH
    ]
    if not found:
        return None
    series: dict[str, ChannelSeries] = {}
    operator: str | None = None
    for (
        channel, channel_name, month, value, norm_value, norm_operator, _, _, previous,
        denominator,
    ) in found:
        name = "Alle kanalen" if channel == "alle" else channel_name
        line = series.setdefault(channel, ChannelSeries(channel, name, [], [], [], [], []))
        line.months.append(month)
        line.values.append(value)
        line.norms.append(norm_value)
        line.previous.append(previous)
        line.denominators.append(denominator)
        operator = operator or norm_operator
    name_nl, unit = found[0][6], found[0][7]
    partial = period.partial_months([row[2] for row in found])
    return Trend(kpi_code, name_nl, unit, operator, list(series.values()), partial)


@dataclass(frozen=True)
class HeatCell:
    weekday: int  # ISO: 1 = Monday
    slot: str  # 'HH:MM', local start of the half hour
    offered_per_day: float
    service_level: float | None


def telephony_heat(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> list[HeatCell]:
    """Mean offered calls per day in each weekday × half hour of the report year (all
    queues), with the half hour's service level."""
    if period is None:
        return []
    found = rows(
        connection,
        """
        with in_year as (
            select *
            from kpi.mart_telephony_half_hour
            where call_date between ? and ?
        ),
        days as (
            select isodow(call_date) as weekday, count(distinct call_date) as days
            from in_year
            group by 1
        )
        select
            isodow(in_year.call_date) as weekday,
            strftime(in_year.half_hour_start_local, '%H:%M') as slot,
            sum(in_year.offered) / any_value(days.days),
            sum(in_year.answered_within_threshold) / nullif(sum(in_year.queued), 0)
        from in_year
        inner join days
            on isodow(in_year.call_date) = days.weekday
        group by 1, 2
        having sum(in_year.offered) > 0
        order by 1, 2
        """,
        [period.year_start, period.year_end],
    )
    return [HeatCell(*row) for row in found]


@dataclass(frozen=True)
class GroupRate:
    """A KPI's numerator and denominator summed over one group (a MOR category, a mailbox,
    a counter branch and service) from the wide mart whose sums a data test holds equal to
    the KPI's in kpi.kpi_values: the same share, split by the group."""

    label: str
    numerator: int
    denominator: int

    @property
    def rate(self) -> float:
        return self.numerator / self.denominator


def _group_rates(
    connection: duckdb.DuckDBPyConnection, sql: str, period: ReportPeriod | None
) -> list[GroupRate]:
    if period is None:
        return []
    return [GroupRate(*row) for row in rows(connection, sql, [period.year_start, period.year_end])]


def mor_on_time_by_category(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> list[GroupRate]:
    """mor_on_time per main category in the report year: closed on time of closed."""
    return _group_rates(
        connection,
        """
        select main_category, sum(closed_on_time), sum(closed)
        from kpi.mart_mor_category_buurt
        where month_start between ? and ?
        group by 1
        having sum(closed) > 0
        order by sum(closed_on_time) / sum(closed), main_category
        """,
        period,
    )


# The e-mail and balie sections: each family's KPIs in kpi_values, as tiles.
EMAIL_KPI_CODES: tuple[str, ...] = (
    "eml_received", "eml_ack_timely", "eml_answer_timely", "eml_first_response_avg",
    "eml_backlog_overdue", "eml_forwarded",
)
BALIE_KPI_CODES: tuple[str, ...] = (
    "bal_visits", "bal_wait_within_norm", "bal_wait_avg", "bal_service_time", "bal_no_show",
    "bal_left_unserved",
)


def email_answer_timely_by_mailbox(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> list[GroupRate]:
    """eml_answer_timely per mailbox in the report year: answered on time of the
    conversations whose answer was due or given (the KPI's numerator and denominator,
    assert_mart_email_mailbox_matches_kpi_values)."""
    return _group_rates(
        connection,
        """
        select mailbox, sum(answered_on_time), sum(answer_due_or_done)
        from kpi.mart_email_mailbox
        where received_date between ? and ?
        group by 1
        having sum(answer_due_or_done) > 0
        order by sum(answered_on_time) / sum(answer_due_or_done), mailbox
        """,
        period,
    )


def balie_wait_within_norm_by_branch(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> list[GroupRate]:
    """bal_wait_within_norm per branch and service in the report year: visitors helped
    within the wait norm of the arrived visitors (assert_mart_balie_branch_service_matches_
    kpi_values)."""
    return _group_rates(
        connection,
        """
        select branch || ' · ' || service, sum(waited_within_norm), sum(arrived_visits)
        from kpi.mart_balie_branch_service
        where visit_date between ? and ?
        group by branch, service
        having sum(arrived_visits) > 0
        order by sum(waited_within_norm) / sum(arrived_visits), branch, service
        """,
        period,
    )


@dataclass(frozen=True)
class DepartmentBacklog:
    label: str
    as_of_date: date
    overdue: int
    threatening: int
    on_track: int


def case_backlog(connection: duckdb.DuckDBPyConnection) -> list[DepartmentBacklog]:
    """Open zaken and meldingen per department at the as-of date, smallest first."""
    found = rows(
        connection,
        """
        select
            coalesce(dim_department.department_name, view.department_key)
            || case view.case_kind when 'melding' then ' (meldingen)' else ' (zaken)' end,
            view.as_of_date,
            view.overdue_cases,
            view.threatening_cases,
            view.on_track_cases
        from kpi.mart_case_manager_view as view
        left join core.dim_department
            on view.department_key = dim_department.department_key
        where view.open_cases > 0
        order by view.open_cases, 1
        """,
    )
    return [DepartmentBacklog(*row) for row in found]


@dataclass(frozen=True)
class BacklogMonth:
    """Open zaken at a month's end (the as-of date while the month is not over), those past
    their planned end and those past their legal term; the same three a year earlier when
    the mart has that month."""

    month_start: date
    open_zaken: int
    past_planned: int
    past_legal: int
    open_previous_year: int | None
    past_legal_previous_year: int | None


def case_backlog_trend(connection: duckdb.DuckDBPyConnection) -> list[BacklogMonth]:
    """Month-end backlog over all departments and zaaktypes (mart_cases_open_period_end)."""
    found = rows(
        connection,
        """
        with months as (
            select
                period_start,
                sum(open_zaken) as open_zaken,
                sum(open_past_planned_end) as past_planned,
                sum(open_past_legal_end) as past_legal
            from kpi.mart_cases_open_period_end
            where period_grain = 'month'
            group by 1
        )
        select
            months.period_start,
            months.open_zaken,
            months.past_planned,
            months.past_legal,
            previous.open_zaken,
            previous.past_legal
        from months
        left join months as previous
            on previous.period_start = months.period_start - interval 1 year
        order by 1
        """,
    )
    return [BacklogMonth(*row) for row in found]


@dataclass(frozen=True)
class BacklogTerms:
    """Open zaken of one department (or zaaktype) at the as-of date, past the planned end
    and past the legal term: two ends, not one part of the other."""

    label: str
    open_zaken: int
    past_planned: int
    past_legal: int


@dataclass(frozen=True)
class BacklogByTerm:
    as_of_date: date
    departments: list[BacklogTerms]
    case_types: list[BacklogTerms]  # only zaaktypes with a zaak past either end


_BACKLOG_TERMS_SQL = """
    with latest as (
        select *
        from kpi.mart_cases_open_period_end
        where period_grain = 'day'
            and period_start = (
                select max(period_start)
                from kpi.mart_cases_open_period_end
                where period_grain = 'day'
            )
    )
    select
        {label},
        any_value(latest.evaluated_date),
        sum(latest.open_zaken),
        sum(latest.open_past_planned_end),
        sum(latest.open_past_legal_end)
    from latest
    left join core.dim_department
        on latest.department_key = dim_department.department_key
    left join core.dim_case_type
        on latest.case_type_key = dim_case_type.case_type_key
    group by 1
    {having}
    order by {order}, 1
"""


def case_backlog_by_term(connection: duckdb.DuckDBPyConnection) -> BacklogByTerm | None:
    """The backlog at the as-of date (the mart's last day) per department, smallest first
    (the top bar of a horizontal chart is the last), and the zaaktypes with overdue zaken,
    most past the legal term first."""
    departments = rows(
        connection,
        _BACKLOG_TERMS_SQL.format(
            label="coalesce(dim_department.department_name, latest.department_key)",
            having="", order="sum(latest.open_zaken)",
        ),
    )
    if not departments:
        return None
    case_types = rows(
        connection,
        _BACKLOG_TERMS_SQL.format(
            label="coalesce(dim_case_type.case_type_name, latest.case_type_key) || ' ('"
            " || coalesce(dim_department.department_name, latest.department_key) || ')'",
            having="having sum(latest.open_past_planned_end) + sum(latest.open_past_legal_end)"
            " > 0",
            order="sum(latest.open_past_legal_end) desc, sum(latest.open_past_planned_end) desc",
        ),
    )
    return BacklogByTerm(
        departments[0][1],
        [BacklogTerms(label, *counts) for label, _, *counts in departments],
        [BacklogTerms(label, *counts) for label, _, *counts in case_types],
    )


@dataclass(frozen=True)
class GradeThresholds:
    """kpi_parameters valid at the end of the report year: sufficient from (>=), above
    (>), below (<)."""

    sufficient_min: float
    above: float
    below: float


def grade_distribution(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> dict[int, int]:
    """KTO responses per rapportcijfer 1–10 in the report year (only when any exist)."""
    if period is None:
        return {}
    found = rows(
        connection,
        """
        select grade, count(*)
        from core.fact_survey_response
        where survey_source = 'kto'
            and grade is not null
            and submitted_date between ? and ?
        group by 1
        """,
        [period.year_start, period.year_end],
    )
    if not found:
        return {}
    counts = dict.fromkeys(range(1, 11), 0)
    counts.update({int(grade): count for grade, count in found})
    return counts


def grade_thresholds(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> GradeThresholds | None:
    if period is None:
        return None
    found = dict(
        rows(
            connection,
            """
            select parameter_code, cast(value as double)
            from snapshots.kpi_parameters_snapshot
            where dbt_valid_to is null
                and parameter_code in (
                    'kto_grade_sufficient_min', 'kto_grade_above_threshold',
                    'kto_grade_below_threshold'
                )
                and valid_from <= ?
                and (valid_to is null or valid_to >= ?)
            qualify row_number() over (partition by parameter_code order by valid_from desc) = 1
            """,
            [period.year_end, period.year_end],
        )
    )
    try:
        return GradeThresholds(
            found["kto_grade_sufficient_min"],
            found["kto_grade_above_threshold"],
            found["kto_grade_below_threshold"],
        )
    except KeyError:
        return None


@dataclass(frozen=True)
class TreeNode:
    """One KPI in one klantketen's tree (core.dim_kpi_tree) with its report-year value for
    the node's channel (kpi.kpi_values), or none."""

    tree_key: str
    klantketen: str
    klantketen_name: str
    kind: str  # resultaat, keten, functioneel
    parent_tree_key: str | None
    channel: str
    channel_name: str
    note: str | None
    is_computable: bool
    data_needed: str | None
    kpi: KpiValue


# The levels top-down, for ordering siblings and the legend.
TREE_KINDS: tuple[str, ...] = ("resultaat", "keten", "functioneel")


def kpi_tree(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> list[TreeNode]:
    """Every node of every KPI tree with its value in the report year, chains by name."""
    if period is None:
        return []
    found = rows(
        connection,
        f"""
        select
            tree.kpi_tree_key,
            tree.klantketen,
            tree.klantketen_name_nl,
            tree.kind,
            tree.parent_kpi_tree_key,
            tree.channel_key,
            coalesce(dim_channel.channel_name_nl, tree.channel_key),
            tree.note,
            coalesce(dim_kpi.is_computable, true),
            dim_kpi.data_needed,
            {_kpi_value_columns("tree.kpi_code", "dim_kpi")}
        from core.dim_kpi_tree as tree
        left join core.dim_kpi
            on tree.kpi_code = dim_kpi.kpi_code
        left join core.dim_channel
            on tree.channel_key = dim_channel.channel_key
        left join kpi.kpi_values
            on tree.kpi_code = kpi_values.kpi_code
            and tree.channel_key = kpi_values.channel_key
            and kpi_values.period_grain = 'year'
            and kpi_values.period_start = ?
        order by
            tree.klantketen_name_nl,
            case tree.kind when 'resultaat' then 1 when 'keten' then 2 else 3 end,
            coalesce(dim_kpi.name_nl, tree.kpi_code)
        """,
        [period.year_start],
    )
    return [TreeNode(*row[:10], KpiValue(*row[10:])) for row in found]


# Telephony per queue (kpi.mart_telephony_queue_period): the queue KPIs a manager steers
# on, in page order. The mart has the norms and verdicts of kpi_values, no previous year.
QUEUE_KPI_CODES: tuple[str, ...] = ("tel_service_level", "tel_queue_abandoned", "tel_asa")
# Offered calls that reached no first-line queue: a row of the mart, named as such.
UNKNOWN_QUEUE = "onbekend"


@dataclass(frozen=True)
class QueueSeries:
    """One queue's months of one KPI, with the numerator and denominator each value is
    the share or mean of, the norm and the verdict of the mart's row."""

    queue_id: str
    months: list[date]
    values: list[float | None]
    numerators: list[float | None]
    denominators: list[float | None]
    norms: list[float | None]
    meets: list[bool | None]

    @property
    def label(self) -> str:
        return "geen wachtrij (onbekend)" if self.queue_id == UNKNOWN_QUEUE else self.queue_id


@dataclass(frozen=True)
class QueueTrend:
    kpi_code: str
    name_nl: str
    unit: str
    norm_operator: str | None
    numerator_measure: str | None
    denominator_measure: str | None
    series: list[QueueSeries]
    partial_months: frozenset[date] = field(default_factory=frozenset)


_QUEUE_MONTHS_SQL = """
    select
        queue_period.queue_id,
        queue_period.period_start,
        queue_period.value,
        queue_period.numerator,
        queue_period.denominator,
        queue_period.norm_value,
        queue_period.norm_operator,
        queue_period.meets_norm,
        queue_period.numerator_measure,
        queue_period.denominator_measure,
        coalesce(kpis.name_nl, queue_period.kpi_code),
        coalesce(kpis.unit, queue_period.unit)
    from kpi.mart_telephony_queue_period as queue_period
    left join reference.kpis
        on queue_period.kpi_code = kpis.kpi_code
    where queue_period.period_grain = 'month'
        and queue_period.kpi_code = ?
        and queue_period.period_start between ? and ?
    order by
        queue_period.queue_id = 'onbekend',
        queue_period.queue_id,
        queue_period.period_start
"""


def monthly_by_queue(
    connection: duckdb.DuckDBPyConnection, kpi_code: str, period: ReportPeriod | None
) -> QueueTrend | None:
    """The KPI per queue per month of the report year (queue `onbekend` last), edge months
    left out as in the trends, or None without values."""
    if period is None:
        return None
    found = [
        row for row in rows(
            connection, _QUEUE_MONTHS_SQL, [kpi_code, period.year_start, period.year_end]
        )
        if period.days_covered(row[1])[0] >= MIN_DAYS_IN_MONTH
    ]
    if not found:
        return None
    series: dict[str, QueueSeries] = {}
    operator: str | None = None
    for (
        queue_id, month, value, numerator, denominator, norm_value, norm_operator, meets,
        *_,
    ) in found:
        line = series.setdefault(queue_id, QueueSeries(queue_id, [], [], [], [], [], []))
        line.months.append(month)
        line.values.append(value)
        line.numerators.append(numerator)
        line.denominators.append(denominator)
        line.norms.append(norm_value)
        line.meets.append(meets)
        operator = operator or norm_operator
    numerator_measure, denominator_measure, name_nl, unit = found[0][8:12]
    partial = period.partial_months([row[1] for row in found])
    return QueueTrend(
        kpi_code, name_nl, unit, operator, numerator_measure, denominator_measure,
        list(series.values()), partial,
    )
