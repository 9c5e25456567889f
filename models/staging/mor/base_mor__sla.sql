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
        -- Slugs (contract) or names (Signalen's dump). The dump writes a main category
        -- itself as main empty, sub = its name: read as main = that name, no sub.
        coalesce(nullif(trim(main), ''), nullif(trim(sub), '')) as main_category,
        case when nullif(trim(main), '') is not null then nullif(trim(sub), '') end as sub_category,
        {{ parse_int('n_days') }} as term_days,
        {{ parse_bool('use_calendar_days') }} as uses_calendar_days,
        {{ parse_ts_offset('created_at') }} as valid_from_at,
        {{ select_lineage_and_rejects(checks) }}
    from source
)

select * from validated
