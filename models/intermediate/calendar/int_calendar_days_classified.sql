-- int_calendar_days_classified: one row per calendar day from var calendar_start to
-- calendar_end, classified: calendar attributes, closing days, working-day flags and a
-- running working-day number so due dates are a join, not a loop. The calendar logic lives
-- here, in the intermediate layer, because intermediate models need it (macros
-- working_days_after, working_days_between, kpi_period_ends); dim_date publishes it.
with days as (
    select date_day from {{ ref('int_calendar_days_spined') }}
),

public_holidays as (
    select
        holiday_date,
        holiday_name
    from {{ ref('int_public_holidays_listed') }}
),

-- The municipality's own closing days (docs/configuration.md, "Whose settings a build
-- uses"): the seed var closing_days_seed names (`none`: no seed), plus var
-- extra_closing_days. The CAO Gemeenten leaves its collective days off to each employer,
-- so there is no national list to fall back on. Var unset: no own closing days, except
-- for the demo's exports, generated with the demo's days off (seed closing_days_demo):
-- a folder `klantcontact generate` wrote, which holds _generator/summary.json. PostgreSQL
-- and Spark cannot look into the folder: there an unset var keeps the demo's days, and
-- `make build` (klantcontact dbt) always sets it.
{%- set own_closing_days_seed = var('closing_days_seed', '') or '' %}
own_closing_days as (
    {%- if own_closing_days_seed == 'none' %}
        select cast(null as date) as closing_date
        where 1 = 0
    {%- elif own_closing_days_seed %}
        select closing_date
        from {{ ref(own_closing_days_seed) }}
    {%- else %}
        select closing_date
        from {{ ref('closing_days_demo') }}
        {%- if target.type == 'duckdb' %}
            where exists (
                select 1
                from glob({{ raw_glob_literal('/_generator/summary.json') }})
            )
        {%- endif %}
    {%- endif %}
),

extra_closing_days as (
    select closing_date
    from own_closing_days
    {%- for day in var('extra_closing_days', []) %}
    union
    select cast('{{ day.date if day is mapping else day }}' as date) as closing_date
    {%- endfor %}
),

-- Day of week without engine-specific functions: 1900-01-01 was a Monday.
weekdays as (
    select
        date_day,
        cast(
            mod({{ dbt.datediff("cast('1900-01-01' as date)", 'date_day', 'day') }}, 7) + 1
            as integer
        ) as day_of_week_iso
    from days
),

-- ISO 8601: the week starts on Monday and belongs to the year of its Thursday.
weeks as (
    select
        date_day,
        day_of_week_iso,
        cast({{ dbt.dateadd('day', '1 - day_of_week_iso', 'date_day') }} as date) as week_start,
        cast({{ dbt.dateadd('day', '4 - day_of_week_iso', 'date_day') }} as date) as week_thursday
    from weekdays
),

calendar_parts as (
    select
        date_day,
        week_start,
        day_of_week_iso,
        cast(extract(year from date_day) as integer) as year,  -- noqa: RF04
        cast(extract(quarter from date_day) as integer) as quarter,  -- noqa: RF04
        cast(extract(month from date_day) as integer) as month,  -- noqa: RF04
        cast(extract(day from date_day) as integer) as day_of_month,
        cast(extract(year from week_thursday) as integer) as iso_year,
        cast(
            floor(
                {{ dbt.datediff(
                    'cast(' ~ dbt.date_trunc('year', 'week_thursday') ~ ' as date)',
                    'week_thursday',
                    'day'
                ) }} / 7
            ) + 1
            as integer
        ) as iso_week,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start
    from weeks
),

labelled as (
    select
        *,
        year * 10000 + month * 100 + day_of_month as date_key,
        case month
            when 1 then 'januari'
            when 2 then 'februari'
            when 3 then 'maart'
            when 4 then 'april'
            when 5 then 'mei'
            when 6 then 'juni'
            when 7 then 'juli'
            when 8 then 'augustus'
            when 9 then 'september'
            when 10 then 'oktober'
            when 11 then 'november'
            when 12 then 'december'
        end as month_name_nl,
        case day_of_week_iso
            when 1 then 'maandag'
            when 2 then 'dinsdag'
            when 3 then 'woensdag'
            when 4 then 'donderdag'
            when 5 then 'vrijdag'
            when 6 then 'zaterdag'
            when 7 then 'zondag'
        end as day_name_nl
    from calendar_parts
),

closing_flags as (
    select
        labelled.*,
        public_holidays.holiday_name,
        labelled.day_of_week_iso in (6, 7) as is_weekend,
        public_holidays.holiday_date is not null as is_public_holiday,
        extra_closing_days.closing_date is not null as is_extra_closing_day
    from labelled
    left join public_holidays
        on labelled.date_day = public_holidays.holiday_date
    left join extra_closing_days
        on labelled.date_day = extra_closing_days.closing_date
),

working_days as (
    select
        *,
        is_public_holiday or is_extra_closing_day as is_closing_day,
        not is_weekend
        and not is_public_holiday
        and not is_extra_closing_day as is_working_day
    from closing_flags
),

numbered as (
    select
        *,
        cast(
            sum(case when is_working_day then 1 else 0 end) over (
                order by date_day
                rows between unbounded preceding and current row
            ) as integer
        ) as working_day_number
    from working_days
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
    from numbered
)

select * from final
