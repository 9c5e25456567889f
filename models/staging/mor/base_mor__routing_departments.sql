-- Every routing row of every Signalen dump (routing_departments.csv), parsed and validated.
with source as (
    {{ raw_rows('mor', 'routing_departments') }}
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
] %}

validated as (
    select
        {{ parse_int('id') }} as routing_id,
        {{ parse_int('_signal_id') }} as signal_id,
        nullif(trim(departments), '') as departments,
        _created_at as created_at,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
