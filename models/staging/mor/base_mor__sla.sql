-- Every afhandeltermijn row of every Signalen dump, parsed and validated.
with source as (
    {{ raw_rows('mor', 'sla') }}
),

{% set checks = [
    check_truncated(),
    check_missing('id'),
] %}

validated as (
    select
        {{ parse_int('id') }} as sla_id,
        nullif(trim(main), '') as main_category,
        nullif(trim(sub), '') as sub_category,
        {{ parse_int('n_days') }} as term_days,
        {{ parse_bool('use_calendar_days') }} as uses_calendar_days,
        {{ parse_ts_offset('created_at') }} as valid_from_at,
        {{ select_lineage_and_rejects(checks) }}
    from source
)

select * from validated
