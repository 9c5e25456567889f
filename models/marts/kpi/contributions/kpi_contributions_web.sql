-- kpi_contributions_web: KPI contributions (docs/kpi-engine.md) of the website family:
-- additive rows pre-summed per day from the page and site-search aggregates, and one
-- web_pages_below_threshold row per year (distinct pages cannot be summed from days).
-- The website is no contact channel of its own; its rows carry channel webformulier, the
-- web channel of dim_channel.
with page_days as (
    select * from {{ ref('fact_web_page_day') }}
),

search_days as (
    select * from {{ ref('fact_web_search_day') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

search_terms as (
    select
        search_date,
        visits,
        exit_visits,
        has_no_result,
        pages_per_search,
        {{ kpi_parameter('web_search_simple_max_pages', 'search_date') }} as simple_max_pages
    from search_days
),

web_pageviews as (
    select
        'web_pageviews' as kpi_code,
        page_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(sum(coalesce(page_views, 0)) as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from page_days
    group by page_date
),

-- Pages without any feedback count (no widget, or analytics without one) are left out:
-- a day without feedback has no web_useful row rather than 0 of 0. A page with one of
-- the two counts counts the other as 0.
web_useful as (
    select
        'web_useful' as kpi_code,
        page_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(sum(coalesce(feedback_useful_yes, 0)) as {{ type_double() }}) as numerator,
        cast(
            sum(coalesce(feedback_useful_yes, 0) + coalesce(feedback_useful_no, 0)) as {{ type_double() }}
        ) as denominator
    from page_days
    where feedback_useful_yes is not null or feedback_useful_no is not null
    group by page_date
),

-- Only keywords whose no-result status is known (int_web_search_days_flagged): a day
-- without result counts and without a delivered no-result report has no row, never 0 %.
web_search_no_result as (
    select
        'web_search_no_result' as kpi_code,
        search_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(sum(case when has_no_result then coalesce(visits, 0) else 0 end) as {{ type_double() }})
            as numerator,
        cast(sum(coalesce(visits, 0)) as {{ type_double() }}) as denominator
    from search_terms
    where has_no_result is not null
    group by search_date
),

web_search_exit as (
    select
        'web_search_exit' as kpi_code,
        search_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(sum(coalesce(exit_visits, 0)) as {{ type_double() }}) as numerator,
        cast(sum(coalesce(visits, 0)) as {{ type_double() }}) as denominator
    from search_terms
    group by search_date
),

-- A keyword without pages_per_search is not simple but stays in the denominator.
web_search_simple as (
    select
        'web_search_simple' as kpi_code,
        search_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        'webformulier' as channel_key,
        cast(
            sum(
                case
                    when pages_per_search <= simple_max_pages then coalesce(visits, 0)
                    else 0
                end
            ) as {{ type_double() }}
        ) as numerator,
        cast(sum(coalesce(visits, 0)) as {{ type_double() }}) as denominator
    from search_terms
    group by search_date
),

-- Visits per page and calendar year; a page is visited in the year when it had any visit.
page_years as (
    select
        calendar.year_start,
        page_days.page_label,
        sum(coalesce(page_days.visits, 0)) as year_visits
    from page_days
    inner join calendar
        on page_days.page_date = calendar.date_day
    group by calendar.year_start, page_days.page_label
    having sum(coalesce(page_days.visits, 0)) > 0
),

-- The threshold valid on the year's first day.
page_years_judged as (
    select
        year_start,
        page_label,
        year_visits,
        {{ kpi_parameter('web_page_visit_threshold', 'year_start') }} as visit_threshold
    from page_years
),

web_pages_below_threshold as (
    select
        'web_pages_below_threshold' as kpi_code,
        year_start as anchor_date,
        'year' as period_grain,
        'webformulier' as channel_key,
        cast(sum(case when year_visits < visit_threshold then 1 else 0 end) as {{ type_double() }})
            as numerator,
        cast(count(*) as {{ type_double() }}) as denominator
    from page_years_judged
    group by year_start
),

final as (
    select * from web_pageviews
    union all
    select * from web_useful
    union all
    select * from web_search_no_result
    union all
    select * from web_search_exit
    union all
    select * from web_search_simple
    union all
    select * from web_pages_below_threshold
)

{{ kpi_contributions_summed('final') }}
