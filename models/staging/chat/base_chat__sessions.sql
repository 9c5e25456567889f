-- Every raw chat or WhatsApp conversation, parsed and validated; rejected rows keep their reason.
with source as (
    {{ raw_rows('chat', 'sessions') }}
),

parsed as (
    select
        *,
        {{ parse_ts_offset('started_at') }} as _started_at,
        {{ parse_ts_offset('first_response_at') }} as _first_response_at,
        {{ parse_ts_offset('ended_at') }} as _ended_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('conversation_id'),
    check_timestamp('started_at', '_started_at'),
    check_timestamp('ended_at', '_ended_at'),
    check_timestamp('first_response_at', '_first_response_at', required=false),
    check_code('channel', ['Webchat', 'WhatsApp']),
    check_code('status', ['closed', 'missed']),
    check_order('_started_at', '_ended_at', 'ended_at'),
] %}

validated as (
    select
        nullif(trim(conversation_id), '') as conversation_id,
        channel,
        _started_at as started_at,
        {{ local_date('_started_at') }} as started_date,
        _first_response_at as first_response_at,
        _ended_at as ended_at,
        {{ pseudonymise(normalise_email('agent'), 'staff') }} as employee_key,
        nullif(trim(team), '') as team,
        nullif(trim(transferred_to), '') as transferred_to,
        {{ pseudonymise(normalise_phone('customer_phone'), 'phone') }} as customer_phone_key,
        {{ pseudonymise(normalise_email('customer_email'), 'email') }} as customer_email_key,
        nullif(trim(topic), '') as topic,
        status,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
