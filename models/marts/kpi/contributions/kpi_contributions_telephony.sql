-- kpi_contributions_telephony: the telephony KPIs of docs/kpi-catalogue.md as contributions
-- (docs/kpi-engine.md), one row per KPI and day summed over the calls, anchored on the
-- local date of the call's first leg start. Ratio numerators count only calls that are in
-- the denominator. Whether a call was answered within the service level, and whether it was
-- transferred more than once, is int_calls_judged's.
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
        is_transfer_reached,
        is_transferred_more_than_once,
        'telefoon' as channel_key
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
    {{ kpi_count('tel_offered', 'offered_calls', 'started_date') }}
),

tel_blocked_outside as (
    {{ kpi_share(
        'tel_blocked_outside', 'offered_calls', 'started_date', "first_leg_outcome = 'Busy'"
    ) }}
),

tel_ivr_blocked as (
    {{ kpi_share('tel_ivr_blocked', 'offered_calls', 'started_date', "ivr_result = 'blocked'") }}
),

tel_ivr_abandoned as (
    {{ kpi_share(
        'tel_ivr_abandoned', 'offered_calls', 'started_date', "ivr_result = 'abandoned'"
    ) }}
),

tel_queued as (
    {{ kpi_count('tel_queued', 'queued_calls', 'started_date') }}
),

tel_queue_abandoned as (
    {{ kpi_share(
        'tel_queue_abandoned', 'offered_calls', 'started_date',
        "has_first_line_leg and first_line_outcome = 'Abandoned'"
    ) }}
),

tel_service_level as (
    {{ kpi_share(
        'tel_service_level', 'queued_calls', 'started_date', 'is_answered_within_threshold'
    ) }}
),

tel_asa as (
    {{ kpi_mean(
        'tel_asa', 'accepted_calls', 'started_date', 'wait_s', where='wait_s is not null'
    ) }}
),

tel_talk_time as (
    {{ kpi_mean(
        'tel_talk_time', 'accepted_calls', 'started_date', 'talk_s', where='talk_s is not null'
    ) }}
),

tel_handle_time as (
    {{ kpi_mean(
        'tel_handle_time', 'accepted_calls', 'started_date', 'handle_s',
        where='handle_s is not null'
    ) }}
),

tel_handled as (
    {{ kpi_count('tel_handled', 'accepted_calls', 'started_date') }}
),

tel_transfer_reached as (
    {{ kpi_share(
        'tel_transfer_reached', 'calls', 'started_date', 'is_transfer_reached',
        where='is_transfer_to_department'
    ) }}
),

tel_wrong_menu_choice as (
    {{ kpi_share(
        'tel_wrong_menu_choice', 'offered_calls', 'started_date', 'is_transfer_internal'
    ) }}
),

-- Handled calls (tel_handled's) passed on more than once / tel_handled.
tel_multi_transfer as (
    {{ kpi_share(
        'tel_multi_transfer', 'accepted_calls', 'started_date', 'is_transferred_more_than_once'
    ) }}
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
    union all
    select * from tel_multi_transfer
),

final as (
    {{ kpi_contributions_summed('unioned') }}
)

select * from final
