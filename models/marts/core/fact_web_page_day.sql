-- fact_web_page_day: one row per web page per day, the site-analytics aggregate.
with page_days as (
    select * from {{ ref('stg_web__page_days') }}
),

keyed as (
    select
        *,
        cast(page_date as {{ type_text() }}) || '|' || page_label as web_page_day_key
    from page_days
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        web_page_day_key,
        page_date,
        page_label,
        page_views,
        visits,
        entry_visits,
        exit_visits,
        avg_time_on_page_s,
        feedback_useful_yes,
        feedback_useful_no
    from keyed
)

select * from final
