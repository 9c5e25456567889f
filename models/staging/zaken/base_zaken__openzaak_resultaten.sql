-- Every result record of every Open Zaak page (Zaken API `/resultaten`): which
-- resultaattype a zaak's result is; the toelichting (free text) is not read.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('zaken', 'openzaak_resultaten') }}
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
        url as result_url,
        {{ json_text('$.zaak') }} as case_url,
        {{ json_text('$.resultaattype') }} as result_type_url,
        {{ select_lineage_and_rejects(checks) }}
    from fields
)

select * from validated
