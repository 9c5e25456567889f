-- One row per file-level fault of a raw export file, unnested from the inventory.
with files as (
    select * from {{ ref('stg_raw_exports__files') }}
),

faults as (
    select
        file_path,
        source_name,
        table_name,
        export_date,
        is_read,
        -- The equally long lists zipped, position by position.
        {{ unnest_zipped('fault_number', [
            ['fault_kinds', 'fault_kind'],
            ['fault_severities', 'severity'],
            ['fault_messages', 'message'],
        ]) }}
    from files
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
    not is_read as is_skipped
from faults
