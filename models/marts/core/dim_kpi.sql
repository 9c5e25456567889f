-- dim_kpi: one row per KPI of the catalogue (seed kpis), with its source and how it
-- follows VNG's Bijlage 3. The KPI trees are in dim_kpi_tree.
with kpis as (
    select * from {{ ref('kpis') }}
),

vng_kpis as (
    select * from {{ ref('vng_kpis') }}
),

final as (
    select
        kpis.kpi_code,
        kpis.family,
        kpis.name_nl,
        kpis.name_en,
        kpis.definition,
        kpis.definition_nl,
        kpis.unit,
        kpis.aggregation,
        kpis.is_year_grain_only,
        kpis.is_computable,
        kpis.data_needed,
        kpis.vng_kpi_number,
        vng_kpis.name_nl as vng_name_nl,
        kpis.vng_match,
        kpis.deviation,
        kpis.source_document,
        kpis.source_location,
        kpis.source_quote,
        kpis.source_note
    from kpis
    left join vng_kpis
        on kpis.vng_kpi_number = vng_kpis.vng_kpi_number
)

select * from final
