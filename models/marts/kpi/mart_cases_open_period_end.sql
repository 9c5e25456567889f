-- mart_cases_open_period_end: zaken open at the end of every period (day, week, month,
-- quarter, year up to the as-of date) per responsible department and zaaktype, with how
-- many of them were past their planned end and how many past their legal end then. The
-- backlog as the KPI case_open_overdue sees it: the same zaken (fact_case, case_kind
-- zaak), period ends (kpi_period_ends) and open and overdue rule (macro
-- open_zaken_at_period_ends); the planned and legal due dates are the ones
-- int_zaken_scheduled sets (einddatum_gepland / uiterlijke einddatum afdoening, else the
-- zaaktype's servicenorm / doorlooptijd, plus the verlenging).
with zaken as (
    select
        case_key,
        case_type_key,
        department_key,
        registered_date,
        closed_date,
        planned_due_date,
        legal_due_date
    from {{ ref('fact_case') }}
    where case_kind = 'zaak'
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

-- Periods of every grain up to the as-of date, judged at the end of the evaluated day.
period_ends as (
    {{ kpi_period_ends('as_of') }}
),

open_zaken as (
    {{ open_zaken_at_period_ends(
        'zaken', 'period_ends',
        ['case_type_key', 'department_key', 'planned_due_date', 'legal_due_date']
    ) }}
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        period_grain,
        period_start,
        period_end,
        evaluated_date,
        department_key,
        case_type_key,
        count(*) as open_zaken,
        count(planned_due_date) as open_with_planned_end,
        count(case when is_overdue then 1 end) as open_past_planned_end,
        count(legal_due_date) as open_with_legal_end,
        count(case when is_overdue_legal then 1 end) as open_past_legal_end
    from open_zaken
    group by
        period_grain,
        period_start,
        period_end,
        evaluated_date,
        department_key,
        case_type_key
)

select * from final
