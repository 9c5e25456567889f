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
        -- Matomo leaves the key out when no visit left after searching: empty is 0.
        {{ parse_int("coalesce(nullif(trim(exit_nb_visits), ''), '0')") }} as exit_visits,
        -- Empty: the export has no result count (Matomo); int_web_search_days_flagged
        -- then decides with the no-result report.
        {{ parse_int('nb_results') }} as results,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
