-- Every raw page-day row of the site analytics, parsed and validated.
with source as (
    {{ raw_rows('web', 'pages') }}
),

parsed as (
    select
        *,
        {{ parse_date('date') }} as _page_date
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('label'),
    check_timestamp('date', '_page_date'),
] %}

validated as (
    select
        _page_date as page_date,
        nullif(trim(label), '') as page_label,
        {{ parse_int('nb_hits') }} as page_views,
        {{ parse_int('nb_visits') }} as visits,
        -- Matomo leaves entry and exit counts out on pages nobody entered or left on:
        -- empty is 0.
        {{ parse_int("coalesce(nullif(trim(entry_nb_visits), ''), '0')") }} as entry_visits,
        {{ parse_int("coalesce(nullif(trim(exit_nb_visits), ''), '0')") }} as exit_visits,
        {{ parse_decimal('avg_time_on_page') }} as avg_time_on_page_s,
        -- Empty: no feedback widget on the page, or an analytics tool without one
        -- (Matomo); such a page is left out of web_useful, not counted as 0 of 0.
        {{ parse_int('feedback_useful_yes') }} as feedback_useful_yes,
        {{ parse_int('feedback_useful_no') }} as feedback_useful_no,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
