-- Every zaaktype row of every case-system dump, with its terms parsed.
with source as (
    {{ raw_rows('zaken', 'zaaktypen') }}
),

{% set checks = [
    check_truncated(),
    check_missing('code'),
] %}

validated as (
    select
        nullif(trim(code), '') as case_type_code,
        nullif(trim(omschrijving), '') as case_type_name,
        nullif(trim(doorlooptijd), '') as legal_term,
        {{ iso_duration_days('doorlooptijd') }} as legal_term_days,
        {{ iso_duration_months('doorlooptijd') }} as legal_term_months,
        nullif(trim(servicenorm), '') as service_norm_term,
        {{ iso_duration_days('servicenorm') }} as service_norm_days,
        {{ iso_duration_months('servicenorm') }} as service_norm_months,
        nullif(trim(afdeling), '') as department,
        {{ select_lineage_and_rejects(checks) }}
    from source
)

select * from validated
