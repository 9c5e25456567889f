-- mart_cases_type_department: zaken per zaaktype, responsible department and month
-- (docs/kpi-catalogue.md, Cases). Registered by registratiedatum, closed by einddatum; open and past
-- the planned end at the end of the month's last day, capped at the as-of date.
with zaken as (
    select
        case_key,
        case_type_key,
        department_key,
        registered_date,
        start_date,
        planned_due_date,
        legal_due_date,
        closed_date,
        is_closed_on_time_norm,
        is_closed_on_time_legal,
        throughput_calendar_days
    from {{ ref('fact_case') }}
    where case_kind = 'zaak'
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

registered as (
    select
        case_type_key,
        department_key,
        cast({{ dbt.date_trunc('month', 'registered_date') }} as date) as month_start,
        count(*) as registered
    from zaken
    group by 1, 2, 3
),

closed as (
    select
        case_type_key,
        department_key,
        cast({{ dbt.date_trunc('month', 'closed_date') }} as date) as month_start,
        count(*) as closed,
        count(case when planned_due_date is not null then 1 end) as closed_with_planned_end,
        count(case when is_closed_on_time_norm then 1 end) as closed_on_time_norm,
        count(case when legal_due_date is not null then 1 end) as closed_with_legal_end,
        count(case when is_closed_on_time_legal then 1 end) as closed_on_time_legal,
        count(throughput_calendar_days) as closed_with_throughput,
        sum(throughput_calendar_days) as throughput_calendar_days_sum
    from zaken
    where closed_date is not null
    group by 1, 2, 3
),

-- Months up to the as-of date, judged at the end of their last day (kpi_period_ends, as
-- for the KPI case_open_overdue).
month_ends as (
    {{ kpi_period_ends('as_of', grains=['month']) }}
),

-- Zaken open at each month end, and whether past their planned end then (macro
-- open_zaken_at_period_ends, as for the KPI case_open_overdue).
open_zaken as (
    {{ open_zaken_at_period_ends('zaken', 'month_ends', ['case_type_key', 'department_key']) }}
),

backlog as (
    select
        case_type_key,
        department_key,
        period_start as month_start,
        count(*) as open_at_month_end,
        count(case when is_overdue then 1 end) as overdue_at_month_end
    from open_zaken
    group by 1, 2, 3
),

cells as (
    select
        case_type_key,
        department_key,
        month_start
    from registered
    union
    select
        case_type_key,
        department_key,
        month_start
    from closed
    union
    select
        case_type_key,
        department_key,
        month_start
    from backlog
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        cells.case_type_key,
        cells.department_key,
        cells.month_start,
        closed.throughput_calendar_days_sum,
        cells.case_type_key || '|' || cells.department_key || '|' || cast(cells.month_start as {{ type_text() }})
            as type_department_month_key,
        coalesce(registered.registered, 0) as registered,
        coalesce(closed.closed, 0) as closed,
        coalesce(closed.closed_with_planned_end, 0) as closed_with_planned_end,
        coalesce(closed.closed_on_time_norm, 0) as closed_on_time_norm,
        coalesce(closed.closed_with_legal_end, 0) as closed_with_legal_end,
        coalesce(closed.closed_on_time_legal, 0) as closed_on_time_legal,
        coalesce(closed.closed_with_throughput, 0) as closed_with_throughput,
        case
            when closed.closed_with_throughput > 0
                then closed.throughput_calendar_days_sum * 1.0 / closed.closed_with_throughput
        end as mean_throughput_calendar_days,
        coalesce(backlog.open_at_month_end, 0) as open_at_month_end,
        coalesce(backlog.overdue_at_month_end, 0) as overdue_at_month_end
    from cells
    left join registered
        on
            cells.case_type_key = registered.case_type_key
            and cells.department_key = registered.department_key
            and cells.month_start = registered.month_start
    left join closed
        on
            cells.case_type_key = closed.case_type_key
            and cells.department_key = closed.department_key
            and cells.month_start = closed.month_start
    left join backlog
        on
            cells.case_type_key = backlog.case_type_key
            and cells.department_key = backlog.department_key
            and cells.month_start = backlog.month_start
)

select * from final
