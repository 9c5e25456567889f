-- int_cases_unioned: one row per zaak from the case system's CSV dump and from Open Zaak's
-- API pages, on one set of columns. A CSV zaak names its zaaktype by code, which is then
-- also its case_type_version_id; an Open Zaak zaak names the zaaktype version's URL.
{%- set case_columns = [
    'case_id',
    'source_organisation_rsin',
    'case_type_code',
    'registered_date',
    'start_date',
    'planned_end_date',
    'legal_end_date',
    'end_date',
    'status_description',
    'result_description',
    'intake_channel',
    'is_suspended',
    'suspension_reason',
    'extension_duration',
    'extension_days',
    'extension_months',
    'initiator_bsn_key',
    'has_invalid_bsn',
    'contact_moment_id',
    'department'
] + lineage_columns() %}

with csv_cases as (
    select * from {{ ref('stg_zaken__cases') }}
),

unioned as (
    select
        {{ case_columns | join(',\n        ') }},
        cast(null as {{ type_text() }}) as case_uuid,
        case_type_code as case_type_version_id,
        2 as source_precedence
    from csv_cases

    -- Open Zaak's API pages (DuckDB only).
    {{ union_all_api_select(
        'stg_zaken__openzaak_cases',
        case_columns + ['case_uuid', 'case_type_version_id', '1 as source_precedence']
    ) }}
),

-- A municipality moving from the CSV dump to Open Zaak's API has a zaak in both: the
-- latest export wins, Open Zaak's on the same day.
ranked as (
    select
        *,
        row_number() over (
            partition by case_id
            order by _export_date desc, source_precedence asc
        ) as case_recency
    from unioned
),

final as (
    select
        {{ case_columns | join(',\n        ') }},
        case_uuid,
        case_type_version_id
    from ranked
    where case_recency = 1
)

select * from final
