-- int_api_internal_tasks_joined: one row per interne taak of Open Klant's API (klantcontact
-- extract), with the name of the organisational unit it was assigned to. The columns are
-- those of int_internal_tasks_unioned before its callback rule. DuckDB only.
{{ config(enabled=target.type == 'duckdb') }}

with openklant_tasks as (
    select * from {{ ref('stg_kcs__openklant_internal_tasks') }}
),

openklant_actors as (
    select * from {{ ref('stg_kcs__openklant_actors') }}
),

api_tasks as (
    select
        openklant_tasks.task_id,
        openklant_tasks.contact_moment_id,
        openklant_tasks.requested_action,
        openklant_actors.department_name as assigned_department,
        openklant_tasks.assigned_at,
        openklant_tasks.assigned_date,
        openklant_tasks.completed_at,
        openklant_tasks.task_status,
        openklant_tasks.gemeente_code,
        openklant_tasks._file,
        openklant_tasks._file_version,
        openklant_tasks._loaded_at,
        openklant_tasks._export_date,
        openklant_tasks._record_number,
        openklant_tasks._line_number,
        'openklant' as registration_system,
        false as has_return_status
    from openklant_tasks
    left join openklant_actors
        on openklant_tasks.actor_uuid = openklant_actors.actor_id
)

select * from api_tasks
