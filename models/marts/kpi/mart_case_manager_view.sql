-- mart_case_manager_view: the work in progress of each department per case kind (zaak,
-- melding) at the as-of date (int_as_of_dates_resolved): open cases, overdue ones (planned
-- due date before the as-of date) and the ones threatening to exceed their term (due on
-- the as-of date or within the next N working days; dbt var
-- case_threatening_working_days, default 2).
with cases as (
    select
        case_key,
        case_kind,
        department_key,
        planned_due_date,
        is_open
    from {{ ref('fact_case') }}
),

as_of as (
    select
        as_of_date,
        {{ working_days_after('as_of_date', var('case_threatening_working_days', 2)) }}
            as threatening_until_date
    from {{ ref('int_as_of_dates_resolved') }}
),

open_cases as (
    select
        cases.department_key,
        cases.case_kind,
        as_of.as_of_date,
        cases.planned_due_date is not null and cases.planned_due_date < as_of.as_of_date as is_overdue,
        cases.planned_due_date >= as_of.as_of_date
        and cases.planned_due_date <= as_of.threatening_until_date as is_threatening
    from cases
    cross join as_of
    where cases.is_open
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        department_key,
        case_kind,
        department_key || '|' || case_kind as department_case_kind_key,
        max(as_of_date) as as_of_date,
        count(*) as open_cases,
        count(case when is_overdue then 1 end) as overdue_cases,
        count(case when is_threatening then 1 end) as threatening_cases,
        count(*) - count(case when is_overdue then 1 end) - count(case when is_threatening then 1 end)
            as on_track_cases
    from open_cases
    group by department_key, case_kind
)

select * from final
