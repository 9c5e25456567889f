-- mart_mor_category_buurt: meldingen openbare ruimte per main and sub category (the
-- current category), CBS buurt and month (docs/kpi-catalogue.md, MOR). Received by local created date,
-- closed and on time by local closed date; open and overdue at the end of the month's
-- last local day, capped at the as-of date (int_melding_open_days_listed). Duplicates,
-- repeat locations and rerouted meldingen by local created date (int_meldingen_flagged,
-- as for the KPIs mor_duplicate_share, mor_repeat_location and mor_rerouted).
with meldingen as (
    select
        case_key,
        main_category,
        sub_category,
        location_key,
        created_date,
        closed_date,
        is_closed,
        is_cancelled,
        is_closed_on_time,
        throughput_working_days
    from {{ ref('int_melding_lifecycles_derived') }}
),

open_days as (
    select
        case_key,
        date_day,
        is_overdue
    from {{ ref('int_melding_open_days_listed') }}
),

flags as (
    select
        case_key,
        is_duplicate,
        is_repeat_location,
        is_rerouted
    from {{ ref('int_meldingen_flagged') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

meldingen_keyed as (
    select
        meldingen.case_key,
        meldingen.created_date,
        meldingen.closed_date,
        meldingen.is_closed,
        meldingen.is_cancelled,
        meldingen.is_closed_on_time,
        meldingen.throughput_working_days,
        flags.is_duplicate,
        flags.is_repeat_location,
        flags.is_rerouted,
        coalesce(meldingen.main_category, 'onbekend') as main_category,
        coalesce(meldingen.sub_category, 'onbekend') as sub_category,
        coalesce(meldingen.location_key, 'onbekend') as location_key
    from meldingen
    left join flags
        on meldingen.case_key = flags.case_key
),

received as (
    select
        main_category,
        sub_category,
        location_key,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as month_start,
        count(*) as received,
        count(case when is_cancelled then 1 end) as cancelled,
        count(case when is_duplicate then 1 end) as duplicates,
        count(case when is_repeat_location then 1 end) as repeat_locations,
        count(case when is_rerouted then 1 end) as rerouted
    from meldingen_keyed
    group by 1, 2, 3, 4
),

closed as (
    select
        main_category,
        sub_category,
        location_key,
        cast({{ dbt.date_trunc('month', 'closed_date') }} as date) as month_start,
        count(*) as closed,
        count(case when is_closed_on_time then 1 end) as closed_on_time,
        sum(throughput_working_days) as throughput_working_days_sum
    from meldingen_keyed
    where is_closed
    group by 1, 2, 3, 4
),

-- The month's last local day, or the as-of date when the month is not over yet
-- (kpi_period_ends, as for the KPI mor_open_overdue).
month_ends as (
    {{ kpi_period_ends('as_of', grains=['month']) }}
),

backlog as (
    select
        meldingen_keyed.main_category,
        meldingen_keyed.sub_category,
        meldingen_keyed.location_key,
        month_ends.period_start as month_start,
        count(*) as open_at_month_end,
        count(case when open_days.is_overdue then 1 end) as overdue_at_month_end
    from open_days
    inner join month_ends
        on open_days.date_day = month_ends.evaluated_date
    inner join meldingen_keyed
        on open_days.case_key = meldingen_keyed.case_key
    group by 1, 2, 3, 4
),

cells as (
    select
        main_category,
        sub_category,
        location_key,
        month_start
    from received
    union
    select
        main_category,
        sub_category,
        location_key,
        month_start
    from closed
    union
    select
        main_category,
        sub_category,
        location_key,
        month_start
    from backlog
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        cells.main_category,
        cells.sub_category,
        cells.location_key,
        cells.month_start,
        closed.throughput_working_days_sum,
        cells.main_category || '|' || cells.sub_category || '|' || cells.location_key || '|'
        || cast(cells.month_start as {{ type_text() }}) as category_buurt_month_key,
        coalesce(received.received, 0) as received,
        coalesce(received.cancelled, 0) as cancelled,
        coalesce(received.duplicates, 0) as duplicates,
        coalesce(received.repeat_locations, 0) as repeat_locations,
        coalesce(received.rerouted, 0) as rerouted,
        coalesce(closed.closed, 0) as closed,
        coalesce(closed.closed_on_time, 0) as closed_on_time,
        coalesce(backlog.open_at_month_end, 0) as open_at_month_end,
        coalesce(backlog.overdue_at_month_end, 0) as overdue_at_month_end,
        case when closed.closed > 0 then closed.closed_on_time * 1.0 / closed.closed end
            as on_time_rate
    from cells
    left join received
        on
            cells.main_category = received.main_category
            and cells.sub_category = received.sub_category
            and cells.location_key = received.location_key
            and cells.month_start = received.month_start
    left join closed
        on
            cells.main_category = closed.main_category
            and cells.sub_category = closed.sub_category
            and cells.location_key = closed.location_key
            and cells.month_start = closed.month_start
    left join backlog
        on
            cells.main_category = backlog.main_category
            and cells.sub_category = backlog.sub_category
            and cells.location_key = backlog.location_key
            and cells.month_start = backlog.month_start
)

select * from final
