-- One row per contact in KISS's management information; a contact extracted again (a later window, or the overlap of a daily run) is taken from the latest export folder.
{{ config(enabled=target.type == 'duckdb') }}

with valid_records as (
    select * from {{ ref('base_kcs__kiss_contactmomenten') }}
    where _reject_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by contact_moment_id
            order by _export_date desc, _file desc, _record_number desc
        ) as _rank
    from valid_records
)

select
    contact_moment_id,
    started_at,
    started_date,
    ended_at,
    question_subject,
    kiss_result,
    responsible_department,
    employee_key,
    answer_source,
    gemeente_code,
    _file,
    _file_version,
    _loaded_at,
    _export_date,
    _record_number,
    _line_number
from ranked
where _rank = 1
