-- Every zaak record of every Open Zaak page (Zaken API `/zaken`), parsed and validated; free
-- text (omschrijving, toelichting) is not read.
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('zaken', 'openzaak_zaken') }}
),

-- The fields as text, named after the API's fields, so a rejected record names the field.
fields as (
    select
        *,
        {{ json_text('$.uuid') }} as uuid,  -- noqa: RF04
        {{ json_text('$.url') }} as url,
        {{ json_text('$.identificatie') }} as identificatie,
        {{ json_text('$.registratiedatum') }} as registratiedatum,
        {{ json_text('$.startdatum') }} as startdatum,
        {{ json_text('$.einddatum') }} as einddatum,
        {{ json_text('$.communicatiekanaalNaam') }} as communicatiekanaal_naam,
        {{ json_text('$.communicatiekanaal') }} as communicatiekanaal,
        -- verlenging is null when the zaak was not extended.
        {{ json_text('$.verlenging.duur') }} as verlenging_duur
    from source
),

parsed as (
    select
        *,
        {{ parse_date('registratiedatum') }} as _registered_date,
        {{ parse_date('startdatum') }} as _start_date,
        {{ parse_date('einddatum') }} as _end_date
    from fields
),

{% set checks = [
    check_truncated(),
    check_missing('uuid'),
    check_missing('identificatie'),
    check_timestamp('registratiedatum', '_registered_date'),
    check_timestamp('startdatum', '_start_date'),
    check_timestamp('einddatum', '_end_date', required=false),
    check_order('_start_date', '_end_date', 'einddatum'),
] %}

validated as (
    select
        lower(uuid) as case_uuid,
        url as case_url,
        identificatie as case_id,
        {{ json_text('$.bronorganisatie') }} as source_organisation_rsin,
        {{ json_text('$.zaaktype') }} as case_type_version_id,
        _registered_date as registered_date,
        _start_date as start_date,
        {{ parse_date(json_text('$.einddatumGepland')) }} as planned_end_date,
        {{ parse_date(json_text('$.uiterlijkeEinddatumAfdoening')) }} as legal_end_date,
        _end_date as end_date,
        {{ json_text('$.status') }} as status_url,
        {{ json_text('$.resultaat') }} as result_url,
        -- Open Zaak's name of the channel, else the last segment of the reference list's
        -- URI (seed channel_mappings maps either).
        coalesce(
            communicatiekanaal_naam,
            nullif({{ regex_extract("rtrim(communicatiekanaal, '/')", '[^/]+$', 0) }}, '')
        ) as intake_channel,
        coalesce({{ parse_bool(json_text('$.opschorting.indicatie')) }}, false) as is_suspended,
        {{ json_text('$.opschorting.reden') }} as suspension_reason,
        verlenging_duur as extension_duration,
        {{ iso_duration_days('verlenging_duur') }} as extension_days,
        {{ iso_duration_months('verlenging_duur') }} as extension_months,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
