-- One row per status change of a signal; the latest dump wins.
{{ latest_records(ref('base_mor__statuses'), ['status_id']) }}
