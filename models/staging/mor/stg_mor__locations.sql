-- One row per location of a signal; the latest dump wins.
{{ latest_records(ref('base_mor__locations'), ['location_id']) }}
