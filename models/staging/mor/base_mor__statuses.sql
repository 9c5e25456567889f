-- Every status row of every Signalen dump, parsed and validated; text and user are dropped.
with source as (
    {{ raw_rows('mor', 'statuses', ['text']) }}
),

parsed as (
    select
        *,
        {{ parse_ts_offset('created_at') }} as _created_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('id'),
    check_missing('_signal_id'),
    check_timestamp('created_at', '_created_at'),
    check_code('state', [
        'm', 'i', 'b', 'h', 'ingepland', 'ready to send', 'sent', 'send failed', 'done external',
        'forward to external', 'closure requested', 'reaction requested', 'reaction received',
        'reopen requested', 'reopened', 'o', 'a', 's'
    ]),
] %}

validated as (
    select
        {{ parse_int('id') }} as status_id,
        {{ parse_int('_signal_id') }} as signal_id,
        state,
        nullif(trim(state_display), '') as state_display,
        {{ pseudonymise(normalise_email('"user"'), 'staff') }} as employee_key,
        _created_at as created_at,
        {{ local_date('_created_at') }} as created_date,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
