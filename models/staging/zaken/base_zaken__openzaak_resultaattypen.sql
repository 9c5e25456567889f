-- Every resultaattype of every Open Zaak page (Catalogi API `/resultaattypen`): the name of
-- a result; the toelichting (free text) is not read.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('zaken', 'openzaak_resultaattypen') }}
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
        url as result_type_url,
        {{ json_text('$.zaaktype') }} as case_type_version_id,
        {{ json_text('$.omschrijving') }} as result_description,
        {{ select_lineage_and_rejects(checks) }}
    from fields
)

select * from validated
