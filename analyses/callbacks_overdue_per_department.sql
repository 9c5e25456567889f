-- Which departments leave callback requests (terugbelverzoeken) waiting?
--
-- A terugbelverzoek is an interne taak "Terugbellen" the KCC assigns to a department
-- (fact_callback.is_callback). It is due on the 2nd working day after it was assigned
-- (seed kpi_parameters callback_within); its outcome is judged at the as-of date, the
-- latest export date (fact_callback.as_of_date).
--
-- How to read the result: one row per department (afdeling), the most overdue first.
--   open_overdue               open callbacks past their due date at the as-of date: these
--                              customers are waiting now
--   oldest_due_date            due date of the longest-waiting open callback
--   max_working_days_overdue   working days from that due date to the as-of date
--   open_not_due               open, not due yet (not late)
--   done_on_time / done_late   completed callbacks within / after the term
--   callback_timely            done_on_time / (done + open_overdue), 0-1, the KPI
--                              callback_timely for this department over the whole period
--                              (norm >= 0.95)
--   returned                   callbacks sent back (retour) as wrongly assigned
with callbacks as (
    select
        callback_key,
        department_key,
        due_date,
        as_of_date,
        outcome,
        is_done_on_time,
        is_due_or_done,
        is_returned
    from {{ ref('fact_callback') }}
    where is_callback
),

departments as (
    select
        department_key,
        department_name,
        service_line
    from {{ ref('dim_department') }}
),

dates as (
    select
        date_day,
        working_day_number
    from {{ ref('dim_date') }}
),

per_department as (
    select
        callbacks.department_key,
        max(callbacks.as_of_date) as as_of_date,
        count(case when callbacks.outcome = 'open_overdue' then 1 end) as open_overdue,
        count(case when callbacks.outcome = 'open_not_due' then 1 end) as open_not_due,
        count(case when callbacks.outcome = 'done_on_time' then 1 end) as done_on_time,
        count(case when callbacks.outcome = 'done_late' then 1 end) as done_late,
        count(case when callbacks.is_returned then 1 end) as returned,
        count(case when callbacks.is_due_or_done then 1 end) as due_or_done,
        count(case when callbacks.is_due_or_done and callbacks.is_done_on_time then 1 end)
            as timely,
        min(case when callbacks.outcome = 'open_overdue' then callbacks.due_date end)
            as oldest_due_date
    from callbacks
    group by callbacks.department_key
),

final as (
    select
        per_department.department_key,
        departments.department_name,
        departments.service_line,
        per_department.as_of_date,
        per_department.open_overdue,
        per_department.oldest_due_date,
        per_department.open_not_due,
        per_department.done_on_time,
        per_department.done_late,
        per_department.returned,
        as_of_day.working_day_number - oldest_due_day.working_day_number
            as max_working_days_overdue,
        per_department.timely / nullif(per_department.due_or_done, 0) as callback_timely
    from per_department
    left join departments
        on per_department.department_key = departments.department_key
    left join dates as as_of_day
        on per_department.as_of_date = as_of_day.date_day
    left join dates as oldest_due_day
        on per_department.oldest_due_date = oldest_due_day.date_day
)

select
    department_key,
    department_name,
    service_line,
    as_of_date,
    open_overdue,
    oldest_due_date,
    max_working_days_overdue,
    open_not_due,
    done_on_time,
    done_late,
    callback_timely,
    returned
from final
order by open_overdue desc, callback_timely asc nulls last, department_key asc
