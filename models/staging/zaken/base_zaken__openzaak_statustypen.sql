-- Every statustype of every Open Zaak page (Catalogi API `/statustypen`): the name of a
-- status.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('zaken', 'openzaak_statustypen') }}
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
        url as status_type_url,
        {{ json_text('$.zaaktype') }} as case_type_version_id,
        {{ json_text('$.omschrijving') }} as status_description,
        {{ parse_int(json_text('$.volgnummer')) }} as sequence_number,
        {{ parse_bool(json_text('$.isEindstatus')) }} as is_end_status,
        {{ select_lineage_and_rejects(checks) }}
    from fields
)

select * from validated
