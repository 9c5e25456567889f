-- One row per interne taak of Open Klant; a task extracted again (it changes when it is completed) is taken from the latest export folder. DuckDB only.
{{ config(enabled=target.type == 'duckdb') }}

{{ latest_records(ref('base_kcs__openklant_internetaken'), ['task_id']) }}
