-- mart_cases_open_period_end summed over departments and zaaktypes equals kpi_values'
-- case_open_overdue rows (all channels) at every grain: open zaken past their planned
-- end over open zaken at the period's end. A period on one side only counts as 0 on the
-- other. One row per grain and period that differs.
with mart_figures as (
    select
        period_grain,
        period_start,
        sum(open_past_planned_end) as numerator,
        sum(open_zaken) as denominator
    from {{ ref('mart_cases_open_period_end') }}
    group by period_grain, period_start
),

kpi_figures as (
    select
        period_grain,
        period_start,
        numerator,
        denominator
    from {{ ref('kpi_values') }}
    where kpi_code = 'case_open_overdue' and channel_key = 'alle'
),

compared as (
    select
        mart_figures.numerator as mart_numerator,
        kpi_figures.numerator as kpi_numerator,
        mart_figures.denominator as mart_denominator,
        kpi_figures.denominator as kpi_denominator,
        coalesce(mart_figures.period_grain, kpi_figures.period_grain) as period_grain,
        coalesce(mart_figures.period_start, kpi_figures.period_start) as period_start
    from mart_figures
    full outer join kpi_figures
        on
            mart_figures.period_grain = kpi_figures.period_grain
            and mart_figures.period_start = kpi_figures.period_start
)

select * from compared
where
    abs(coalesce(mart_numerator, 0) - coalesce(kpi_numerator, 0)) > 1e-6
    or abs(coalesce(mart_denominator, 0) - coalesce(kpi_denominator, 0)) > 1e-6
