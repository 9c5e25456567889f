-- int_email_conversations_judged: every e-mail conversation with its acknowledgement and
-- answer due dates (kpi parameters eml_ack_within and eml_answer_within valid on the local
-- start date, in their unit: working days or calendar days) and whether each was met, as
-- judged at the as-of date (docs/kpi-engine.md "Due but not done"). The one place these rules live:
-- kpi_contributions_email_forms and mart_email_mailbox both read it.
with conversations as (
    select
        conversation_key,
        source_system,
        conversation_id,
        mailbox,
        received_at,
        received_date,
        acknowledged_at,
        answered_at,
        forwarded_to
    from {{ ref('int_email_conversations_built') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

-- Terms (kpi_parameters valid on the local start date) and local completion dates.
terms as (
    select
        conversations.*,
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
due_dates as (
    select
        conversation_key,
        source_system,
        conversation_id,
        mailbox,
        received_at,
        received_date,
        acknowledged_at,
        acknowledged_date,
        answered_at,
        answered_date,
        forwarded_to,
        as_of_date,
        {{ due_date_after('received_date', 'ack_term', "ack_term_unit = 'calendar_days'") }}
            as ack_due_date,
        {{ due_date_after('received_date', 'answer_term', "answer_term_unit = 'calendar_days'") }}
            as answer_due_date,
        coalesce(acknowledged_date <= as_of_date, false) as is_acknowledged,
        coalesce(answered_date <= as_of_date, false) as is_answered,
        {{ working_days_between('received_date', 'answered_date') }} as answer_working_days
    from terms
),

-- On time: done on or before the due date. Due or done: done, or not done and due before
-- the as-of date (the denominator of eml_ack_timely / eml_answer_timely).
final as (
    select
        *,
        coalesce(is_acknowledged and acknowledged_date <= ack_due_date, false)
            as is_acknowledged_on_time,
        coalesce(is_answered and answered_date <= answer_due_date, false)
            as is_answered_on_time,
        coalesce(is_acknowledged or ack_due_date < as_of_date, false) as is_ack_due_or_done,
        coalesce(is_answered or answer_due_date < as_of_date, false) as is_answer_due_or_done
    from due_dates
)

select * from final
