-- One row per contact in KISS's management information; a contact extracted again (a later window, or the overlap of a daily run) is taken from the latest export folder. DuckDB only.
{{ config(enabled=target.type == 'duckdb') }}

{{ latest_records(ref('base_kcs__kiss_contactmomenten'), ['contact_moment_id']) }}
