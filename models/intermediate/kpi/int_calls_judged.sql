-- int_calls_judged: every inbound call with the service-level answer threshold valid on
-- the local date of its start (kpi parameter tel_service_level_answer_within, read with
-- its unit) and whether its first-line leg was answered within it. The one place this
-- rule lives: kpi_contributions_telephony (tel_service_level) and
-- mart_telephony_half_hour (answered_within_threshold) both read it. Also whether the
-- caller was passed on more than once (tel_multi_transfer).
-- A daily run re-derives only the calls int_calls_folded re-derived, or all of them when a
-- KPI parameter changed (macros/incremental/rederive.sql).
{{ rederived_by_key_config('call_id', [{'model': 'int_calls_folded'}]) }}

with folded_calls as (
    select * from {{ ref('int_calls_folded') }}
),

parameters as (
    select * from {{ ref('int_kpi_parameters_selected') }}
),

-- Each call's fingerprint: its folded call's, and the KPI parameters.
fingerprints as (
    select
        call_id,
        {{ inputs_fingerprint('_inputs_fingerprint', ['parameters'], aggregate=false) }}
            as _inputs_fingerprint
    from folded_calls
),

rederived as (
    {{ rederived_keys('fingerprints', 'call_id') }}
),

calls as (
    select
        folded_calls.call_id,
        folded_calls.started_at,
        folded_calls.started_date,
        folded_calls.first_leg_outcome,
        folded_calls.ivr_result,
        folded_calls.is_offered,
        folded_calls.has_first_line_leg,
        folded_calls.first_line_queue_id,
        folded_calls.first_line_outcome,
        folded_calls.is_first_line_accepted,
        folded_calls.wait_s,
        folded_calls.talk_s,
        folded_calls.handle_s,
        folded_calls.is_transfer_internal,
        folded_calls.is_transfer_to_department,
        folded_calls.is_transfer_reached,
        folded_calls.transferred_out_leg_count,
        rederived._inputs_fingerprint,
        rederived._derived_at
    from folded_calls
    inner join rederived
        on folded_calls.call_id = rederived.call_id
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
