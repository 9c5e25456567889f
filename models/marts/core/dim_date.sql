-- dim_date: the conformed date dimension, one row per calendar day from var calendar_start
-- to calendar_end. The calendar and working-day logic is int_calendar_days_classified's;
-- this mart publishes it under its contract.
with calendar_days as (
    select * from {{ ref('int_calendar_days_classified') }}
),

final as (
    select
        date_day,
        date_key,
        year,  -- noqa: RF04
        quarter,  -- noqa: RF04
        month,  -- noqa: RF04
        month_name_nl,
        day_of_month,
        iso_year,
        iso_week,
        week_start,
        month_start,
        quarter_start,
        year_start,
        day_of_week_iso,
        day_name_nl,
        is_weekend,
        is_public_holiday,
        holiday_name,
        is_extra_closing_day,
        is_closing_day,
        is_working_day,
        working_day_number
    from calendar_days
)

select * from final
