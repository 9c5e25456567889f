-- kpi_values: one row per KPI x period grain x period start x channel (docs/kpi-engine.md).
-- The contribution models of macro kpi_contribution_models() are summed into day, ISO week
-- (starting Monday), month, quarter and year via dim_date (additive rows) or taken for
-- their own grain only (period rows), then divided, and given their unit, the norm valid
-- at the period start and the value of the same period one year earlier.
with contributions as (
    {% for model_name in kpi_contribution_models() %}
        select
            kpi_code,
            anchor_date,
            period_grain,
            channel_key,
            numerator,
            denominator
        from {{ ref(model_name) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

kpis as (
    select
        kpi_code,
        family,
        unit,
        aggregation,
        is_year_grain_only
    from {{ ref('dim_kpi') }}
),

dates as (
    select
        date_day,
        week_start,
        month_start,
        quarter_start,
        year_start,
        iso_year,
        iso_week
    from {{ ref('dim_date') }}
),

grains as (
    select 'day' as period_grain
    union all
    select 'week' as period_grain
    union all
    select 'month' as period_grain
    union all
    select 'quarter' as period_grain
    union all
    select 'year' as period_grain
),

-- Additive rows pre-summed per day, so the roll-up joins one row per KPI, day and channel.
additive_days as (
    select
        kpi_code,
        anchor_date,
        channel_key,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from contributions
    where period_grain is null
    group by kpi_code, anchor_date, channel_key
),

-- Every calendar day with the start of its period at each grain: the roll-up of additive
-- rows and the coverage of a period (is_partial_period) read the same periods.
date_periods as (
    select
        grains.period_grain,
        dates.date_day,
        case grains.period_grain
            when 'day' then dates.date_day
            when 'week' then dates.week_start
            when 'month' then dates.month_start
            when 'quarter' then dates.quarter_start
            when 'year' then dates.year_start
        end as period_start
    from dates
    cross join grains
),

additive_periods as (
    select
        additive_days.kpi_code,
        date_periods.period_grain,
        date_periods.period_start,
        additive_days.channel_key,
        additive_days.numerator,
        additive_days.denominator
    from additive_days
    inner join date_periods
        on additive_days.anchor_date = date_periods.date_day
),

-- Period rows (backlogs at period end, distinct-count ratios) belong to their own grain.
own_grain_periods as (
    select
        kpi_code,
        period_grain,
        anchor_date as period_start,
        channel_key,
        numerator,
        denominator
    from contributions
    where period_grain is not null
),

periods as (
    select * from additive_periods
    union all
    select * from own_grain_periods
),

-- Per KPI: does it get per-channel rows (its contributions span more than one channel,
-- or its family is kcc or cross_channel), and does a contribution model state the
-- total itself (channel_key `alle`, for totals that are not the sum of the channels)?
kpi_channel_scopes as (
    select
        contributions.kpi_code,
        count(distinct case when contributions.channel_key <> 'alle' then contributions.channel_key end)
        > 1
        or coalesce(max(kpis.family) in ('kcc', 'cross_channel'), false) as has_channel_rows,
        coalesce(
            max(case when contributions.channel_key = 'alle' then 1 else 0 end) = 1, false
        ) as has_stated_total
    from contributions
    left join kpis
        on contributions.kpi_code = kpis.kpi_code
    group by contributions.kpi_code
),

totals as (
    select
        periods.kpi_code,
        periods.period_grain,
        periods.period_start,
        'alle' as channel_key,
        sum(periods.numerator) as numerator,
        sum(periods.denominator) as denominator
    from periods
    inner join kpi_channel_scopes
        on periods.kpi_code = kpi_channel_scopes.kpi_code
    where not kpi_channel_scopes.has_stated_total or periods.channel_key = 'alle'
    group by periods.kpi_code, periods.period_grain, periods.period_start
),

channel_rows as (
    select
        periods.kpi_code,
        periods.period_grain,
        periods.period_start,
        periods.channel_key,
        sum(periods.numerator) as numerator,
        sum(periods.denominator) as denominator
    from periods
    inner join kpi_channel_scopes
        on periods.kpi_code = kpi_channel_scopes.kpi_code
    where kpi_channel_scopes.has_channel_rows and periods.channel_key <> 'alle'
    group by periods.kpi_code, periods.period_grain, periods.period_start, periods.channel_key
),

aggregated as (
    select * from totals
    union all
    select * from channel_rows
),

-- Counts keep no denominator; ratios and means divide (macro kpi_value, null when the
-- denominator is 0).
-- Year-only KPIs are kept for the year grain only.
valued as (
    select
        aggregated.kpi_code,
        aggregated.period_grain,
        aggregated.period_start,
        aggregated.channel_key,
        aggregated.numerator,
        kpis.unit,
        case
            when kpis.aggregation = 'count' then null else aggregated.denominator
        end as denominator,
        {{ kpi_value('kpis.aggregation', 'aggregated.numerator', 'aggregated.denominator') }}
            as value  -- noqa: RF04
    from aggregated
    left join kpis
        on aggregated.kpi_code = kpis.kpi_code
    where not coalesce(kpis.is_year_grain_only, false) or aggregated.period_grain = 'year'
),

-- The norm valid at the period start, in the KPI's unit (macro kpi_norms_at_period_start,
-- which mart_telephony_queue_period shares).
applicable_norms as (
    {{ kpi_norms_at_period_start('valued', ['kpi_code', 'period_grain', 'period_start', 'channel_key']) }}
),

-- The data's edges: the first and last day with an additive contribution of any KPI. A
-- period that reaches past them (the ISO week the data starts or ends in, a month cut off
-- by the latest export) is partial: marked, and not compared with the year before, where
-- a cut week would read as a trend.
data_edges as (
    select
        min(anchor_date) as first_day,
        max(anchor_date) as last_day
    from additive_days
),

period_days as (
    select
        date_periods.period_grain,
        date_periods.period_start,
        date_periods.date_day between data_edges.first_day and data_edges.last_day as is_covered
    from date_periods
    cross join data_edges
),

period_coverage as (
    select
        period_grain,
        period_start,
        count(*) as days_in_period,
        count(case when is_covered then 1 end) as days_covered
    from period_days
    group by period_grain, period_start
),

-- The same period one year earlier: the same ISO week number of the previous ISO year
-- for weeks, the start date minus one year for the other grains.
iso_weeks as (
    select distinct
        iso_year,
        iso_week,
        week_start
    from dates
),

previous_periods as (
    select
        valued.kpi_code,
        valued.period_grain,
        valued.period_start,
        valued.channel_key,
        case
            when valued.period_grain = 'week' then previous_weeks.week_start
            else cast({{ dbt.dateadd('year', -1, 'valued.period_start') }} as date)
        end as previous_period_start
    from valued
    left join iso_weeks as current_weeks
        on valued.period_grain = 'week' and valued.period_start = current_weeks.week_start
    left join iso_weeks as previous_weeks
        on
            current_weeks.iso_year - 1 = previous_weeks.iso_year
            and current_weeks.iso_week = previous_weeks.iso_week
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        cast(valued.kpi_code as {{ type_text() }}) as kpi_code,
        cast(valued.period_grain as {{ type_text() }}) as period_grain,
        cast(valued.period_start as date) as period_start,
        cast(valued.channel_key as {{ type_text() }}) as channel_key,
        cast(valued.numerator as {{ type_double() }}) as numerator,
        cast(valued.denominator as {{ type_double() }}) as denominator,
        cast(valued.value as {{ type_double() }}) as value,  -- noqa: RF04
        cast(valued.unit as {{ type_text() }}) as unit,
        cast(applicable_norms.norm_value as {{ type_double() }}) as norm_value,
        cast(applicable_norms.norm_operator as {{ type_text() }}) as norm_operator,
        cast(applicable_norms.norm_profile as {{ type_text() }}) as norm_profile,
        coalesce(current_coverage.days_covered < current_coverage.days_in_period, true)
            as is_partial_period,
        cast(
            case
                when
                    current_coverage.days_covered = current_coverage.days_in_period
                    and previous_coverage.days_covered = previous_coverage.days_in_period
                    then previous_values.value
            end as {{ type_double() }}
        ) as value_previous_year,
        {{ kpi_meets_norm('valued.value', 'applicable_norms.norm_value', 'applicable_norms.norm_operator') }}
            as meets_norm
    from valued
    left join applicable_norms
        on
            valued.kpi_code = applicable_norms.kpi_code
            and valued.period_grain = applicable_norms.period_grain
            and valued.period_start = applicable_norms.period_start
            and valued.channel_key = applicable_norms.channel_key
    inner join previous_periods
        on
            valued.kpi_code = previous_periods.kpi_code
            and valued.period_grain = previous_periods.period_grain
            and valued.period_start = previous_periods.period_start
            and valued.channel_key = previous_periods.channel_key
    left join period_coverage as current_coverage
        on
            valued.period_grain = current_coverage.period_grain
            and valued.period_start = current_coverage.period_start
    left join period_coverage as previous_coverage
        on
            previous_periods.period_grain = previous_coverage.period_grain
            and previous_periods.previous_period_start = previous_coverage.period_start
    left join valued as previous_values
        on
            valued.kpi_code = previous_values.kpi_code
            and valued.period_grain = previous_values.period_grain
            and valued.channel_key = previous_values.channel_key
            and previous_periods.previous_period_start = previous_values.period_start
)

select * from final
