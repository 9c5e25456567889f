-- fact_callback: one row per interne taak (terugbelverzoek or other task the KCC assigned
-- to a department), with its due date and its outcome at the as-of date.
with callbacks as (
    select * from {{ ref('int_callbacks_scheduled') }}
),

keyed as (
    select
        *,
        'kcs|' || task_id as callback_key
    from callbacks
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        callback_key,
        task_id,
        contact_moment_id,
        requested_action,
        is_callback,
        task_status,
        is_returned,
        department_key,
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
        is_due_or_done,
        outcome
    from keyed
)

select * from final
