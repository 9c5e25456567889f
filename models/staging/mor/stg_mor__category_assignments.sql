-- One row per category assignment of a signal; the latest dump wins.
{{ latest_records(ref('base_mor__categories'), ['assignment_id']) }}
