-- One row per reporter of a signal; the latest dump wins.
{{ latest_records(ref('base_mor__reporters'), ['reporter_id']) }}
