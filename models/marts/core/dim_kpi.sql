-- dim_kpi: one row per KPI of the catalogue (seed kpis), with the VNG KPI tree.
with kpis as (
    select * from {{ ref('kpis') }}
),

final as (
    select
        kpi_code as kpi_key,
        family,
        name_nl,
        name_en,
        definition,
        unit,
        aggregation,
        kind,
        level,
        klantketen,
        drives_kpi_code as drives_kpi_key,
        is_year_grain_only,
        is_computable,
        source_reference
    from kpis
)

select * from final
