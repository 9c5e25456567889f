-- Every klantcontact of Open Klant's klantinteracties API, as klantcontact extract wrote
-- its pages (with the betrokkenen, their digitale adressen and partij, and the
-- onderwerpobjecten expanded): parsed, validated and pseudonymised. inhoud and reactie
-- (free text) are dropped. DuckDB only (docs/extract.md).
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('kcs', 'openklant_klantcontacten') }}
),

-- The customer is the betrokkene in the role klant (KISS registers one), else the first.
betrokkenen as (
    select
        *,
        cast(record -> '$._expand.hadBetrokkenen' as json[]) as _betrokkenen,
        cast(record -> '$._expand.gingOverOnderwerpobjecten' as json[]) as _onderwerpobjecten
    from source
),

customers as (
    select
        *,
        coalesce(
            list_filter(_betrokkenen, lambda betrokkene: betrokkene ->> '$.rol' = 'klant')[1],
            _betrokkenen[1]
        ) as _klant
    from betrokkenen
),

-- Phone and e-mail are the klant's digitale adressen; the BSN is the partij-identificator
-- of the partij the klant was (codeSoortObjectId bsn). The case is the onderwerpobject of
-- type zaak: Open Zaak's uuid of the zaak, not its identificatie.
fields as (
    select
        -- The record and its lineage (api_records) carried on.
        *,
        {{ json_text('$.url') }} as url,
        {{ json_text('$.uuid') }} as klantcontact_uuid,
        {{ json_text('$.kanaal') }} as kanaal,
        {{ json_text('$.onderwerp') }} as onderwerp,
        {{ json_text('$.plaatsgevondenOp') }} as plaatsgevonden_op,
        list_filter(
            cast(_klant -> '$._expand.digitaleAdressen' as json[]),
            lambda adres: adres ->> '$.soortDigitaalAdres' = 'telefoonnummer'
        )[1] ->> '$.adres' as klant_telefoon,
        list_filter(
            cast(_klant -> '$._expand.digitaleAdressen' as json[]),
            lambda adres: adres ->> '$.soortDigitaalAdres' = 'email'
        )[1] ->> '$.adres' as klant_email,
        list_filter(
            cast(_klant -> '$._expand.wasPartij.partijIdentificatoren' as json[]),
            lambda identificator: identificator
            ->> '$.partijIdentificator.codeSoortObjectId' = 'bsn'
        )[1] ->> '$.partijIdentificator.objectId' as klant_bsn,
        list_filter(
            _onderwerpobjecten,
            lambda onderwerp:
            lower(onderwerp ->> '$.onderwerpobjectidentificator.codeObjecttype') = 'zaak'
        )[1] ->> '$.onderwerpobjectidentificator.objectId' as zaak_uuid
    from customers
),

parsed as (
    select
        *,
        {{ parse_ts_iso('plaatsgevonden_op') }} as _took_place_at
    from fields
),

{% set checks = [
    check_missing('url'),
    check_timestamp('plaatsgevonden_op', '_took_place_at'),
] %}

validated as (
    select
        url as contact_moment_id,
        klantcontact_uuid,
        kanaal as channel_name,
        _took_place_at as started_at,
        {{ local_date('_took_place_at') }} as started_date,
        onderwerp as question_subject,
        {{ pseudonymise_bsn('klant_bsn') }} as customer_bsn_key,
        {{ bsn_is_invalid('klant_bsn') }} as has_invalid_bsn,
        {{ pseudonymise(normalise_phone('klant_telefoon'), 'phone') }} as customer_phone_key,
        {{ pseudonymise(normalise_email('klant_email'), 'email') }} as customer_email_key,
        nullif(trim(zaak_uuid), '') as case_uuid,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
