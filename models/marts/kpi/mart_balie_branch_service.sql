-- mart_balie_branch_service: counter visits per branch, service and local day of the
-- visit's anchor (arrival, else appointment; docs/kpi-catalogue.md, Balie). Waits, service times and
-- whether a visit waited within the norm are int_balie_visits_judged's, as for the KPIs
-- bal_wait_within_norm, bal_wait_avg and bal_service_time.
with visits as (
    select
        visit_date,
        is_walk_in,
        status,
        is_arrived,
        is_served,
        wait_s,
        service_s,
        is_wait_within_norm,
        coalesce(branch, 'onbekend') as branch,
        coalesce(service, 'onbekend') as service
    from {{ ref('int_balie_visits_judged') }}
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
        count(case when is_arrived and is_wait_within_norm then 1 end) as waited_within_norm,
        sum(case when is_arrived then wait_s end) as wait_s_sum,
        count(case when is_served and service_s is not null then 1 end) as served_visits,
        sum(case when is_served then service_s end) as service_s_sum
    from visits
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
