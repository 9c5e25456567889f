-- kpi_contributions_email_forms: KPI contributions (docs/kpi-engine.md) of the e-mail
-- and e-form families: one row per conversation or submission and KPI (additive), plus
-- eml_backlog_overdue rows per grain for every conversation open at a period's end.
with conversations as (
    select * from {{ ref('int_email_conversations_built') }}
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

-- Terms (kpi_parameters valid on the local start date) and local completion dates.
conversation_terms as (
    select
        conversations.conversation_id,
        conversations.received_at,
        conversations.received_date,
        conversations.acknowledged_at,
        conversations.answered_at,
        conversations.forwarded_to,
        as_of.as_of_date,
        {{ local_date('conversations.acknowledged_at') }} as acknowledged_date,
        {{ local_date('conversations.answered_at') }} as answered_date,
        cast({{ kpi_parameter('eml_ack_within', 'conversations.received_date') }} as integer)
            as ack_term,
        {{ kpi_parameter('eml_ack_within', 'conversations.received_date', 'unit') }}
            as ack_term_unit,
        cast({{ kpi_parameter('eml_answer_within', 'conversations.received_date') }} as integer)
            as answer_term,
        {{ kpi_parameter('eml_answer_within', 'conversations.received_date', 'unit') }}
            as answer_term_unit
    from conversations
    cross join as_of
),

-- Due dates: the N-th working day strictly after the start date (or N calendar days).
-- Done = the acknowledgement / answer is dated on or before the as-of date.
conversation_states as (
    select
        conversation_id,
        received_at,
        received_date,
        answered_at,
        forwarded_to,
        as_of_date,
        acknowledged_date,
        answered_date,
        {{ due_date_after('received_date', 'ack_term', "ack_term_unit = 'calendar_days'") }}
            as ack_due_date,
        {{ due_date_after('received_date', 'answer_term', "answer_term_unit = 'calendar_days'") }}
            as answer_due_date,
        coalesce(acknowledged_date <= as_of_date, false) as is_acknowledged,
        coalesce(answered_date <= as_of_date, false) as is_answered
    from conversation_terms
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
            case when is_acknowledged and acknowledged_date <= ack_due_date then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(
            case when is_acknowledged or ack_due_date < as_of_date then 1 else 0 end
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
            case when is_answered and answered_date <= answer_due_date then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(
            case when is_answered or answer_due_date < as_of_date then 1 else 0 end
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
        cast({{ working_days_between('received_date', 'answered_date') }} as {{ type_double() }})
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

-- Periods of every grain up to the as-of date; a period is judged at the end of its last
-- local day, capped at the as-of date.
periods as (
    {{ kpi_periods('calendar') }}
),

first_received as (
    select min(received_date) as first_received_date
    from conversation_states
),

period_ends as (
    select
        periods.period_grain,
        periods.period_start,
        case
            when periods.period_end < as_of.as_of_date then periods.period_end
            else as_of.as_of_date
        end as evaluated_date
    from periods
    cross join as_of
    cross join first_received
    where
        periods.period_start <= as_of.as_of_date
        and periods.period_end >= first_received.first_received_date
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

-- Pre-summed per kpi_code x anchor_date x period_grain x channel_key (docs/kpi-engine.md);
-- a count keeps denominator null.
select
    kpi_code,
    anchor_date,
    period_grain,
    channel_key,
    sum(numerator) as numerator,
    sum(denominator) as denominator
from final
group by kpi_code, anchor_date, period_grain, channel_key
