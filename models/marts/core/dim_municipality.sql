-- dim_municipality: the municipality this warehouse is built for, from the configuration
-- (dbt vars municipality_cbs_code, municipality_name, local_time_zone; docs/configuration.md).
with configured as (
    select
        cast('{{ var("municipality_cbs_code") }}' as {{ type_text() }}) as gemeente_code,
        cast('{{ var("municipality_name") | replace("'", "''") }}' as {{ type_text() }}) as gemeente_name,
        cast('{{ var("local_time_zone") }}' as {{ type_text() }}) as time_zone
)

select
    gemeente_code,
    gemeente_name,
    time_zone,
    'GM' || gemeente_code as cbs_region_code
from configured
