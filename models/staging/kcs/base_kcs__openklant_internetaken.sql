-- Every interne taak of Open Klant's klantinteracties API, as klantcontact extract wrote
-- its pages: parsed and validated. toelichting (free text) is dropped. DuckDB only.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('kcs', 'openklant_internetaken') }}
),

fields as (
    select
        -- The record and its lineage (api_records) carried on.
        *,
        {{ json_text('$.uuid') }} as task_uuid,
        {{ json_text('$.aanleidinggevendKlantcontact.url') }} as klantcontact_url,
        {{ json_text('$.gevraagdeHandeling') }} as gevraagde_handeling,
        -- The first actor the task went to (toegewezenAanActor, deprecated, is the same).
        coalesce(
            {{ json_text('$.toegewezenAanActoren[0].uuid') }},
            {{ json_text('$.toegewezenAanActor.uuid') }}
        ) as actor_uuid,
        {{ json_text('$.toegewezenOp') }} as toegewezen_op,
        {{ json_text('$.afgehandeldOp') }} as afgehandeld_op,
        {{ json_text('$.status') }} as status
    from source
),

parsed as (
    select
        *,
        {{ parse_ts_iso('toegewezen_op') }} as _assigned_at,
        {{ parse_ts_iso('afgehandeld_op') }} as _completed_at
    from fields
),

{% set checks = [
    check_missing('task_uuid'),
    check_timestamp('toegewezen_op', '_assigned_at'),
    check_timestamp('afgehandeld_op', '_completed_at', required=false),
    check_code('status', ['te_verwerken', 'verwerkt']),
    check_order('_assigned_at', '_completed_at', 'afgehandeld_op'),
] %}

validated as (
    select
        task_uuid as task_id,
        klantcontact_url as contact_moment_id,
        gevraagde_handeling as requested_action,
        actor_uuid,
        _assigned_at as assigned_at,
        {{ local_date('_assigned_at') }} as assigned_date,
        _completed_at as completed_at,
        status as task_status,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
