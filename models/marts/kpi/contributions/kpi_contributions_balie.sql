-- kpi_contributions_balie: the counter (balie) KPIs of docs/kpi-catalogue.md as contributions
-- (docs/kpi-engine.md), one row per KPI and day summed over the visits, anchored on the
-- local date of the arrival, else of the appointment (int_counter_visits_unioned.visit_date).
-- Waits, service times and the wait norm are int_balie_visits_judged's.
with visits as (
    select
        visit_date,
        is_walk_in,
        status,
        is_arrived,
        wait_s,
        service_s,
        is_wait_within_norm,
        'balie' as channel_key
    from {{ ref('int_balie_visits_judged') }}
),

arrived_visits as (
    select * from visits
    where is_arrived
),

bal_visits as (
    {{ kpi_count('bal_visits', 'arrived_visits', 'visit_date') }}
),

bal_no_show as (
    {{ kpi_share(
        'bal_no_show', 'visits', 'visit_date', "status = 'Niet verschenen'",
        where="not is_walk_in and status <> 'Geannuleerd'"
    ) }}
),

bal_wait_within_norm as (
    {{ kpi_share('bal_wait_within_norm', 'arrived_visits', 'visit_date', 'is_wait_within_norm') }}
),

bal_wait_avg as (
    {{ kpi_mean('bal_wait_avg', 'visits', 'visit_date', 'wait_s', where='wait_s is not null') }}
),

bal_service_time as (
    {{ kpi_mean(
        'bal_service_time', 'visits', 'visit_date', 'service_s', where='service_s is not null'
    ) }}
),

bal_left_unserved as (
    {{ kpi_share(
        'bal_left_unserved', 'arrived_visits', 'visit_date', "status = 'Vertrokken zonder hulp'"
    ) }}
),

unioned as (
    select * from bal_visits
    union all
    select * from bal_no_show
    union all
    select * from bal_wait_within_norm
    union all
    select * from bal_wait_avg
    union all
    select * from bal_service_time
    union all
    select * from bal_left_unserved
),

final as (
    {{ kpi_contributions_summed('unioned') }}
)

select * from final
