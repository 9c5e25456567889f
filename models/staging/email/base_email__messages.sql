-- Every raw e-mail message, parsed and validated; the subject (free text) is dropped here.
with source as (
    {{ raw_rows('email', 'messages', ['subject']) }}
),

parsed as (
    select
        *,
        {{ parse_ts_local('sent_at', '%Y-%m-%d %H:%M:%S') }} as _sent_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('message_id'),
    check_missing('conversation_id'),
    check_timestamp('sent_at', '_sent_at'),
    check_code('direction', ['Inkomend', 'Uitgaand']),
    check_code('is_auto_reply', ['true', 'false']),
] %}

validated as (
    select
        nullif(trim(message_id), '') as message_id,
        nullif(trim(conversation_id), '') as conversation_id,
        direction,
        {{ mailbox_name('mailbox') }} as mailbox,
        -- The customer is the sender of an inbound and the recipient of an outbound mail.
        {{ pseudonymise(
            normalise_email("case when direction = 'Inkomend' then sender else recipient end"),
            'email'
        ) }} as customer_email_key,
        _sent_at as sent_at,
        {{ local_date('_sent_at') }} as sent_date,
        {{ parse_bool('is_auto_reply') }} as is_auto_reply,
        nullif(trim(category), '') as category,
        {{ pseudonymise(normalise_email('handled_by'), 'staff') }} as employee_key,
        nullif(trim(forwarded_to), '') as forwarded_to,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
