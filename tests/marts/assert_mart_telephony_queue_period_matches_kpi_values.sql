-- mart_telephony_queue_period summed over its queues (the first-line queues and
-- `onbekend`, the offered calls without one) equals kpi_values for the same KPI, period
-- grain, period start and channel, at every grain, and every queue row has the norm
-- (value, operator, profile) of that kpi_values row. A period present on one side only
-- counts as 0 on the other. One row per KPI and period that differs.
{%- set compared_columns = [
    'kpi_code', 'period_grain', 'period_start', 'channel_key', 'numerator', 'denominator',
    'norm_value', 'norm_operator', 'norm_profile'
] %}

with mart as (
    select {{ compared_columns | join(', ') }}
    from {{ ref('mart_telephony_queue_period') }}
),

kpi_values as (
    select {{ compared_columns | join(', ') }}
    from {{ ref('kpi_values') }}
    where
        kpi_code in (select distinct mart.kpi_code from mart)
        and channel_key in (select distinct mart.channel_key from mart)
),

mart_totals as (
    select
        kpi_code,
        period_grain,
        period_start,
        channel_key,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from mart
    group by kpi_code, period_grain, period_start, channel_key
),

figures_compared as (
    select
        mart_totals.numerator as mart_numerator,
        kpi_values.numerator as kpi_numerator,
        mart_totals.denominator as mart_denominator,
        kpi_values.denominator as kpi_denominator,
        'figures' as difference,
        coalesce(mart_totals.kpi_code, kpi_values.kpi_code) as kpi_code,
        coalesce(mart_totals.period_grain, kpi_values.period_grain) as period_grain,
        coalesce(mart_totals.period_start, kpi_values.period_start) as period_start,
        coalesce(mart_totals.channel_key, kpi_values.channel_key) as channel_key
    from mart_totals
    full outer join kpi_values
        on
            mart_totals.kpi_code = kpi_values.kpi_code
            and mart_totals.period_grain = kpi_values.period_grain
            and mart_totals.period_start = kpi_values.period_start
            and mart_totals.channel_key = kpi_values.channel_key
),

figure_differences as (
    select
        kpi_code,
        period_grain,
        period_start,
        channel_key,
        difference,
        mart_numerator,
        kpi_numerator,
        mart_denominator,
        kpi_denominator
    from figures_compared
    where
        abs(coalesce(mart_numerator, 0) - coalesce(kpi_numerator, 0)) > 1e-6
        or abs(coalesce(mart_denominator, 0) - coalesce(kpi_denominator, 0)) > 1e-6
),

-- A queue row without its kpi_values row is a figure difference already.
norm_differences as (
    select distinct
        mart.kpi_code,
        mart.period_grain,
        mart.period_start,
        mart.channel_key,
        'norm' as difference,
        mart.norm_value as mart_numerator,
        kpi_values.norm_value as kpi_numerator,
        cast(null as {{ type_double() }}) as mart_denominator,
        cast(null as {{ type_double() }}) as kpi_denominator
    from mart
    inner join kpi_values
        on
            mart.kpi_code = kpi_values.kpi_code
            and mart.period_grain = kpi_values.period_grain
            and mart.period_start = kpi_values.period_start
            and mart.channel_key = kpi_values.channel_key
    where
        mart.norm_value is distinct from kpi_values.norm_value
        or mart.norm_operator is distinct from kpi_values.norm_operator
        or mart.norm_profile is distinct from kpi_values.norm_profile
)

select * from figure_differences
union all
select * from norm_differences
