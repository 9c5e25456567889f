-- One row per e-form submission; the latest export of a submission wins.
{{ latest_records(ref('base_web__form_submissions'), ['submission_id']) }}
