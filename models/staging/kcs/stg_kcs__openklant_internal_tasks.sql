-- One row per interne taak of Open Klant; a task extracted again (it changes when it is completed) is taken from the latest export folder.
{{ config(enabled=target.type == 'duckdb') }}

with valid_records as (
    select * from {{ ref('base_kcs__openklant_internetaken') }}
    where _reject_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by task_id
            order by _export_date desc, _file desc, _record_number desc
        ) as _rank
    from valid_records
)

select
    task_id,
    contact_moment_id,
    requested_action,
    actor_uuid,
    assigned_at,
    assigned_date,
    completed_at,
    task_status,
    gemeente_code,
    _file,
    _file_version,
    _loaded_at,
    _export_date,
    _record_number,
    _line_number
from ranked
where _rank = 1
