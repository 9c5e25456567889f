-- dim_case_type: one row per zaaktype, one per Signalen main/sub category, plus the
-- explicit member onbekend.
with zaaktype_versions as (
    select * from {{ ref('int_case_types_unioned') }}
),

assignments as (
    select * from {{ ref('stg_mor__category_assignments') }}
),

sla_rules as (
    select * from {{ ref('stg_mor__sla_rules') }}
),

-- A zaaktype shows one version: the CSV dump's (it has one), else Open Zaak's latest by
-- beginGeldigheid. Facts use the version each zaak names instead.
ranked_zaaktype_versions as (
    select
        *,
        row_number() over (
            partition by case_type_code
            order by
                case when case_type_version_id = case_type_code then 0 else 1 end,
                valid_from desc nulls last,
                _export_date desc,
                case_type_version_id desc
        ) as version_recency
    from zaaktype_versions
),

zaaktypen as (
    select * from ranked_zaaktype_versions
    where version_recency = 1
),

case_type_zaken as (
    select
        case_type_code as case_type_key,
        'zaak' as case_kind,
        case_type_code,
        case_type_name,
        cast(null as {{ type_text() }}) as main_category,
        cast(null as {{ type_text() }}) as sub_category,
        {{ subject_on('zaaktype', 'case_type_code', 'current_date') }} as subject_key,
        {{ department_key('department') }} as department_key,
        service_norm_term,
        service_norm_days,
        service_norm_months,
        true as uses_calendar_days,
        legal_term,
        legal_term_days,
        legal_term_months
    from zaaktypen
),

-- Every main/sub category a signal was ever assigned or that has an sla row.
categories as (
    select
        main_category,
        sub_category
    from assignments
    where main_category is not null and sub_category is not null
    union
    select
        main_category,
        sub_category
    from sla_rules
    where main_category is not null and sub_category is not null
),

-- The category's department: the one of its latest assignment.
ranked_category_departments as (
    select
        main_category,
        sub_category,
        nullif(trim({{ dbt.split_part('departments', "','", 1) }}), '') as department_name,
        row_number() over (
            partition by main_category, sub_category
            order by created_at desc, assignment_id desc
        ) as assignment_recency
    from assignments
),

category_departments as (
    select
        main_category,
        sub_category,
        department_name
    from ranked_category_departments
    where assignment_recency = 1
),

-- The category's current afhandeltermijn: its latest sla row. Facts use the row that
-- applied at each melding's creation instead.
ranked_sla as (
    select
        main_category,
        sub_category,
        term_days,
        uses_calendar_days,
        row_number() over (
            partition by main_category, sub_category
            order by valid_from_at desc, sla_id desc
        ) as sla_recency
    from sla_rules
),

current_sla as (
    select
        main_category,
        sub_category,
        term_days,
        uses_calendar_days
    from ranked_sla
    where sla_recency = 1
),

case_type_meldingen as (
    select
        'melding|' || categories.main_category || '|' || categories.sub_category
            as case_type_key,
        'melding' as case_kind,
        categories.sub_category as case_type_code,
        categories.main_category || ' / ' || categories.sub_category as case_type_name,
        categories.main_category,
        categories.sub_category,
        {{ subject_on('signalen_main_category', 'categories.main_category', 'current_date') }}
            as subject_key,
        {{ department_key('category_departments.department_name') }} as department_key,
        cast(null as {{ type_text() }}) as service_norm_term,
        current_sla.term_days as service_norm_days,
        cast(null as integer) as service_norm_months,
        current_sla.uses_calendar_days,
        cast(null as {{ type_text() }}) as legal_term,
        cast(null as integer) as legal_term_days,
        cast(null as integer) as legal_term_months
    from categories
    left join category_departments
        on
            categories.main_category = category_departments.main_category
            and categories.sub_category = category_departments.sub_category
    left join current_sla
        on
            categories.main_category = current_sla.main_category
            and categories.sub_category = current_sla.sub_category
),

unknown_member as (
    select
        'onbekend' as case_type_key,
        'onbekend' as case_kind,
        cast(null as {{ type_text() }}) as case_type_code,
        'Onbekend' as case_type_name,
        cast(null as {{ type_text() }}) as main_category,
        cast(null as {{ type_text() }}) as sub_category,
        'onbekend' as subject_key,
        'onbekend' as department_key,
        cast(null as {{ type_text() }}) as service_norm_term,
        cast(null as integer) as service_norm_days,
        cast(null as integer) as service_norm_months,
        cast(null as boolean) as uses_calendar_days,
        cast(null as {{ type_text() }}) as legal_term,
        cast(null as integer) as legal_term_days,
        cast(null as integer) as legal_term_months
),

final as (
    select * from case_type_zaken
    union all
    select * from case_type_meldingen
    union all
    select * from unknown_member
)

select
    case_type_key,
    case_kind,
    case_type_code,
    case_type_name,
    main_category,
    sub_category,
    subject_key,
    department_key,
    service_norm_term,
    service_norm_days,
    service_norm_months,
    uses_calendar_days,
    legal_term,
    legal_term_days,
    legal_term_months
from final
