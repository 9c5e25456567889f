-- Every actor of Open Klant (the medewerkers and organisational units tasks are assigned
-- to), as klantcontact extract wrote its pages. Only an organisational unit's name is kept:
-- a medewerker's name is personal data and no KPI needs it. DuckDB only.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('kcs', 'openklant_actoren') }}
),

fields as (
    select
        -- The record and its lineage (api_records) carried on.
        *,
        {{ json_text('$.uuid') }} as actor_uuid,
        {{ json_text('$.soortActor') }} as soort_actor,
        {{ json_text('$.naam') }} as naam
    from source
),

{% set checks = [
    check_missing('actor_uuid'),
] %}

validated as (
    select
        actor_uuid as actor_id,
        soort_actor as actor_kind,
        case when soort_actor = 'organisatorische_eenheid' then naam end as department_name,
        {{ select_lineage_and_rejects(checks) }}
    from fields
)

select * from validated
