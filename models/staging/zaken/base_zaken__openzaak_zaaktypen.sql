-- Every zaaktype version of every Open Zaak page (Catalogi API `/zaaktypen?status=alles`),
-- with its terms parsed. A concept version is not read: it is not in force, and no zaak
-- can be of it.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('zaken', 'openzaak_zaaktypen') }}
),

-- The fields as text, named after the API's fields, so a rejected record names the field.
fields as (
    select
        *,
        {{ json_text('$.url') }} as url,
        {{ json_text('$.identificatie') }} as identificatie,
        {{ json_text('$.doorlooptijd') }} as doorlooptijd,
        {{ json_text('$.servicenorm') }} as servicenorm
    from source
    where not coalesce({{ parse_bool(json_text('$.concept')) }}, false)
),

{% set checks = [
    check_truncated(),
    check_missing('url'),
    check_missing('identificatie'),
] %}

validated as (
    select
        -- A zaaktype has no uuid: its URL identifies the version.
        url as case_type_version_id,
        identificatie as case_type_code,
        {{ json_text('$.omschrijving') }} as case_type_name,
        doorlooptijd as legal_term,
        {{ iso_duration_days('doorlooptijd') }} as legal_term_days,
        {{ iso_duration_months('doorlooptijd') }} as legal_term_months,
        servicenorm as service_norm_term,
        {{ iso_duration_days('servicenorm') }} as service_norm_days,
        {{ iso_duration_months('servicenorm') }} as service_norm_months,
        -- The organisational unit responsible for the zaaktype's cases.
        {{ json_text('$.verantwoordelijke') }} as department,
        {{ parse_date(json_text('$.beginGeldigheid')) }} as valid_from,
        {{ parse_date(json_text('$.eindeGeldigheid')) }} as valid_to,
        {{ select_lineage_and_rejects(checks) }}
    from fields
)

select * from validated
