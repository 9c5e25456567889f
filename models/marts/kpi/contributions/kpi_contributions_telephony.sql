-- kpi_contributions_telephony: the telephony KPIs of kpis.md as contributions
-- (docs/kpi-engine.md), one row per KPI and day summed over the calls, anchored on the
-- local date of the call's first leg start. Ratio numerators count only calls that are in
-- the denominator. Whether a call was answered within the service level is int_calls_judged's.
with calls as (
    select
        started_date,
        first_leg_outcome,
        ivr_result,
        is_offered,
        has_first_line_leg,
        first_line_outcome,
        is_first_line_accepted,
        is_answered_within_threshold,
        wait_s,
        talk_s,
        handle_s,
        is_transfer_internal,
        is_transfer_to_department,
        is_transfer_reached
    from {{ ref('int_calls_judged') }}
),

offered_calls as (
    select * from calls
    where is_offered
),

queued_calls as (
    select * from calls
    where has_first_line_leg
),

accepted_calls as (
    select * from calls
    where has_first_line_leg and is_first_line_accepted
),

tel_offered as (
    select
        'tel_offered' as kpi_code,
        started_date as anchor_date,
        1.0 as numerator,
        cast(null as {{ type_double() }}) as denominator
    from offered_calls
),

tel_blocked_outside as (
    select
        'tel_blocked_outside' as kpi_code,
        started_date as anchor_date,
        case when first_leg_outcome = 'Busy' then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from offered_calls
),

tel_ivr_blocked as (
    select
        'tel_ivr_blocked' as kpi_code,
        started_date as anchor_date,
        case when ivr_result = 'blocked' then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from offered_calls
),

tel_ivr_abandoned as (
    select
        'tel_ivr_abandoned' as kpi_code,
        started_date as anchor_date,
        case when ivr_result = 'abandoned' then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from offered_calls
),

tel_queued as (
    select
        'tel_queued' as kpi_code,
        started_date as anchor_date,
        1.0 as numerator,
        cast(null as {{ type_double() }}) as denominator
    from queued_calls
),

tel_queue_abandoned as (
    select
        'tel_queue_abandoned' as kpi_code,
        started_date as anchor_date,
        case
            when has_first_line_leg and first_line_outcome = 'Abandoned' then 1.0 else 0.0
        end as numerator,
        1.0 as denominator
    from offered_calls
),

tel_service_level as (
    select
        'tel_service_level' as kpi_code,
        started_date as anchor_date,
        case
            when is_answered_within_threshold then 1.0 else 0.0
        end as numerator,
        1.0 as denominator
    from queued_calls
),

tel_asa as (
    select
        'tel_asa' as kpi_code,
        started_date as anchor_date,
        wait_s as numerator,
        1.0 as denominator
    from accepted_calls
    where wait_s is not null
),

tel_talk_time as (
    select
        'tel_talk_time' as kpi_code,
        started_date as anchor_date,
        talk_s as numerator,
        1.0 as denominator
    from accepted_calls
    where talk_s is not null
),

tel_handle_time as (
    select
        'tel_handle_time' as kpi_code,
        started_date as anchor_date,
        handle_s as numerator,
        1.0 as denominator
    from accepted_calls
    where handle_s is not null
),

tel_handled as (
    select
        'tel_handled' as kpi_code,
        started_date as anchor_date,
        1.0 as numerator,
        cast(null as {{ type_double() }}) as denominator
    from accepted_calls
),

tel_transfer_reached as (
    select
        'tel_transfer_reached' as kpi_code,
        started_date as anchor_date,
        case when is_transfer_reached then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from calls
    where is_transfer_to_department
),

tel_wrong_menu_choice as (
    select
        'tel_wrong_menu_choice' as kpi_code,
        started_date as anchor_date,
        case when is_transfer_internal then 1.0 else 0.0 end as numerator,
        1.0 as denominator
    from offered_calls
),

unioned as (
    select * from tel_offered
    union all
    select * from tel_blocked_outside
    union all
    select * from tel_ivr_blocked
    union all
    select * from tel_ivr_abandoned
    union all
    select * from tel_queued
    union all
    select * from tel_queue_abandoned
    union all
    select * from tel_service_level
    union all
    select * from tel_asa
    union all
    select * from tel_talk_time
    union all
    select * from tel_handle_time
    union all
    select * from tel_handled
    union all
    select * from tel_transfer_reached
    union all
    select * from tel_wrong_menu_choice
),

final as (
    {{ kpi_contributions_summed('unioned', channel_key='telefoon', has_period_grain=false) }}
)

select * from final
