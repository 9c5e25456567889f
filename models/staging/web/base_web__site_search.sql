-- Every raw keyword-day row of the site search, parsed and validated.
with source as (
    {{ raw_rows('web', 'site_search') }}
),

parsed as (
    select
        *,
        {{ parse_date('date') }} as _search_date
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('label'),
    check_timestamp('date', '_search_date'),
] %}

validated as (
    select
        _search_date as search_date,
        -- Visitors type names and numbers into the search box.
        {{ redact_free_text("nullif(trim(label), '')") }} as keyword,
        -- Redaction can make two keywords equal; de-duplication keys on the original.
        {{ pseudonymise("nullif(trim(label), '')", 'keyword') }} as keyword_key,
        {{ parse_int('nb_visits') }} as visits,
        {{ parse_decimal('nb_pages_per_search') }} as pages_per_search,
        {{ parse_int('exit_nb_visits') }} as exit_visits,
        {{ parse_int('nb_results') }} as results,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
