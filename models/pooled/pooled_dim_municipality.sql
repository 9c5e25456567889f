-- pooled_dim_municipality: one row per municipality of a pooled warehouse (dbt var
-- pooled_municipalities), each from its own schema set (gm<code>_core.dim_municipality),
-- with the schema prefix its tables live under.
with municipalities as (
    {%- for municipality in pooled_relations('core', 'dim_municipality') %}
        select
            gemeente_code,
            gemeente_name,
            time_zone,
            cbs_region_code,
            '{{ municipality.schema_prefix }}' as schema_prefix
        from {{ municipality.relation }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        cast(gemeente_code as {{ type_text() }}) as gemeente_code,
        cast(gemeente_name as {{ type_text() }}) as gemeente_name,
        cast(time_zone as {{ type_text() }}) as time_zone,
        cast(cbs_region_code as {{ type_text() }}) as cbs_region_code,
        cast(schema_prefix as {{ type_text() }}) as schema_prefix
    from municipalities
)

select * from final
