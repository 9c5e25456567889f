-- mart_balie_branch_service: counter visits per branch, service and local day of the
-- visit's anchor (arrival, else appointment; kpis.md, Balie). Branch and service are only
-- in the counter export, so they come from stg_balie__visits; waits and service times
-- from fact_contact.
with visits as (
    select
        visit_id,
        branch,
        service,
        is_walk_in,
        status
    from {{ ref('stg_balie__visits') }}
),

contacts as (
    select
        source_record_id,
        contact_date,
        wait_s,
        talk_s
    from {{ ref('fact_contact') }}
    where source_system = 'balie'
),

visits_measured as (
    select
        visits.visit_id,
        contacts.contact_date as visit_date,
        visits.is_walk_in,
        visits.status,
        contacts.wait_s,
        contacts.talk_s,
        coalesce(visits.branch, 'onbekend') as branch,
        coalesce(visits.service, 'onbekend') as service,
        visits.status in ('Geholpen', 'Doorverwezen', 'Vertrokken zonder hulp') as is_arrived,
        case
            when visits.is_walk_in
                then {{ kpi_parameter('bal_wait_norm_walk_in', 'contacts.contact_date') }}
            else {{ kpi_parameter('bal_wait_norm_appointment', 'contacts.contact_date') }}
        end as wait_norm_s
    from visits
    inner join contacts
        on visits.visit_id = contacts.source_record_id
),

aggregated as (
    select
        branch,
        service,
        visit_date,
        count(*) as visits_registered,
        count(case when not is_walk_in then 1 end) as appointments,
        count(case when not is_walk_in and status <> 'Geannuleerd' then 1 end) as appointments_not_cancelled,
        count(case when status = 'Geannuleerd' then 1 end) as cancelled,
        count(case when status = 'Niet verschenen' then 1 end) as no_shows,
        count(case when is_arrived then 1 end) as arrived_visits,
        count(case when is_arrived and is_walk_in then 1 end) as walk_ins,
        count(case when status = 'Geholpen' then 1 end) as helped,
        count(case when status = 'Doorverwezen' then 1 end) as referred,
        count(case when status = 'Vertrokken zonder hulp' then 1 end) as left_unserved,
        count(case when is_arrived and wait_s is not null then 1 end) as called_visits,
        count(case when is_arrived and wait_s <= wait_norm_s then 1 end) as waited_within_norm,
        sum(case when is_arrived then wait_s end) as wait_s_sum,
        count(case when status in ('Geholpen', 'Doorverwezen') and talk_s is not null then 1 end)
            as served_visits,
        sum(case when status in ('Geholpen', 'Doorverwezen') then talk_s end) as service_s_sum
    from visits_measured
    group by branch, service, visit_date
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        branch,
        service,
        visit_date,
        visits_registered,
        appointments,
        appointments_not_cancelled,
        cancelled,
        no_shows,
        arrived_visits,
        walk_ins,
        helped,
        referred,
        left_unserved,
        called_visits,
        waited_within_norm,
        wait_s_sum,
        served_visits,
        service_s_sum,
        branch || '|' || service || '|' || cast(visit_date as {{ type_text() }}) as branch_service_day_key,
        case when called_visits > 0 then wait_s_sum * 1.0 / called_visits end as mean_wait_s,
        case when served_visits > 0 then service_s_sum * 1.0 / served_visits end as mean_service_s,
        case
            when appointments_not_cancelled > 0 then no_shows * 1.0 / appointments_not_cancelled
        end as no_show_rate,
        case when arrived_visits > 0 then waited_within_norm * 1.0 / arrived_visits end
            as wait_within_norm_rate
    from aggregated
)

select * from final
