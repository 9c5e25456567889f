-- Warns for every raw file read with a caveat (0-byte file skipped, Windows-1252 read,
-- unexpected column ignored, truncated last record quarantined, unknown file ignored).
{{ config(severity='warn') }}

select
    file_path,
    fault_kind,
    message
from {{ ref('raw_file_faults') }}
where severity = 'warning'
