-- Every zaak row of every case-system dump, parsed and validated; free text is dropped.
with source as (
    {{ raw_rows('zaken', 'zaken', ['omschrijving']) }}
),

parsed as (
    select
        *,
        {{ parse_date('registratiedatum') }} as _registered_date,
        {{ parse_date('startdatum') }} as _start_date,
        {{ parse_date('einddatum') }} as _end_date
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('identificatie'),
    check_timestamp('registratiedatum', '_registered_date'),
    check_timestamp('startdatum', '_start_date'),
    check_timestamp('einddatum', '_end_date', required=false),
    check_order('_start_date', '_end_date', 'einddatum'),
] %}

validated as (
    select
        nullif(trim(identificatie), '') as case_id,
        nullif(trim(bronorganisatie), '') as source_organisation_rsin,
        nullif(trim(zaaktype_code), '') as case_type_code,
        _registered_date as registered_date,
        _start_date as start_date,
        {{ parse_date('einddatum_gepland') }} as planned_end_date,
        {{ parse_date('uiterlijke_einddatum_afdoening') }} as legal_end_date,
        _end_date as end_date,
        nullif(trim(status_omschrijving), '') as status_description,
        nullif(trim(resultaat_omschrijving), '') as result_description,
        nullif(trim(communicatiekanaal), '') as intake_channel,
        coalesce({{ parse_bool('opschorting_indicatie') }}, false) as is_suspended,
        nullif(trim(opschorting_reden), '') as suspension_reason,
        nullif(trim(verlenging_duur), '') as extension_duration,
        {{ iso_duration_days('verlenging_duur') }} as extension_days,
        {{ iso_duration_months('verlenging_duur') }} as extension_months,
        {{ pseudonymise_bsn('initiator_bsn') }} as initiator_bsn_key,
        {{ bsn_is_invalid('initiator_bsn') }} as has_invalid_bsn,
        nullif(trim(klantcontact_id), '') as contact_moment_id,
        nullif(trim(afdeling), '') as department,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
