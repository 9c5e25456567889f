-- Every raw keyword-day row of the no-result site-search report, parsed and validated.
-- Analytics tools without a result count per keyword (Matomo) list the keywords whose
-- searches found nothing in a report of their own; stg_web__search_days is judged with it.
with source as (
    {{ raw_rows('web', 'site_search_no_result') }}
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
        -- The same keyed hash as base_web__site_search, so both reports join on it.
        {{ pseudonymise("nullif(trim(label), '')", 'keyword') }} as keyword_key,
        {{ parse_int('nb_visits') }} as visits,
        {{ parse_int('nb_hits') }} as searches,
        {{ parse_decimal('nb_pages_per_search') }} as pages_per_search,
        -- Matomo leaves the key out when no visit left after searching: empty is 0.
        {{ parse_int("coalesce(nullif(trim(exit_nb_visits), ''), '0')") }} as exit_visits,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
