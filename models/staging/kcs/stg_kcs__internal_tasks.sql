-- One row per interne taak; the latest export wins.
{{ latest_records(ref('base_kcs__internetaken'), ['task_id']) }}
