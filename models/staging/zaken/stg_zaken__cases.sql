-- One row per zaak (case); the latest dump wins, cases missing from later dumps stay.
{{ latest_records(ref('base_zaken__zaken'), ['case_id']) }}
