-- One row per file-level fault in the raw exports: the file, the problem, and whether
-- the file was skipped. Each fault is also announced as a warning in the build log.
-- Errors fail assert_raw_files_are_readable; every other file and source still builds.
{%- set file_faults = ref('stg_raw_exports__file_faults') %}
{%- if execute and load_relation(file_faults) is not none %}
    {%- set announced = run_query(
        "select file_path, severity, message from " ~ file_faults
        ~ " order by file_path, fault_number") %}
    {%- for fault in announced.rows %}
        {%- do exceptions.warn(
            "raw file " ~ fault['file_path'] ~ ": " ~ fault['message']
            ~ (" (file skipped)" if fault['severity'] == 'error' else "")) %}
    {%- endfor %}
{%- endif %}

with file_faults as (
    select * from {{ file_faults }}
)

select
    file_path,
    fault_number,
    source_name,
    table_name,
    export_date,
    fault_kind,
    severity,
    message,
    is_skipped
from file_faults
