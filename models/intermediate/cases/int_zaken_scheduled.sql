-- int_zaken_scheduled: one row per zaak (CSV dump or Open Zaak) with its planned and legal
-- due dates (including the verlenging), on-time flags, throughput, channel, subject and
-- department.
with cases as (
    select * from {{ ref('int_cases_unioned') }}
),

case_types as (
    select * from {{ ref('int_case_types_unioned') }}
),

-- A zaak is judged by the zaaktype version it names: an Open Zaak zaak by the version's URL
-- (a later version may have another servicenorm), a CSV zaak by the code.
joined as (
    select
        cases.*,
        case_types.service_norm_days,
        case_types.service_norm_months,
        case_types.legal_term_days,
        case_types.legal_term_months,
        case_types.department as case_type_department,
        case_types.case_type_version_id is not null as is_known_case_type
    from cases
    left join case_types
        on cases.case_type_version_id = case_types.case_type_version_id
),

-- The case's own einddatum_gepland / uiterlijke_einddatum_afdoening win: they are what
-- the case system promised for this case. Only when empty is the zaaktype's term
-- (servicenorm / doorlooptijd) added to startdatum.
base_due_dates as (
    select
        *,
        case
            when planned_end_date is not null then planned_end_date
            when service_norm_days is not null or service_norm_months is not null
                then {{ date_plus_term('start_date', 'service_norm_days', 'service_norm_months') }}
        end as planned_base_date,
        case
            when planned_end_date is not null then 'einddatum_gepland'
            when service_norm_days is not null or service_norm_months is not null
                then 'zaaktype_servicenorm'
        end as planned_due_source,
        case
            when legal_end_date is not null then legal_end_date
            when legal_term_days is not null or legal_term_months is not null
                then {{ date_plus_term('start_date', 'legal_term_days', 'legal_term_months') }}
        end as legal_base_date,
        case
            when legal_end_date is not null then 'uiterlijke_einddatum_afdoening'
            when legal_term_days is not null or legal_term_months is not null
                then 'zaaktype_doorlooptijd'
        end as legal_due_source
    from joined
),

-- The verlenging extends both terms.
extended as (
    select
        *,
        {{ date_plus_term('planned_base_date', 'extension_days', 'extension_months') }}
            as planned_due_date,
        {{ date_plus_term('legal_base_date', 'extension_days', 'extension_months') }}
            as legal_due_date
    from base_due_dates
),

measured as (
    select
        *,
        end_date is not null as is_closed,
        case when end_date is not null then end_date <= planned_due_date end
            as is_closed_on_time_norm,
        case when end_date is not null then end_date <= legal_due_date end
            as is_closed_on_time_legal,
        case
            when end_date is not null then {{ dbt.datediff('start_date', 'end_date', 'day') }}
        end as throughput_calendar_days,
        case
            when end_date is not null then {{ working_days_between('start_date', 'end_date') }}
        end as throughput_working_days
    from extended
),

-- Keys of the case and its dimensions; unknown values map to onbekend.
keyed as (
    select
        *,
        'zaak|' || case_id as case_key,
        case
            when is_known_case_type then case_type_code else 'onbekend'
        end as case_type_key,
        {{ channel_for('zaken_communicatiekanaal', 'intake_channel', 'kcs_kanaal') }}
            as channel_key,
        {{ subject_on('zaaktype', 'case_type_code', 'registered_date') }} as subject_key,
        coalesce(department, case_type_department) as department_name
    from measured
),

final as (
    select
        case_key,
        case_id,
        case_type_key,
        case_type_code,
        registered_date,
        start_date,
        planned_end_date,
        legal_end_date,
        extension_duration,
        extension_days,
        extension_months,
        planned_due_date,
        planned_due_source,
        legal_due_date,
        legal_due_source,
        end_date,
        is_closed,
        status_description,
        result_description,
        is_suspended,
        suspension_reason,
        is_closed_on_time_norm,
        is_closed_on_time_legal,
        contact_moment_id,
        intake_channel,
        channel_key,
        subject_key,
        department_name,
        cast(throughput_calendar_days as integer) as throughput_calendar_days,
        cast(throughput_working_days as integer) as throughput_working_days,
        {{ department_key('keyed.department_name') }} as department_key
    from keyed
)

select * from final
