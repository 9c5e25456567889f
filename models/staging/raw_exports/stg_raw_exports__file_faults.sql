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
        -- Parallel unnests of equally long lists zip, position by position.
        unnest(range(1, len(fault_kinds) + 1)) as fault_number,
        unnest(fault_kinds) as fault_kind,
        unnest(fault_severities) as severity,
        unnest(fault_messages) as message
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
