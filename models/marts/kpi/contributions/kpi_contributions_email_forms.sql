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
        answer_working_days,
        'e-mail' as channel_key
    from {{ ref('int_email_conversations_judged') }}
),

form_submissions as (
    select * from {{ ref('int_form_submissions_flagged') }}
),

cases as (
    select * from {{ ref('fact_case') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

eml_received as (
    {{ kpi_count('eml_received', 'conversation_states', 'received_date') }}
),

-- Acknowledged within the term / acknowledged, or not acknowledged and past due.
eml_ack_timely as (
    {{ kpi_share(
        'eml_ack_timely', 'conversation_states', 'received_date', 'is_acknowledged_on_time',
        channel_key="'e-mail'", in_denominator='is_ack_due_or_done'
    ) }}
),

eml_answer_timely as (
    {{ kpi_share(
        'eml_answer_timely', 'conversation_states', 'received_date', 'is_answered_on_time',
        channel_key="'e-mail'", in_denominator='is_answer_due_or_done'
    ) }}
),

-- Mean working days elapsed from the start to the answer (same day = 0).
eml_first_response_avg as (
    {{ kpi_mean(
        'eml_first_response_avg', 'conversation_states', 'received_date', 'answer_working_days',
        where='is_answered'
    ) }}
),

eml_forwarded as (
    {{ kpi_share(
        'eml_forwarded', 'conversation_states', 'received_date', 'forwarded_to is not null'
    ) }}
),

-- Periods of every grain up to the as-of date, judged at the end of the evaluated day.
period_ends as (
    {{ kpi_period_ends('as_of') }}
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

-- Only submissions with a known start: without start information (an export of
-- completed submissions only) frm_started, frm_completion and frm_quality are absent,
-- never 0 or 100 %.
submissions as (
    select
        submission_id,
        started_date,
        is_completed,
        case_key,
        'webformulier' as channel_key
    from form_submissions
    where is_started
),

frm_started as (
    {{ kpi_count('frm_started', 'submissions', 'started_date') }}
),

frm_completion as (
    {{ kpi_share('frm_completion', 'submissions', 'started_date', 'is_completed') }}
),

-- Each case linked from a completed submission counts once, in the period of the earliest
-- such submission's start; a link to a case missing from fact_case is left out.
form_cases as (
    select
        cases.case_key,
        'webformulier' as channel_key,
        min(submissions.started_date) as started_date,
        max(cases.suspension_reason) as suspension_reason
    from submissions
    inner join cases
        on submissions.case_key = cases.case_key
    where submissions.is_completed
    group by cases.case_key
),

frm_quality as (
    {{ kpi_share(
        'frm_quality', 'form_cases', 'started_date',
        "coalesce(suspension_reason, '') <> 'Aanvullende informatie gevraagd'"
    ) }}
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
