-- One row per actor of Open Klant; the latest export folder wins. DuckDB only.
{{ config(enabled=target.type == 'duckdb') }}

{{ latest_records(ref('base_kcs__openklant_actoren'), ['actor_id']) }}
