-- One row per zaaktype version of Open Zaak (key: its URL); the latest extract wins.
{{ config(enabled=target.type == 'duckdb') }}

{{ latest_records(ref('base_zaken__openzaak_zaaktypen'), ['case_type_version_id']) }}
