-- kpi_contributions_balie: the counter (balie) KPIs of kpis.md as contributions
-- (docs/kpi-engine.md), one row per KPI and day summed over the visits, anchored on the
-- local date of the arrival, else of the appointment (stg_balie__visits.visit_date).
-- Waits, service times and the wait norm are int_balie_visits_judged's.
with visits as (
    select
        visit_date,
        is_walk_in,
        status,
        is_arrived,
        is_served,
        wait_s,
        service_s,
        is_wait_within_norm
    from {{ ref('int_balie_visits_judged') }}
),

arrived_visits as (
    select * from visits
    where is_arrived
),

bal_visits as (
    select
        'bal_visits' as kpi_code,
        visit_date as anchor_date,
        1.0 as numerator,
        cast(null as {{ type_double() }}) as denominator
    from arrived_visits
),

bal_no_show as (
    select
        'bal_no_show' as kpi_code,
        visit_date as anchor_date,
        case when status = 'Niet verschenen' then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from visits
    where not is_walk_in and status <> 'Geannuleerd'
),

bal_wait_within_norm as (
    select
        'bal_wait_within_norm' as kpi_code,
        visit_date as anchor_date,
        case when is_wait_within_norm then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from arrived_visits
),

bal_wait_avg as (
    select
        'bal_wait_avg' as kpi_code,
        visit_date as anchor_date,
        wait_s as numerator,
        1.0 as denominator
    from visits
    where wait_s is not null
),

bal_service_time as (
    select
        'bal_service_time' as kpi_code,
        visit_date as anchor_date,
        service_s as numerator,
        1.0 as denominator
    from visits
    where service_s is not null
),

bal_left_unserved as (
    select
        'bal_left_unserved' as kpi_code,
        visit_date as anchor_date,
        case when status = 'Vertrokken zonder hulp' then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from arrived_visits
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
    {{ kpi_contributions_summed('unioned', channel_key='balie', has_period_grain=false) }}
)

select * from final
