-- One row per signal (melding); the latest dump wins, signals missing from later dumps stay.
{{ latest_records(ref('base_mor__signals'), ['signal_id']) }}
