-- kpi_contributions_email_forms: KPI contributions (docs/kpi-engine.md) of the e-mail
-- and e-form families: one row per conversation or submission and KPI (additive), plus
-- eml_backlog_overdue rows per grain for every conversation open at a period's end.
with conversation_states as (
    select
        received_at,
        received_date,
        answered_at,
        answered_date,
        answer_due_date,
        forwarded_to,
        is_answered,
        is_acknowledged_on_time,
        is_answered_on_time,
        is_ack_due_or_done,
        is_answer_due_or_done,
        answer_working_days
    from {{ ref('int_email_conversations_judged') }}
),

channel_contacts as (
    select * from {{ ref('int_channel_contacts_unioned') }}
),

cases as (
    select * from {{ ref('fact_case') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

eml_received as (
    select
        'eml_received' as kpi_code,
        received_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'e-mail' as channel_key,
        cast(1 as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from conversation_states
),

-- Acknowledged within the term / acknowledged, or not acknowledged and past due.
eml_ack_timely as (
    select
        'eml_ack_timely' as kpi_code,
        received_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'e-mail' as channel_key,
        cast(
            case when is_acknowledged_on_time then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(
            case when is_ack_due_or_done then 1 else 0 end
            as {{ type_double() }}
        ) as denominator
    from conversation_states
),

eml_answer_timely as (
    select
        'eml_answer_timely' as kpi_code,
        received_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'e-mail' as channel_key,
        cast(
            case when is_answered_on_time then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(
            case when is_answer_due_or_done then 1 else 0 end
            as {{ type_double() }}
        ) as denominator
    from conversation_states
),

-- Mean working days elapsed from the start to the answer (same day = 0).
eml_first_response_avg as (
    select
        'eml_first_response_avg' as kpi_code,
        received_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'e-mail' as channel_key,
        cast(answer_working_days as {{ type_double() }})
            as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from conversation_states
    where is_answered
),

eml_forwarded as (
    select
        'eml_forwarded' as kpi_code,
        received_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'e-mail' as channel_key,
        cast(case when forwarded_to is not null then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from conversation_states
),

-- Periods of every grain up to the as-of date, judged at the end of the evaluated day.
period_ends as (
    {{ kpi_period_ends('calendar', 'as_of') }}
),

period_end_instants as (
    select
        period_grain,
        period_start,
        evaluated_date,
        {{ local_day_end_at('evaluated_date') }} as evaluated_end_at
    from period_ends
),

-- Unanswered at the end of the evaluated day; overdue when due before that day.
eml_backlog_overdue as (
    select
        'eml_backlog_overdue' as kpi_code,
        period_end_instants.period_start as anchor_date,
        period_end_instants.period_grain,
        'e-mail' as channel_key,
        cast(
            case
                when conversation_states.answer_due_date < period_end_instants.evaluated_date
                    then 1
                else 0
            end as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from conversation_states
    inner join period_end_instants
        on
            conversation_states.received_at < period_end_instants.evaluated_end_at
            and (
                conversation_states.answered_at is null
                or conversation_states.answered_at >= period_end_instants.evaluated_end_at
            )
),

submissions as (
    select
        source_record_id as submission_id,
        contact_date as started_date,
        is_handled as is_completed,
        case_key
    from channel_contacts
    where source_system = 'web'
),

frm_started as (
    select
        'frm_started' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(1 as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from submissions
),

frm_completion as (
    select
        'frm_completion' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(case when is_completed then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from submissions
),

-- Each case linked from a completed submission counts once, in the period of the earliest
-- such submission's start; a link to a case missing from fact_case is left out.
form_cases as (
    select
        cases.case_key,
        min(submissions.started_date) as started_date,
        max(cases.suspension_reason) as suspension_reason
    from submissions
    inner join cases
        on submissions.case_key = cases.case_key
    where submissions.is_completed
    group by cases.case_key
),

frm_quality as (
    select
        'frm_quality' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(
            case
                when coalesce(suspension_reason, '') = 'Aanvullende informatie gevraagd' then 0
                else 1
            end as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from form_cases
),

final as (
    select * from eml_received
    union all
    select * from eml_ack_timely
    union all
    select * from eml_answer_timely
    union all
    select * from eml_first_response_avg
    union all
    select * from eml_backlog_overdue
    union all
    select * from eml_forwarded
    union all
    select * from frm_started
    union all
    select * from frm_completion
    union all
    select * from frm_quality
)

{{ kpi_contributions_summed('final') }}
