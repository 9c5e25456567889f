-- One row per Open Zaak zaak (key: its uuid), the latest extract winning, on the columns of
-- stg_zaken__cases: the links to its zaaktype, status, result and initiator resolved.
{{ config(enabled=target.type == 'duckdb') }}

with zaken as (
    select * from {{ ref('base_zaken__openzaak_zaken') }}
    where _reject_reason is null
),

-- Zaaktype versions by URL, the latest extract's copy of each (concepts left out).
zaaktypen as (
    select * from {{ ref('stg_zaken__openzaak_case_types') }}
),

statussen as (
    select * from {{ ref('base_zaken__openzaak_statussen') }}
    where _reject_reason is null
),

statustypen as (
    select * from {{ ref('base_zaken__openzaak_statustypen') }}
    where _reject_reason is null
),

resultaten as (
    select * from {{ ref('base_zaken__openzaak_resultaten') }}
    where _reject_reason is null
),

resultaattypen as (
    select * from {{ ref('base_zaken__openzaak_resultaattypen') }}
    where _reject_reason is null
),

rollen as (
    select * from {{ ref('base_zaken__openzaak_rollen') }}
    where _reject_reason is null
),

-- A zaak is in every extract while open, statuses, results and catalogue records are
-- looked up by their URL, which never changes: of several copies of a record the latest
-- extract's wins.
latest_zaken as (
    {{ latest_api_record('zaken', 'case_uuid', ['*']) }}
),

latest_statussen as (
    {{ latest_api_record('statussen', 'status_url', ['status_url', 'status_type_url']) }}
),

latest_statustypen as (
    {{ latest_api_record(
        'statustypen', 'status_type_url', ['status_type_url', 'status_description']
    ) }}
),

latest_resultaten as (
    {{ latest_api_record('resultaten', 'result_url', ['result_url', 'result_type_url']) }}
),

latest_resultaattypen as (
    {{ latest_api_record(
        'resultaattypen', 'result_type_url', ['result_type_url', 'result_description']
    ) }}
),

-- The initiator: the first registered initiator role of the zaak (normally its only one).
ranked_initiators as (
    select
        case_url,
        initiator_bsn_key,
        has_invalid_bsn,
        row_number() over (
            partition by case_url
            order by registered_at asc, role_url asc, _export_date desc, _record_number desc
        ) as recency
    from rollen
    where role_generic_description = 'initiator'
),

resolved as (
    select
        latest_zaken.*,
        zaaktypen.case_type_code,
        latest_statustypen.status_description,
        latest_resultaattypen.result_description,
        ranked_initiators.initiator_bsn_key,
        coalesce(ranked_initiators.has_invalid_bsn, false) as has_invalid_bsn
    from latest_zaken
    left join zaaktypen
        on latest_zaken.case_type_version_id = zaaktypen.case_type_version_id
    left join latest_statussen
        on latest_zaken.status_url = latest_statussen.status_url
    left join latest_statustypen
        on latest_statussen.status_type_url = latest_statustypen.status_type_url
    left join latest_resultaten
        on latest_zaken.result_url = latest_resultaten.result_url
    left join latest_resultaattypen
        on latest_resultaten.result_type_url = latest_resultaattypen.result_type_url
    left join ranked_initiators
        on
            latest_zaken.case_url = ranked_initiators.case_url
            and ranked_initiators.recency = 1
),

final as (
    select
        case_id,
        source_organisation_rsin,
        case_type_code,
        registered_date,
        start_date,
        planned_end_date,
        legal_end_date,
        end_date,
        status_description,
        result_description,
        intake_channel,
        is_suspended,
        suspension_reason,
        extension_duration,
        extension_days,
        extension_months,
        initiator_bsn_key,
        has_invalid_bsn,
        -- Open Zaak does not know the contact that created the zaak (Open Klant links it).
        cast(null as {{ type_text() }}) as contact_moment_id,
        -- Nor a department of the zaak: the zaaktype's applies.
        cast(null as {{ type_text() }}) as department,
        gemeente_code,
        _file,
        _file_version,
        _loaded_at,
        _export_date,
        _record_number,
        _line_number,
        case_uuid,
        case_type_version_id
    from resolved
)

select * from final
