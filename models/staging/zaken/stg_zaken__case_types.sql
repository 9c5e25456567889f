-- One row per zaaktype (case type); the latest dump wins.
{{ latest_records(ref('base_zaken__zaaktypen'), ['case_type_code']) }}
