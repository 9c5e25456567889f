-- int_case_types_unioned: one row per zaaktype version. The CSV dump has one version per
-- zaaktype, keyed by its code (case_type_version_id = case_type_code, no validity); Open Zaak
-- has every published version, keyed by its URL, with its validity.
{%- set case_type_columns = [
    'case_type_code',
    'case_type_name',
    'legal_term',
    'legal_term_days',
    'legal_term_months',
    'service_norm_term',
    'service_norm_days',
    'service_norm_months',
    'department'
] + lineage_columns() %}

with csv_case_types as (
    select * from {{ ref('stg_zaken__case_types') }}
),

unioned as (
    select
        case_type_code as case_type_version_id,
        {{ case_type_columns | join(',\n        ') }},
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from csv_case_types

    -- Open Zaak's API pages (DuckDB only).
    {{ union_all_api_select(
        'stg_zaken__openzaak_case_types',
        ['case_type_version_id'] + case_type_columns + ['valid_from', 'valid_to']
    ) }}
)

select * from unioned
