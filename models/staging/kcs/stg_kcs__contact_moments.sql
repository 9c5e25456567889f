-- One row per registered KCC contact (contactmoment); the latest export wins.
{{ latest_records(ref('base_kcs__contactmomenten'), ['contact_moment_id']) }}
