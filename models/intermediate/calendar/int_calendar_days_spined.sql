-- int_calendar_days_spined: one row per calendar day from var calendar_start to calendar_end
-- (both inclusive). Ephemeral, so int_calendar_days_classified's unit tests can mock the spine
-- with a few days.
{{ config(materialized='ephemeral') }}

with spine as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('calendar_start') ~ "' as date)",
        dbt.dateadd('day', 1, "cast('" ~ var('calendar_end') ~ "' as date)")
    ) }}
),

days as (
    select cast(date_day as date) as date_day
    from spine
)

select * from days
