-- int_callbacks_scheduled: one row per interne taak (a terugbelverzoek or another task the
-- KCC assigned to a department) with its due date from kpi_parameters callback_within and
-- its outcome at the as-of date.
with tasks as (
    select * from {{ ref('int_internal_tasks_unioned') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

-- The term valid on the local assigned date, in the unit the municipality wrote it.
terms as (
    select
        tasks.*,
        as_of.as_of_date,
        {{ local_date('tasks.completed_at') }} as completed_date,
        {{ kpi_parameter('callback_within', 'tasks.assigned_date') }} as term_value_raw,
        {{ kpi_parameter('callback_within', 'tasks.assigned_date', 'unit') }} as term_unit
    from tasks
    cross join as_of
),

-- Day terms give a due date (completion local date <= due date is on time); clock terms
-- (hours, minutes) give a due instant (completed_at <= due_at) and its local date.
due as (
    select
        *,
        cast(term_value_raw as integer) as term_value,
        -- Clock terms in whole minutes, so 1.5 hours is 90 minutes.
        case term_unit
            when 'hours' then {{ dbt.dateadd('minute', 'cast(term_value_raw * 60 as integer)', 'assigned_at') }}
            when 'minutes' then {{ dbt.dateadd('minute', 'cast(term_value_raw as integer)', 'assigned_at') }}
        end as due_at
    from terms
),

due_dates as (
    select
        *,
        case
            when term_unit in ('hours', 'minutes') then {{ local_date('due_at') }}
            when term_unit = 'working_days'
                then {{ due_date_after('assigned_date', 'term_value', 'false') }}
            when term_unit = 'calendar_days'
                then {{ due_date_after('assigned_date', 'term_value', 'true') }}
        end as due_date
    from due
),

-- Done = afgehandeld_op on or before the as-of date (a later completion is still open
-- when the as-of date is set back with var as_of_date).
completion as (
    select
        *,
        completed_at is not null and completed_date <= as_of_date as is_done
    from due_dates
),

outcomes as (
    select
        *,
        case
            when not is_done then null
            when due_at is not null then completed_at <= due_at
            else completed_date <= due_date
        end as is_done_on_time
    from completion
),

classified as (
    select
        *,
        case
            when is_done and is_done_on_time then 'done_on_time'
            when is_done and not is_done_on_time then 'done_late'
            when is_done then 'done_no_due_date'
            when due_date is null then 'open_no_due_date'
            when due_date < as_of_date then 'open_overdue'
            else 'open_not_due'
        end as outcome
    from outcomes
),

final as (
    select
        task_id,
        contact_moment_id,
        requested_action,
        is_callback_request as is_callback,
        task_status,
        -- Unknown (null) where the system has no status retour (Open Klant).
        case when has_return_status then task_status = 'retour' end as is_returned,
        assigned_department,
        {{ department_key('assigned_department') }} as department_key,
        assigned_at,
        assigned_date,
        completed_at,
        completed_date,
        term_value,
        term_unit,
        due_at,
        due_date,
        as_of_date,
        is_done,
        is_done_on_time,
        outcome,
        -- In the denominator of callback_timely: done, or not done and past due.
        outcome in ('done_on_time', 'done_late', 'open_overdue') as is_due_or_done
    from classified
)

select * from final
