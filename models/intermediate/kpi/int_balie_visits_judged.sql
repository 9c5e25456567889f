-- int_balie_visits_judged: every counter (balie) visit with its wait (docs/kpi-catalogue.md, Balie),
-- service time and the wait norm valid on its date (kpi parameters bal_wait_norm_walk_in
-- and bal_wait_norm_appointment, read with their unit), and whether it waited within
-- that norm. The one place these rules live: kpi_contributions_balie,
-- mart_balie_branch_service and int_channel_contacts_unioned (wait, service time) read
-- it. Reads the visits of every counter system (int_counter_visits_unioned): no conformed
-- model keeps a visit's status, appointment and call time.
with visits as (
    select
        visit_key,
        source_system,
        visit_id,
        visit_date,
        branch,
        service,
        appointment_at,
        arrived_at,
        called_at,
        ended_at,
        is_walk_in,
        status
    from {{ ref('int_counter_visits_unioned') }}
),

-- Arrived: the visitor came (served, referred on, or left before being called); served:
-- helped at the desk.
classified as (
    select
        *,
        status in ('Geholpen', 'Doorverwezen', 'Vertrokken zonder hulp') as is_arrived,
        status in ('Geholpen', 'Doorverwezen') as is_served
    from visits
),

-- Wait per docs/kpi-engine.md: walk-in call - arrival; appointment call - max(arrival,
-- appointment), at least 0. Null when the visit was never called, or never arrived (a
-- no-show or cancellation whose system writes the appointment's slot as its call time).
-- Service time: call to end of a served visit.
measured as (
    select
        visit_key,
        source_system,
        visit_id,
        visit_date,
        branch,
        service,
        is_walk_in,
        status,
        is_arrived,
        is_served,
        case
            when called_at is null or not is_arrived then null
            when is_walk_in then {{ seconds_between('arrived_at', 'called_at') }}
            else greatest(
                {{ seconds_between(
                    'case when arrived_at > appointment_at then arrived_at'
                    ~ ' else coalesce(appointment_at, arrived_at) end',
                    'called_at'
                ) }},
                0
            )
        end as wait_s,
        case
            when is_served then {{ seconds_between('called_at', 'ended_at') }}
        end as service_s,
        case
            when is_walk_in then {{ kpi_parameter_in_seconds('bal_wait_norm_walk_in', 'visit_date') }}
            else {{ kpi_parameter_in_seconds('bal_wait_norm_appointment', 'visit_date') }}
        end as wait_norm_s
    from classified
),

final as (
    select
        *,
        coalesce(wait_s <= wait_norm_s, false) as is_wait_within_norm
    from measured
)

select * from final
