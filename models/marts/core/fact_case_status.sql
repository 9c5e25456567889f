-- fact_case_status: one row per status change of a case: every Signalen status of a
-- melding; for a zaak its registration and, once einddatum is set, its closure.
with melding_states as (
    select * from {{ ref('int_melding_state_intervals_derived') }}
),

zaken as (
    select * from {{ ref('int_zaken_scheduled') }}
),

employees as (
    select employee_key from {{ ref('dim_employee') }}
),

melding_status_changes as (
    select
        case_key || '|' || cast(status_id as {{ type_text() }}) as case_status_key,
        case_key,
        'melding' as case_kind,
        status_sequence,
        state as status_code,
        state_display as status_name,
        valid_from_at as status_at,
        valid_from_date as status_date,
        valid_to_at,
        valid_to_date,
        is_final_state,
        is_current,
        employee_key
    from melding_states
),

-- The ZGW dump holds a zaak's current status only: the registration (registratiedatum)
-- and the closure (einddatum) are the only changes with a known date.
zaak_registrations as (
    select
        case_key || '|registratie' as case_status_key,
        case_key,
        'zaak' as case_kind,
        1 as status_sequence,
        'registratie' as status_code,
        'Geregistreerd' as status_name,
        cast(null as {{ type_timestamptz() }}) as status_at,
        registered_date as status_date,
        cast(null as {{ type_timestamptz() }}) as valid_to_at,
        end_date as valid_to_date,
        false as is_final_state,
        not is_closed as is_current,
        cast(null as {{ type_text() }}) as employee_key
    from zaken
),

zaak_closures as (
    select
        case_key || '|einde' as case_status_key,
        case_key,
        'zaak' as case_kind,
        2 as status_sequence,
        'einde' as status_code,
        coalesce(status_description, 'Afgehandeld') as status_name,
        cast(null as {{ type_timestamptz() }}) as status_at,
        end_date as status_date,
        cast(null as {{ type_timestamptz() }}) as valid_to_at,
        cast(null as date) as valid_to_date,
        true as is_final_state,
        true as is_current,
        cast(null as {{ type_text() }}) as employee_key
    from zaken
    where is_closed
),

unioned as (
    select * from melding_status_changes
    union all
    select * from zaak_registrations
    union all
    select * from zaak_closures
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        unioned.case_status_key,
        unioned.case_key,
        unioned.case_kind,
        cast(unioned.status_sequence as integer) as status_sequence,
        unioned.status_code,
        unioned.status_name,
        unioned.status_at,
        unioned.status_date,
        unioned.valid_to_at,
        unioned.valid_to_date,
        unioned.is_final_state,
        unioned.is_current,
        coalesce(employees.employee_key, 'onbekend') as employee_key
    from unioned
    left join employees
        on unioned.employee_key = employees.employee_key
)

select * from final
