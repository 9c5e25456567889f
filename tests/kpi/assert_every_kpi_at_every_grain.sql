-- Every computable KPI of the catalogue has at least one `alle` row in kpi_values at
-- every period grain (year only for year-grain KPIs). Fails with each missing pair.
with catalogue as (
    select
        kpi_code,
        is_year_grain_only
    from {{ ref('kpis') }}
    where is_computable
),

grains as (
    select grain from (values ('day'), ('week'), ('month'), ('quarter'), ('year')) as g (grain)
),

expected as (
    select
        catalogue.kpi_code,
        grains.grain
    from catalogue
    cross join grains
    where not catalogue.is_year_grain_only or grains.grain = 'year'
),

present as (
    select distinct
        kpi_code,
        period_grain
    from {{ ref('kpi_values') }}
    where channel = 'alle'
)

select
    expected.kpi_code,
    expected.grain
from expected
left join present
    on
        expected.kpi_code = present.kpi_code
        and expected.grain = present.period_grain
where present.kpi_code is null
