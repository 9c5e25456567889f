-- One row per routing of a signal to departments; the latest dump wins.
{{ latest_records(ref('base_mor__routing_departments'), ['routing_id']) }}
