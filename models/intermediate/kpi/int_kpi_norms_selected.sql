-- int_kpi_norms_selected: the service norms of the norms seed the configuration names
-- (var kpi_norms_seed, default kpi_norms): a fork keeps its own norms in a seed of its
-- own and names it, without editing seeds/kpi_norms.csv. The snapshot
-- kpi_norms_snapshot keeps their history.
with norms as (
    select * from {{ ref(var('kpi_norms_seed', 'kpi_norms')) }}
)

select
    kpi_code,
    channel_code,
    norm_value,
    norm_unit,
    norm_operator,
    valid_from,
    valid_to,
    source_reference
from norms
