-- fact_case: accumulating snapshot, one row per case: a zaak (ZGW) or a melding (a
-- Signalen signal without parent).
with zaken as (
    select * from {{ ref('int_zaken_scheduled') }}
),

meldingen as (
    select * from {{ ref('int_melding_lifecycles_derived') }}
),

case_types as (
    select case_type_key from {{ ref('dim_case_type') }}
),

locations as (
    select location_key from {{ ref('dim_location') }}
),

zaak_cases as (
    select
        case_key,
        'zaak' as case_kind,
        case_id,
        case_type_key,
        registered_date,
        start_date,
        planned_due_date,
        planned_due_source,
        legal_due_date,
        legal_due_source,
        end_date as closed_date,
        is_closed,
        not is_closed as is_open,
        false as is_cancelled,
        false as is_split,
        cast(null as {{ type_text() }}) as status_code,
        status_description as status_name,
        result_description as result_name,
        is_suspended,
        suspension_reason,
        extension_duration,
        is_closed_on_time_norm,
        is_closed_on_time_legal,
        throughput_calendar_days,
        throughput_working_days,
        cast(null as integer) as reopen_count,
        cast(null as boolean) as is_rerouted,
        contact_moment_id as originating_contact_moment_id,
        channel_key,
        subject_key,
        department_key,
        'onbekend' as location_key
    from zaken
),

melding_cases as (
    select
        case_key,
        'melding' as case_kind,
        display_id as case_id,
        case_type_key,
        created_date as registered_date,
        created_date as start_date,
        due_date as planned_due_date,
        case when due_date is not null then 'signalen_sla' end as planned_due_source,
        cast(null as date) as legal_due_date,
        cast(null as {{ type_text() }}) as legal_due_source,
        closed_date,
        is_closed,
        is_open,
        is_cancelled,
        is_split,
        current_state as status_code,
        current_state_display as status_name,
        case
            when is_closed then 'afgehandeld'
            when is_cancelled then 'geannuleerd'
            when is_split then 'gesplitst'
        end as result_name,
        false as is_suspended,
        cast(null as {{ type_text() }}) as suspension_reason,
        cast(null as {{ type_text() }}) as extension_duration,
        is_closed_on_time as is_closed_on_time_norm,
        cast(null as boolean) as is_closed_on_time_legal,
        throughput_calendar_days,
        throughput_working_days,
        reopen_count,
        is_rerouted,
        cast(null as {{ type_text() }}) as originating_contact_moment_id,
        channel_key,
        subject_key,
        department_key,
        location_key
    from meldingen
),

unioned as (
    select * from zaak_cases
    union all
    select * from melding_cases
),

-- Keys missing from their dimension map to the explicit onbekend member.
conformed as (
    select
        unioned.*,
        coalesce(case_types.case_type_key, 'onbekend') as conformed_case_type_key,
        coalesce(locations.location_key, 'onbekend') as conformed_location_key
    from unioned
    left join case_types
        on unioned.case_type_key = case_types.case_type_key
    left join locations
        on unioned.location_key = locations.location_key
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        case_key,
        case_kind,
        case_id,
        conformed_case_type_key as case_type_key,
        registered_date,
        start_date,
        planned_due_date,
        planned_due_source,
        legal_due_date,
        legal_due_source,
        closed_date,
        is_open,
        is_closed,
        is_cancelled,
        is_split,
        status_code,
        status_name,
        result_name,
        is_suspended,
        suspension_reason,
        extension_duration,
        is_closed_on_time_norm,
        is_closed_on_time_legal,
        throughput_calendar_days,
        throughput_working_days,
        reopen_count,
        is_rerouted,
        originating_contact_moment_id,
        channel_key,
        subject_key,
        department_key,
        conformed_location_key as location_key
    from conformed
)

select * from final
