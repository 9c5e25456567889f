-- fact_web_search_day: one row per site-search keyword per day, the analytics aggregate.
with search_days as (
    select * from {{ ref('stg_web__search_days') }}
),

keyed as (
    select
        *,
        cast(search_date as {{ type_text() }}) || '|' || keyword_key as web_search_day_key,
        results = 0 as has_no_result
    from search_days
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        web_search_day_key,
        search_date,
        keyword_key,
        keyword,
        visits,
        pages_per_search,
        exit_visits,
        results,
        has_no_result
    from keyed
)

select * from final
