-- Every raw interne taak (e.g. terugbelverzoek), parsed and validated.
with source as (
    {{ raw_rows('kcs', 'internetaken') }}
),

parsed as (
    select
        *,
        {{ parse_ts_offset('toegewezen_op') }} as _assigned_at,
        {{ parse_ts_offset('afgehandeld_op') }} as _completed_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('id'),
    check_timestamp('toegewezen_op', '_assigned_at'),
    check_timestamp('afgehandeld_op', '_completed_at', required=false),
    check_code('status', ['te_verwerken', 'verwerkt', 'retour']),
    check_order('_assigned_at', '_completed_at', 'afgehandeld_op'),
] %}

validated as (
    select
        nullif(trim(id), '') as task_id,
        nullif(trim(klantcontact_id), '') as contact_moment_id,
        nullif(trim(gevraagde_handeling), '') as requested_action,
        nullif(trim(toegewezen_aan_afdeling), '') as assigned_department,
        _assigned_at as assigned_at,
        {{ local_date('_assigned_at') }} as assigned_date,
        _completed_at as completed_at,
        status as task_status,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
