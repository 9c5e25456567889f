-- Every feedback row of every Signalen dump, parsed and validated; the text is dropped.
with source as (
    {{ raw_rows('mor', 'kto_feedback', ['text']) }}
),

parsed as (
    select
        *,
        {{ parse_ts_offset('submitted_at') }} as _submitted_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('_signal_id'),
    check_timestamp('submitted_at', '_submitted_at'),
    check_code('is_satisfied', ['True', 'False', 'true', 'false']),
] %}

validated as (
    select
        {{ parse_int('_signal_id') }} as signal_id,
        {{ parse_bool('is_satisfied') }} as is_satisfied,
        {{ parse_bool('allows_contact') }} as allows_contact,
        {{ parse_ts_offset('created_at') }} as requested_at,
        _submitted_at as submitted_at,
        {{ local_date('_submitted_at') }} as submitted_date,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
