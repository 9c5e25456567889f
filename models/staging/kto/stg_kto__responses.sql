-- One row per survey response; the latest export wins.
{{ latest_records(ref('base_kto__responses'), ['response_id']) }}
