-- dim_kpi_tree: one row per klantketen and KPI of the KPI trees (seed kpi_tree), with
-- the chain's name. The key joins the chain and the KPI because one KPI can sit in
-- several chains (a chain's result KPI, per channel).
with kpi_tree as (
    select * from {{ ref('kpi_tree') }}
),

klantketens as (
    select * from {{ ref('klantketens') }}
),

keyed as (
    select
        kpi_tree.*,
        kpi_tree.klantketen || '|' || kpi_tree.kpi_code as kpi_tree_key,
        case
            when kpi_tree.parent_kpi_code is not null
                then kpi_tree.klantketen || '|' || kpi_tree.parent_kpi_code
        end as parent_kpi_tree_key
    from kpi_tree
),

final as (
    select
        keyed.kpi_tree_key,
        keyed.klantketen,
        klantketens.name_nl as klantketen_name_nl,
        keyed.kpi_code,
        keyed.channel_code as channel_key,
        keyed.kind,
        keyed.level,
        keyed.parent_kpi_code,
        keyed.parent_kpi_tree_key,
        keyed.note
    from keyed
    left join klantketens
        on keyed.klantketen = klantketens.klantketen
)

select * from final
