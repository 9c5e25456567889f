-- int_form_submissions_flagged: one row per e-form submission with what the form KPIs
-- (kpi_contributions_email_forms) and mart_forms_form_day count, decided once. A
-- submission is a start only when its start time is known: form exports that list
-- completed submissions only (Open Formulieren) give completions without starts, and
-- counting those as starts would make every form 100 % completed. Reads the submissions
-- of every form system (int_form_submissions_unioned).
with submissions as (
    select * from {{ ref('int_form_submissions_unioned') }}
),

final as (
    select
        submission_key,
        source_system,
        submission_id,
        form_slug,
        form_name,
        started_at,
        started_date,
        completed_at,
        completed_date,
        auth_method,
        started_at is not null as is_started,
        completed_at is not null as is_completed,
        {{ case_key_from_reference('case_id') }} as case_key
    from submissions
)

select * from final
