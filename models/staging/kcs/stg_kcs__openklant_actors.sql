-- One row per actor of Open Klant; the latest export folder wins.
{{ config(enabled=target.type == 'duckdb') }}

with valid_records as (
    select * from {{ ref('base_kcs__openklant_actoren') }}
    where _reject_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by actor_id
            order by _export_date desc, _file desc, _record_number desc
        ) as _rank
    from valid_records
)

select
    actor_id,
    actor_kind,
    department_name,
    gemeente_code,
    _file,
    _file_version,
    _loaded_at,
    _export_date,
    _record_number,
    _line_number
from ranked
where _rank = 1
