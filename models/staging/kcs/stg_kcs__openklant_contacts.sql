-- One row per klantcontact of Open Klant; a klantcontact extracted again is taken from the latest export folder. DuckDB only.
{{ config(enabled=target.type == 'duckdb') }}

{{ latest_records(ref('base_kcs__openklant_klantcontacten'), ['contact_moment_id']) }}
