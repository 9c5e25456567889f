-- Every raw KCC contact registration, parsed, validated and pseudonymised.
with source as (
    {{ raw_rows('kcs', 'contactmomenten', ['specifieke_vraag']) }}
),

parsed as (
    select
        *,
        {{ parse_ts_offset('startdatum') }} as _started_at,
        {{ parse_ts_offset('einddatum') }} as _ended_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('id'),
    check_timestamp('startdatum', '_started_at'),
    check_timestamp('einddatum', '_ended_at', required=false),
    check_number('aantal_vragen', parse_int('aantal_vragen')),
    check_code('gespreksresultaat', [
        'Zelfstandig afgehandeld', 'Doorverbonden binnen KCC', 'Doorverbonden naar afdeling',
        'Terugbelverzoek', 'Zaak aangemaakt', 'Doorverwezen naar andere organisatie'
    ]),
    check_code('klacht', ['ja', 'nee']),
    check_order('_started_at', '_ended_at', 'einddatum'),
] %}

validated as (
    select
        nullif(trim(id), '') as contact_moment_id,
        nullif(trim(kanaal), '') as channel_name,
        nullif(trim(kanaal_referentie), '') as channel_reference,
        _started_at as started_at,
        {{ local_date('_started_at') }} as started_date,
        _ended_at as ended_at,
        nullif(trim(vraag), '') as question_subject,
        gespreksresultaat as contact_result,
        nullif(trim(verantwoordelijke_afdeling), '') as responsible_department,
        {{ pseudonymise(normalise_email('medewerker'), 'staff') }} as employee_key,
        nullif(trim(bron), '') as answer_source,
        {{ parse_int('aantal_vragen') }} as question_count,
        klacht = 'ja' as is_complaint,
        {{ pseudonymise_bsn('klant_bsn') }} as customer_bsn_key,
        {{ bsn_is_invalid('klant_bsn') }} as has_invalid_bsn,
        {{ pseudonymise(normalise_phone('klant_telefoon'), 'phone') }} as customer_phone_key,
        {{ pseudonymise(normalise_email('klant_email'), 'email') }} as customer_email_key,
        nullif(trim(zaak_identificatie), '') as case_reference,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
