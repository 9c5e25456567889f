-- One row per afhandeltermijn rule per category; the latest dump wins.
{{ latest_records(ref('base_mor__sla'), ['sla_id']) }}
