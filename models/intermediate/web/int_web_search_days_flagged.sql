-- int_web_search_days_flagged: one row per site-search keyword per day, with whether its
-- searches found nothing (has_no_result), decided once for fact_web_search_day and the
-- KPI web_search_no_result. A keyword row with a result count says it itself (0 = no
-- result). Analytics without a result count per keyword (Matomo) deliver a no-result
-- report instead: the keyword found nothing when that report lists it for the day, and
-- found something when the day's report was delivered without it. When neither tells,
-- has_no_result is null (unknown), never false.
with search_days as (
    select * from {{ ref('stg_web__search_days') }}
),

no_result_days as (
    select * from {{ ref('stg_web__search_no_result_days') }}
),

export_files as (
    select * from {{ ref('stg_raw_exports__files') }}
),

-- Export folders that hold a readable no-result report. A day without no-result searches
-- has no rows in it, so its delivery is known only from the file: the report covers the
-- days of the keyword report delivered in the same folder (docs/sources/web.md).
no_result_folders as (
    select distinct export_date
    from export_files
    where
        source_name = 'web'
        and table_name = 'site_search_no_result'
        and is_read
        and export_date is not null
),

-- Days some no-result report has rows for, wherever it was delivered.
no_result_dates as (
    select distinct search_date
    from no_result_days
),

flagged as (
    select
        search_days.*,
        no_result_days.keyword_key is not null as is_listed_without_result,
        no_result_folders.export_date is not null or no_result_dates.search_date is not null
            as has_no_result_report
    from search_days
    left join no_result_days
        on
            search_days.search_date = no_result_days.search_date
            and search_days.keyword_key = no_result_days.keyword_key
    left join no_result_folders
        on search_days._export_date = no_result_folders.export_date
    left join no_result_dates
        on search_days.search_date = no_result_dates.search_date
),

final as (
    select
        search_date,
        keyword_key,
        keyword,
        visits,
        pages_per_search,
        exit_visits,
        results,
        case
            when results is not null then results = 0
            when has_no_result_report then is_listed_without_result
        end as has_no_result
    from flagged
)

select * from final
