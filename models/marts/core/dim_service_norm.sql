-- dim_service_norm: one row per version (SCD2) of a service norm in use (the chosen norm
-- profile per KPI and channel, or the municipality's own seed; int_kpi_norms_selected),
-- from the snapshot kpi_norms_snapshot, with the profile and source it comes from.
with norm_versions as (
    select * from {{ ref('kpi_norms_snapshot') }}
),

final as (
    select
        dbt_scd_id as service_norm_key,
        kpi_code,
        channel_code as channel_key,
        norm_profile,
        norm_unit,
        norm_operator,
        valid_from,
        valid_to,
        source_document,
        source_location,
        source_quote,
        source_note,
        cast(norm_value as decimal(18, 4)) as norm_value,
        cast(dbt_valid_from as {{ type_timestamp() }}) as version_valid_from,
        cast(dbt_valid_to as {{ type_timestamp() }}) as version_valid_to,
        cast(dbt_updated_at as {{ type_timestamp() }}) as version_updated_at,
        dbt_valid_to is null as is_current_version
    from norm_versions
)

select * from final
