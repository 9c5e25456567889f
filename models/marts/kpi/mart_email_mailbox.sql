-- mart_email_mailbox: inbound e-mail conversations per mailbox per local day of the
-- conversation's start (docs/kpi-catalogue.md, E-mail). Due dates, on time and due-or-done are
-- int_email_conversations_judged's, as for the KPIs eml_ack_timely and eml_answer_timely:
-- terms in the unit of kpi_parameters eml_ack_within / eml_answer_within, judged at the
-- as-of date (a conversation not answered whose due date is on or after the as-of date
-- is not yet due).
with conversations as (
    select
        conversation_id,
        mailbox,
        received_date,
        forwarded_to,
        is_acknowledged,
        is_acknowledged_on_time,
        is_ack_due_or_done,
        is_answered,
        is_answered_on_time,
        is_answer_due_or_done,
        answer_working_days
    from {{ ref('int_email_conversations_judged') }}
),

aggregated as (
    select
        received_date,
        coalesce(mailbox, 'onbekend') as mailbox,
        count(*) as received,
        count(case when is_acknowledged then 1 end) as acknowledged,
        count(case when is_acknowledged_on_time then 1 end) as acknowledged_on_time,
        count(case when is_ack_due_or_done then 1 end) as ack_due_or_done,
        count(case when is_answered then 1 end) as answered,
        count(case when is_answered_on_time then 1 end) as answered_on_time,
        count(case when is_answer_due_or_done then 1 end) as answer_due_or_done,
        count(case when is_answer_due_or_done and not is_answered then 1 end) as unanswered_overdue,
        count(case when forwarded_to is not null then 1 end) as forwarded,
        sum(case when is_answered then answer_working_days end) as answer_working_days_sum
    from conversations
    group by coalesce(mailbox, 'onbekend'), received_date
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
