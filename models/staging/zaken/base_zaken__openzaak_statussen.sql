-- Every status record of every Open Zaak page (Zaken API `/statussen`): which statustype a
-- zaak's status is; the toelichting (free text) is not read.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('zaken', 'openzaak_statussen') }}
),

fields as (
    select
        *,
        {{ json_text('$.url') }} as url
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('url'),
] %}

validated as (
    select
        url as status_url,
        {{ json_text('$.zaak') }} as case_url,
        {{ json_text('$.statustype') }} as status_type_url,
        {{ select_lineage_and_rejects(checks) }}
    from fields
)

select * from validated
