-- The roll-up of kpi_values is consistent: for every additive KPI (all of its
-- contributions are additive rows, i.e. period_grain null, and it is not a year-only KPI)
-- and every channel, the monthly numerators and denominators of a year sum to the year
-- row's. Returns one row per KPI, channel and year where they differ (or where only one
-- side exists).
with kpi_values as (
    select
        kpi_code,
        period_grain,
        period_start,
        channel_key,
        numerator,
        denominator
    from {{ ref('kpi_values') }}
),

contributions as (
    {% for model_name in kpi_contribution_models() %}
        select
            kpi_code,
            period_grain
        from {{ ref(model_name) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

additive_kpis as (
    select contributions.kpi_code
    from contributions
    left join {{ ref('dim_kpi') }} as kpis
        on contributions.kpi_code = kpis.kpi_code
    group by contributions.kpi_code
    having
        count(contributions.period_grain) = 0
        and not coalesce(max(case when kpis.is_year_grain_only then 1 else 0 end) = 1, false)
),

months as (
    select
        kpi_values.kpi_code,
        kpi_values.channel_key,
        cast({{ dbt.date_trunc('year', 'kpi_values.period_start') }} as date) as year_start,
        sum(kpi_values.numerator) as numerator,
        sum(kpi_values.denominator) as denominator
    from kpi_values
    inner join additive_kpis
        on kpi_values.kpi_code = additive_kpis.kpi_code
    where kpi_values.period_grain = 'month'
    group by
        kpi_values.kpi_code,
        kpi_values.channel_key,
        cast({{ dbt.date_trunc('year', 'kpi_values.period_start') }} as date)
),

years as (
    select
        kpi_values.kpi_code,
        kpi_values.channel_key,
        kpi_values.period_start as year_start,
        kpi_values.numerator,
        kpi_values.denominator
    from kpi_values
    inner join additive_kpis
        on kpi_values.kpi_code = additive_kpis.kpi_code
    where kpi_values.period_grain = 'year'
),

compared as (
    select
        years.numerator as year_numerator,
        months.numerator as months_numerator,
        years.denominator as year_denominator,
        months.denominator as months_denominator,
        coalesce(years.kpi_code, months.kpi_code) as kpi_code,
        coalesce(years.channel_key, months.channel_key) as channel_key,
        coalesce(years.year_start, months.year_start) as year_start,
        years.kpi_code is null or months.kpi_code is null as is_one_sided
    from years
    full outer join months
        on
            years.kpi_code = months.kpi_code
            and years.channel_key = months.channel_key
            and years.year_start = months.year_start
)

select *
from compared
where
    is_one_sided
    or abs(coalesce(year_numerator, 0) - coalesce(months_numerator, 0))
    > 1e-6 * greatest(1, abs(coalesce(year_numerator, 0)))
    or abs(coalesce(year_denominator, 0) - coalesce(months_denominator, 0))
    > 1e-6 * greatest(1, abs(coalesce(year_denominator, 0)))
    or (year_denominator is null) <> (months_denominator is null)
