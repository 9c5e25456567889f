-- Every computable KPI of the catalogue has at least one `alle` row in kpi_values at
-- every period grain (year only for year-grain KPIs), unless it lacks the sources it
-- needs (kpi_required_sources: switched off, or no staged rows), or an input its exports
-- lack (kpi_required_inputs: page feedback, form starts): such a KPI is absent by design.
-- Fails with each missing pair.
{%- set requirements = kpi_required_sources() %}


with sources_with_rows as (
    select source_name
    from {{ ref('quality_report') }}
    where staged_rows > 0
),

catalogue as (
    select
        kpis.kpi_code,
        kpis.is_year_grain_only
    from {{ ref('kpis') }} as kpis
    where
        kpis.is_computable
        and case
            {%- for kpi_code, groups in requirements.kpis.items() %}
            when kpis.kpi_code = '{{ kpi_code }}' then true {{ required_sources_present(groups, 'sources_with_rows') }}
            {%- endfor %}
            {%- for family, groups in requirements.families.items() %}
            when kpis.family = '{{ family }}' then true {{ required_sources_present(groups, 'sources_with_rows') }}
            {%- endfor %}
            else true
        end
        -- A KPI that needs a column some exports lack (kpi_required_inputs) is expected
        -- only when the data has it.
        and case
            {%- for kpi_code, required in kpi_required_inputs().items() %}
            when kpis.kpi_code = '{{ kpi_code }}' then exists (
                select 1 from {{ ref(required.relation) }} where {{ required.condition }}
            )
            {%- endfor %}
            else true
        end
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
    where channel_key = 'alle'
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
