-- Every category-assignment row of every Signalen dump, parsed and validated.
with source as (
    {{ raw_rows('mor', 'categories') }}
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
        {{ parse_int('id') }} as assignment_id,
        {{ parse_int('_signal_id') }} as signal_id,
        -- Slugs (contract) or names (Signalen's dump). The dump writes a main category
        -- itself as main empty, sub = its name: read as main = that name, no sub.
        coalesce(nullif(trim(main), ''), nullif(trim(sub), '')) as main_category,
        case when nullif(trim(main), '') is not null then nullif(trim(sub), '') end as sub_category,
        nullif(trim(departments), '') as departments,
        _created_at as created_at,
        {{ parse_ts_offset('deadline') }} as deadline_at,
        {{ parse_ts_offset('deadline_factor_3') }} as deadline_factor_3_at,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
