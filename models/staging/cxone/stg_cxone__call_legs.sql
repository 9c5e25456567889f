-- One row per CXone contact as a call leg; the latest export of a contact wins.
{{ latest_records(ref('base_cxone__call_details'), ['leg_id']) }}
