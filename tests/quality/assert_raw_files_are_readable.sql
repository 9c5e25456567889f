-- Fails the build for every raw file with an error-severity fault (a missing or renamed
-- column, a wrong delimiter, an unreadable encoding, an unclosed quote). Those files
-- were skipped; the message in quality.raw_file_faults names file and problem.
select
    file_path,
    fault_kind,
    message
from {{ ref('raw_file_faults') }}
where severity = 'error'
