-- int_email_conversations_built: one row per e-mail conversation with an inbound,
-- non-auto-reply message; it starts at the first such message. Reads the messages of every
-- mail system (int_email_messages_unioned); a conversation is one system's
-- (conversation_key), so two systems' conversation ids never merge.
{{ config(materialized='table') }}

with messages as (
    select * from {{ ref('int_email_messages_unioned') }}
),

customer_messages as (
    select *
    from messages
    where direction = 'Inkomend' and is_auto_reply = false
),

customer_messages_numbered as (
    select
        *,
        row_number() over (
            partition by conversation_key order by sent_at, message_id
        ) as inbound_number,
        count(*) over (partition by conversation_key) as inbound_count
    from customer_messages
),

-- The conversation's first customer message: anchor, mailbox, customer and category.
conversations as (
    select
        conversation_key,
        source_system,
        conversation_id,
        sent_at as received_at,
        sent_date as received_date,
        mailbox,
        customer_email_key,
        category,
        inbound_count - 1 as follow_up_inbound_count
    from customer_messages_numbered
    where inbound_number = 1
),

-- The automatic ontvangstbevestiging.
acknowledgements as (
    select
        conversation_key,
        min(sent_at) as acknowledged_at
    from messages
    where direction = 'Uitgaand' and is_auto_reply = true
    group by conversation_key
),

-- The answer: the first outbound message written by a person after the first customer message.
answers_ranked as (
    select
        messages.conversation_key,
        messages.sent_at as answered_at,
        messages.sent_date as answered_date,
        messages.employee_key,
        row_number() over (
            partition by messages.conversation_key
            order by messages.sent_at, messages.message_id
        ) as answer_rank
    from messages
    inner join conversations
        on messages.conversation_key = conversations.conversation_key
    where
        messages.direction = 'Uitgaand'
        and messages.is_auto_reply = false
        and messages.sent_at > conversations.received_at
),

answers as (
    select * from answers_ranked
    where answer_rank = 1
),

-- The latest forward of the conversation to a department.
forwards_ranked as (
    select
        conversation_key,
        forwarded_to,
        row_number() over (
            partition by conversation_key order by sent_at desc, message_id desc
        ) as forward_rank
    from messages
    where forwarded_to is not null
),

forwards as (
    select * from forwards_ranked
    where forward_rank = 1
),

-- The customer's address from any message when the first one lacks it.
conversation_customers as (
    select
        conversation_key,
        min(customer_email_key) as any_customer_email_key,
        count(*) as message_count
    from messages
    group by conversation_key
),

final as (
    select
        conversations.conversation_key,
        conversations.source_system,
        conversations.conversation_id,
        conversations.received_at,
        conversations.received_date,
        acknowledgements.acknowledged_at,
        answers.answered_at,
        answers.answered_date,
        conversations.follow_up_inbound_count,
        conversation_customers.message_count,
        forwards.forwarded_to,
        case
            when forwards.forwarded_to is not null
                then {{ department_key('forwards.forwarded_to') }}
        end as forwarded_department_key,
        conversations.category,
        conversations.mailbox,
        coalesce(
            conversations.customer_email_key, conversation_customers.any_customer_email_key
        ) as customer_email_key,
        answers.employee_key
    from conversations
    inner join conversation_customers
        on conversations.conversation_key = conversation_customers.conversation_key
    left join acknowledgements
        on conversations.conversation_key = acknowledgements.conversation_key
    left join answers
        on conversations.conversation_key = answers.conversation_key
    left join forwards
        on conversations.conversation_key = forwards.conversation_key
)

select * from final
