-- mart_email_mailbox: inbound e-mail conversations per mailbox per local day of the
-- conversation's start (kpis.md, E-mail). Due dates count working days from the local
-- start date (kpi_parameters eml_ack_within, eml_answer_within); timeliness is judged at
-- the as-of date (int_as_of_dates_resolved): a conversation not answered whose due date
-- is on or after the as-of date is not yet due.
with conversations as (
    select
        conversation_id,
        mailbox,
        received_date,
        acknowledged_at,
        answered_at,
        answered_date,
        forwarded_to
    from {{ ref('int_email_conversations_built') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

conversations_due as (
    select
        conversations.conversation_id,
        coalesce(conversations.mailbox, 'onbekend') as mailbox,
        conversations.received_date,
        conversations.answered_date,
        conversations.forwarded_to,
        cast({{ to_local_timestamp('conversations.acknowledged_at') }} as date)
            as acknowledged_date,
        {{ working_days_after(
            'conversations.received_date',
            kpi_parameter('eml_ack_within', 'conversations.received_date')
        ) }} as ack_due_date,
        {{ working_days_after(
            'conversations.received_date',
            kpi_parameter('eml_answer_within', 'conversations.received_date')
        ) }} as answer_due_date,
        {{ working_days_between('conversations.received_date', 'conversations.answered_date') }}
            as answer_working_days,
        as_of.as_of_date
    from conversations
    cross join as_of
),

aggregated as (
    select
        mailbox,
        received_date,
        count(*) as received,
        count(case when acknowledged_date is not null then 1 end) as acknowledged,
        count(case when acknowledged_date <= ack_due_date then 1 end) as acknowledged_on_time,
        count(case when acknowledged_date is not null or ack_due_date < as_of_date then 1 end)
            as ack_due_or_done,
        count(case when answered_date is not null then 1 end) as answered,
        count(case when answered_date <= answer_due_date then 1 end) as answered_on_time,
        count(case when answered_date is not null or answer_due_date < as_of_date then 1 end)
            as answer_due_or_done,
        count(case when answered_date is null and answer_due_date < as_of_date then 1 end)
            as unanswered_overdue,
        count(case when forwarded_to is not null then 1 end) as forwarded,
        sum(answer_working_days) as answer_working_days_sum
    from conversations_due
    group by mailbox, received_date
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        mailbox,
        received_date,
        received,
        acknowledged,
        acknowledged_on_time,
        ack_due_or_done,
        answered,
        answered_on_time,
        answer_due_or_done,
        unanswered_overdue,
        forwarded,
        answer_working_days_sum,
        mailbox || '|' || cast(received_date as {{ type_text() }}) as mailbox_day_key,
        case when answered > 0 then answer_working_days_sum * 1.0 / answered end
            as mean_answer_working_days,
        case when answer_due_or_done > 0 then answered_on_time * 1.0 / answer_due_or_done end
            as answer_timely_rate
    from aggregated
)

select * from final
