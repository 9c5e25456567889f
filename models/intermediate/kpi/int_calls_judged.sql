-- int_calls_judged: every inbound call with the service-level answer threshold valid on
-- the local date of its start (kpi parameter tel_service_level_answer_within, read with
-- its unit) and whether its first-line leg was answered within it. The one place this
-- rule lives: kpi_contributions_telephony (tel_service_level) and
-- mart_telephony_half_hour (answered_within_threshold) both read it. Also whether the
-- caller was passed on more than once (tel_multi_transfer).
with calls as (
    select
        call_id,
        started_at,
        started_date,
        first_leg_outcome,
        ivr_result,
        is_offered,
        has_first_line_leg,
        first_line_queue_id,
        first_line_outcome,
        is_first_line_accepted,
        wait_s,
        talk_s,
        handle_s,
        is_transfer_internal,
        is_transfer_to_department,
        is_transfer_reached,
        transferred_out_leg_count
    from {{ ref('int_calls_folded') }}
),

thresholds as (
    select
        calls.*,
        {{ kpi_parameter_in_seconds('tel_service_level_answer_within', 'calls.started_date') }}
            as answer_within_s
    from calls
),

final as (
    select
        *,
        coalesce(is_first_line_accepted and wait_s <= answer_within_s, false)
            as is_answered_within_threshold,
        -- KCC-inrichting's ambition is to pass a customer on at most once: a call with two
        -- or more TransferredOut legs was passed on more than that.
        coalesce(transferred_out_leg_count > 1, false) as is_transferred_more_than_once
    from thresholds
)

select * from final
