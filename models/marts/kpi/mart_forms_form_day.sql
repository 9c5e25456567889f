-- mart_forms_form_day: e-form submissions per form per local day (docs/kpi-catalogue.md, E-mail and
-- e-forms): submissions completed on the day, and submissions started on the day with how
-- many of those were completed, whenever. Starts and completions are
-- int_form_submissions_flagged's, as for the KPIs frm_started and frm_completion. An
-- export of completed submissions only (Open Formulieren) has no starts: started is then
-- null (unknown), not 0, and completed still counts every submission.
with submissions as (
    select
        submission_id,
        form_slug,
        form_name,
        started_date,
        completed_date,
        is_started,
        is_completed
    from {{ ref('int_form_submissions_flagged') }}
),

-- A submission counts on its start day and on its completion day (one row when equal).
submission_days as (
    select
        form_slug,
        form_name,
        started_date as activity_date,
        is_started,
        1 as is_started_here,
        case when is_completed then 1 else 0 end as is_started_here_and_completed,
        case when completed_date = started_date then 1 else 0 end as is_completed_here
    from submissions
    where is_started
    union all
    select
        form_slug,
        form_name,
        completed_date as activity_date,
        is_started,
        0 as is_started_here,
        0 as is_started_here_and_completed,
        1 as is_completed_here
    from submissions
    where is_completed and (not is_started or completed_date <> started_date)
),

aggregated as (
    select
        activity_date,
        coalesce(form_slug, 'onbekend') as form_slug,
        max(form_name) as form_name,
        -- Unknown when none of the day's submissions of the form has a known start.
        case when max(case when is_started then 1 else 0 end) = 1 then sum(is_started_here) end
            as started,
        case
            when max(case when is_started then 1 else 0 end) = 1
                then sum(is_started_here_and_completed)
        end as started_completed,
        sum(is_completed_here) as completed
    from submission_days
    group by coalesce(form_slug, 'onbekend'), activity_date
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        form_slug || '|' || cast(activity_date as {{ type_text() }}) as form_day_key,
        form_slug,
        form_name,
        activity_date,
        cast(started as integer) as started,
        cast(started_completed as integer) as started_completed,
        cast(completed as integer) as completed,
        case when started > 0 then started_completed * 1.0 / started end as completion_rate
    from aggregated
)

select * from final
