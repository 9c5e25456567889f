-- Every node of a KPI tree pairs kind and level as VNG does (resultaat = strategisch,
-- keten = tactisch, functioneel = operationeel); a result node has no parent, and every
-- other node's parent is in the same klantketen, exactly one level up. Fails with each
-- node that breaks it and why.
with tree as (
    select * from {{ ref('kpi_tree') }}
),

ranked as (
    select
        klantketen,
        kpi_code,
        kind,
        level,
        parent_kpi_code,
        case kind when 'resultaat' then 1 when 'keten' then 2 when 'functioneel' then 3 end as kind_rank,
        case level when 'strategisch' then 1 when 'tactisch' then 2 when 'operationeel' then 3 end as level_rank
    from tree
),

checked as (
    select
        child.klantketen,
        child.kpi_code,
        case
            when coalesce(child.kind_rank, 0) <> coalesce(child.level_rank, -1)
                then 'kind and level do not pair'
            when child.kind_rank = 1 and child.parent_kpi_code is not null then 'result node with a parent'
            when child.kind_rank > 1 and child.parent_kpi_code is null then 'no parent'
            when child.kind_rank > 1 and parent.kpi_code is null then 'parent not in the same klantketen'
            when child.kind_rank > 1 and parent.kind_rank <> child.kind_rank - 1 then 'parent not one level up'
        end as problem
    from ranked as child
    left join ranked as parent
        on
            child.klantketen = parent.klantketen
            and child.parent_kpi_code = parent.kpi_code
)

select
    klantketen,
    kpi_code,
    problem
from checked
where problem is not null
