-- One row per Open Zaak zaak (key: its uuid), the latest extract winning, on the columns of
-- stg_zaken__cases: the links to its zaaktype, status, result and initiator resolved.
{{ config(enabled=target.type == 'duckdb') }}

with zaken as (
    select * from {{ ref('base_zaken__openzaak_zaken') }}
    where _reject_reason is null
),

zaaktypen as (
    select * from {{ ref('base_zaken__openzaak_zaaktypen') }}
    where _reject_reason is null
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

-- A zaak is in every extract while open; the same zaak can also be on two pages of one
-- extract when zaken were created while it was paged. The latest extract wins.
ranked_zaken as (
    select
        *,
        row_number() over (
            partition by case_uuid
            order by _export_date desc, _file desc, _record_number desc
        ) as zaak_recency
    from zaken
),

latest_zaken as (
    select * from ranked_zaken
    where zaak_recency = 1
),

-- Statuses, results and catalogue records are looked up by their URL, which never
-- changes; of several copies the latest extract's wins.
ranked_zaaktypen as (
    select
        case_type_version_id,
        case_type_code,
        row_number() over (
            partition by case_type_version_id
            order by _export_date desc, _file desc, _record_number desc
        ) as recency
    from zaaktypen
),

ranked_statussen as (
    select
        status_url,
        status_type_url,
        row_number() over (
            partition by status_url
            order by _export_date desc, _file desc, _record_number desc
        ) as recency
    from statussen
),

ranked_statustypen as (
    select
        status_type_url,
        status_description,
        row_number() over (
            partition by status_type_url
            order by _export_date desc, _file desc, _record_number desc
        ) as recency
    from statustypen
),

ranked_resultaten as (
    select
        result_url,
        result_type_url,
        row_number() over (
            partition by result_url
            order by _export_date desc, _file desc, _record_number desc
        ) as recency
    from resultaten
),

ranked_resultaattypen as (
    select
        result_type_url,
        result_description,
        row_number() over (
            partition by result_type_url
            order by _export_date desc, _file desc, _record_number desc
        ) as recency
    from resultaattypen
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
        ranked_zaaktypen.case_type_code,
        ranked_statustypen.status_description,
        ranked_resultaattypen.result_description,
        ranked_initiators.initiator_bsn_key,
        coalesce(ranked_initiators.has_invalid_bsn, false) as has_invalid_bsn
    from latest_zaken
    left join ranked_zaaktypen
        on
            latest_zaken.case_type_version_id = ranked_zaaktypen.case_type_version_id
            and ranked_zaaktypen.recency = 1
    left join ranked_statussen
        on
            latest_zaken.status_url = ranked_statussen.status_url
            and ranked_statussen.recency = 1
    left join ranked_statustypen
        on
            ranked_statussen.status_type_url = ranked_statustypen.status_type_url
            and ranked_statustypen.recency = 1
    left join ranked_resultaten
        on
            latest_zaken.result_url = ranked_resultaten.result_url
            and ranked_resultaten.recency = 1
    left join ranked_resultaattypen
        on
            ranked_resultaten.result_type_url = ranked_resultaattypen.result_type_url
            and ranked_resultaattypen.recency = 1
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
