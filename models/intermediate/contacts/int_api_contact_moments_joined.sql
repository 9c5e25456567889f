-- int_api_contact_moments_joined: one row per KCC contact registration delivered by the
-- APIs of KISS and Open Klant (klantcontact extract). KISS holds the contact's times,
-- result, sources and employee, Open Klant its channel (kanaal), customer and case; both
-- name the contact by the klantcontact's URL in Open Klant, so a contact in either is one
-- registration. The columns are those of int_contact_moments_unioned, which adds these
-- rows to the contract's. DuckDB only: only DuckDB reads API pages.
{{ config(enabled=target.type == 'duckdb') }}

with kiss_contacts as (
    select * from {{ ref('stg_kcs__kiss_contact_moments') }}
),

openklant_contacts as (
    select * from {{ ref('stg_kcs__openklant_contacts') }}
),

kiss_results as (
    select * from {{ ref('kiss_gespreksresultaten') }}
),

openzaak_cases as (
    select * from {{ ref('stg_zaken__openzaak_cases') }}
),

-- KISS's gespreksresultaat text mapped onto the KCC result categories (unmapped: null,
-- and test kiss_results_unmapped warns).
kiss_mapped as (
    select
        kiss_contacts.*,
        nullif(trim(kiss_results.contact_result), '') as contact_result
    from kiss_contacts
    left join kiss_results
        on kiss_contacts.kiss_result = kiss_results.gespreksresultaat
),

api_registrations as (
    select
        openklant_contacts.channel_name,
        kiss_mapped.ended_at,
        kiss_mapped.contact_result,
        kiss_mapped.responsible_department,
        kiss_mapped.employee_key,
        kiss_mapped.answer_source,
        openklant_contacts.customer_bsn_key,
        openklant_contacts.customer_phone_key,
        openklant_contacts.customer_email_key,
        -- Open Klant names the zaak by its uuid; the case key is its identificatie.
        openzaak_cases.case_id as case_reference,
        false as has_question_count,
        false as has_complaint_flag,
        cast(null as varchar) as channel_reference,
        cast(null as integer) as question_count,
        cast(null as boolean) as is_complaint,
        coalesce(kiss_mapped.contact_moment_id, openklant_contacts.contact_moment_id)
            as contact_moment_id,
        coalesce(kiss_mapped.started_at, openklant_contacts.started_at) as started_at,
        coalesce(kiss_mapped.started_date, openklant_contacts.started_date) as started_date,
        coalesce(kiss_mapped.question_subject, openklant_contacts.question_subject)
            as question_subject,
        coalesce(openklant_contacts.has_invalid_bsn, false) as has_invalid_bsn,
        coalesce(kiss_mapped.gemeente_code, openklant_contacts.gemeente_code) as gemeente_code,
        coalesce(kiss_mapped._file, openklant_contacts._file) as _file,
        coalesce(kiss_mapped._file_version, openklant_contacts._file_version) as _file_version,
        coalesce(kiss_mapped._loaded_at, openklant_contacts._loaded_at) as _loaded_at,
        coalesce(kiss_mapped._export_date, openklant_contacts._export_date) as _export_date,
        coalesce(kiss_mapped._record_number, openklant_contacts._record_number)
            as _record_number,
        coalesce(kiss_mapped._line_number, openklant_contacts._line_number) as _line_number,
        case
            when kiss_mapped.contact_moment_id is null then 'openklant'
            when openklant_contacts.contact_moment_id is null then 'kiss'
            else 'kiss+openklant'
        end as registration_system,
        kiss_mapped.contact_moment_id is not null as has_outcome
    from kiss_mapped
    full outer join openklant_contacts
        on kiss_mapped.contact_moment_id = openklant_contacts.contact_moment_id
    left join openzaak_cases
        on openklant_contacts.case_uuid = openzaak_cases.case_uuid
)

select * from api_registrations
