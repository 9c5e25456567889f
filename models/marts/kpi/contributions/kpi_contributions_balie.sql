-- kpi_contributions_balie: the counter (balie) KPIs of kpis.md as contributions
-- (docs/kpi-engine.md), one row per KPI and day summed over the visits, anchored on the
-- local date of the arrival, else of the appointment (stg_balie__visits.visit_date).
-- Reads the staged visits: no conformed model keeps a visit's status, appointment and
-- call time (fact_contact folds them into wait_s / is_offered), see the model's YAML.
with visits as (
    select
        visit_id,
        visit_date,
        appointment_at,
        arrived_at,
        called_at,
        ended_at,
        is_walk_in,
        status
    from {{ ref('stg_balie__visits') }}
),

-- Wait per kpis.md: walk-in call - arrival; appointment call - max(arrival,
-- appointment), at least 0. Null when the visit was never called.
waits as (
    select
        visits.visit_id,
        visits.visit_date,
        visits.called_at,
        visits.ended_at,
        visits.is_walk_in,
        visits.status,
        visits.status in ('Geholpen', 'Doorverwezen', 'Vertrokken zonder hulp') as is_arrived,
        case
            when visits.called_at is null then null
            when visits.is_walk_in
                then {{ seconds_between('visits.arrived_at', 'visits.called_at') }}
            else greatest(
                {{ seconds_between(
                    'case when visits.arrived_at > visits.appointment_at then visits.arrived_at'
                    ~ ' else coalesce(visits.appointment_at, visits.arrived_at) end',
                    'visits.called_at'
                ) }},
                0
            )
        end as wait_s,
        case
            when visits.is_walk_in
                then {{ parameter_in_seconds(
                    kpi_parameter('bal_wait_norm_walk_in', 'visits.visit_date'),
                    kpi_parameter('bal_wait_norm_walk_in', 'visits.visit_date', 'unit')
                ) }}
            else {{ parameter_in_seconds(
                kpi_parameter('bal_wait_norm_appointment', 'visits.visit_date'),
                kpi_parameter('bal_wait_norm_appointment', 'visits.visit_date', 'unit')
            ) }}
        end as wait_norm_s
    from visits
),

arrived_visits as (
    select * from waits
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
    from waits
    where not is_walk_in and status <> 'Geannuleerd'
),

bal_wait_within_norm as (
    select
        'bal_wait_within_norm' as kpi_code,
        visit_date as anchor_date,
        case when wait_s <= wait_norm_s then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from arrived_visits
),

bal_wait_avg as (
    select
        'bal_wait_avg' as kpi_code,
        visit_date as anchor_date,
        wait_s as numerator,
        1.0 as denominator
    from waits
    where wait_s is not null
),

bal_service_time as (
    select
        'bal_service_time' as kpi_code,
        visit_date as anchor_date,
        {{ seconds_between('called_at', 'ended_at') }} as numerator,
        1.0 as denominator
    from waits
    where
        status in ('Geholpen', 'Doorverwezen')
        and called_at is not null
        and ended_at is not null
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

-- Pre-summed per KPI and day: the same result as one row per item (docs/kpi-engine.md).
final as (
    select
        cast(kpi_code as {{ type_text() }}) as kpi_code,
        cast(anchor_date as date) as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        cast('balie' as {{ type_text() }}) as channel_key,
        cast(sum(numerator) as {{ type_double() }}) as numerator,
        cast(sum(denominator) as {{ type_double() }}) as denominator
    from unioned
    group by kpi_code, anchor_date
)

select * from final
