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


_YEAR_KPI_SQL = """
    select
        kpi_values.kpi_code,
        coalesce(kpis.name_nl, kpi_values.kpi_code),
        coalesce(kpis.unit, kpi_values.unit),
        kpi_values.value,
        kpi_values.numerator,
        kpi_values.denominator,
        kpi_values.norm_operator,
        kpi_values.norm_value,
        kpi_values.meets_norm,
        kpi_values.value_previous_year
    from kpi.kpi_values
    left join reference.kpis
        on kpi_values.kpi_code = kpis.kpi_code
    where kpi_values.period_grain = 'year'
        and kpi_values.period_start = ?
        and kpi_values.channel = 'alle'
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
        kpi_values.channel,
        coalesce(dim_channel.channel_name_nl, kpi_values.channel),
        kpi_values.period_start,
        kpi_values.value,
        kpi_values.norm_value,
        kpi_values.norm_operator,
        coalesce(kpis.name_nl, kpi_values.kpi_code),
        coalesce(kpis.unit, kpi_values.unit)
    from kpi.kpi_values
    left join core.dim_channel
        on kpi_values.channel = dim_channel.channel_key
    left join reference.kpis
        on kpi_values.kpi_code = kpis.kpi_code
    where kpi_values.period_grain = 'month'
        and kpi_values.kpi_code = ?
    order by
        kpi_values.channel <> 'alle',
        coalesce(dim_channel.sort_order, 999),
        kpi_values.channel,
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
    for channel, channel_name, month, value, norm_value, norm_operator, _, _ in found:
        name = "Alle kanalen" if channel == "alle" else channel_name
        line = series.setdefault(channel, ChannelSeries(channel, name, [], [], []))
        line.months.append(month)
        line.values.append(value)
        line.norms.append(norm_value)
        operator = operator or norm_operator
    _, _, _, _, _, _, name_nl, unit = found[0]
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
class CategoryOnTime:
    category: str
    closed: int
    closed_on_time: int

    @property
    def rate(self) -> float:
        return self.closed_on_time / self.closed


def mor_on_time_by_category(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod | None
) -> list[CategoryOnTime]:
    """Meldingen closed and closed on time per main category in the report year."""
    if period is None:
        return []
    found = rows(
        connection,
        """
        select main_category, sum(closed), sum(closed_on_time)
        from kpi.mart_mor_category_buurt
        where month_start between ? and ?
        group by 1
        having sum(closed) > 0
        order by sum(closed_on_time) / sum(closed), main_category
        """,
        [period.year_start, period.year_end],
    )
    return [CategoryOnTime(*row) for row in found]


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
    month_start: date
    open_at_month_end: int
    overdue_at_month_end: int


def case_backlog_trend(connection: duckdb.DuckDBPyConnection) -> list[BacklogMonth]:
    """Open zaken and zaken past their planned end at each month's end (all types)."""
    found = rows(
        connection,
        """
        select month_start, sum(open_at_month_end), sum(overdue_at_month_end)
        from kpi.mart_cases_type_department
        group by 1
        order by 1
        """,
    )
    return [BacklogMonth(*row) for row in found]


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
