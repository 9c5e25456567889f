-- fact_web_search_day: one row per site-search keyword per day, the analytics aggregate.
-- Whether a keyword found nothing is int_web_search_days_flagged's decision.
with search_days as (
    select * from {{ ref('int_web_search_days_flagged') }}
),

keyed as (
    select
        *,
        cast(search_date as {{ type_text() }}) || '|' || keyword_key as web_search_day_key
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
