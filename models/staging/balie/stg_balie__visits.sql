-- One row per counter visit; the latest export of a visit wins.
{{ latest_records(ref('base_balie__visits'), ['visit_id']) }}
