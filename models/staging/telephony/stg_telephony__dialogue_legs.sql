-- One row per call leg; the latest export of a leg wins.
{{ latest_records(ref('base_telephony__dialogues'), ['leg_id']) }}
