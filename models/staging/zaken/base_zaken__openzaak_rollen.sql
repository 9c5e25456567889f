-- Every role record of every Open Zaak page (Zaken API `/rollen`, the initiators): the
-- initiator's BSN as a keyed pseudonym. Names, addresses and toelichting are not read.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('zaken', 'openzaak_rollen') }}
),

fields as (
    select
        *,
        {{ json_text('$.url') }} as url,
        {{ json_text('$.betrokkeneIdentificatie.inpBsn') }} as inp_bsn
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('url'),
] %}

validated as (
    select
        url as role_url,
        {{ json_text('$.zaak') }} as case_url,
        {{ json_text('$.omschrijvingGeneriek') }} as role_generic_description,
        {{ json_text('$.betrokkeneType') }} as involved_party_type,
        {{ try_cast_text(json_text('$.registratiedatum'), 'timestamptz') }} as registered_at,
        {{ pseudonymise_bsn('inp_bsn') }} as initiator_bsn_key,
        {{ bsn_is_invalid('inp_bsn') }} as has_invalid_bsn,
        {{ select_lineage_and_rejects(checks) }}
    from fields
)

select * from validated
