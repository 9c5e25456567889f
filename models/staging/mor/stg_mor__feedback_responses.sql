-- One row per satisfaction feedback on a signal; the latest dump wins.
{{ latest_records(ref('base_mor__kto_feedback'), ['signal_id']) }}
