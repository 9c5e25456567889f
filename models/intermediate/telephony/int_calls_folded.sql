-- int_calls_folded: one row per inbound call (correlationId), anchored on its first leg's start.
-- Outbound legs are callbacks placed by staff, not customer contacts: they are left out.
{{ config(materialized='table') }}

with legs as (
    select *
    from {{ ref('stg_telephony__dialogue_legs') }}
    where direction = 'Inbound'
),

queues as (
    select * from {{ ref('int_queues_classified') }}
),

-- Legs in call order with their queue's classification.
sequenced_legs as (
    select
        legs.leg_id,
        legs.call_id,
        legs.started_at,
        legs.started_date,
        legs.ivr_s,
        legs.ivr_result,
        legs.queue_id,
        legs.queue_entered_at,
        legs.accepted_at,
        legs.ended_at,
        legs.acw_s,
        legs.employee_key,
        legs.customer_phone_key,
        legs.is_anonymous_caller,
        legs.outcome,
        legs.transfer_target_queue_id,
        queues.department_key as queue_department_key,
        coalesce(queues.is_first_line, false) as is_first_line_queue,
        row_number() over (
            partition by legs.call_id order by legs.started_at, legs.leg_id
        ) as leg_number
    from legs
    left join queues
        on legs.queue_id = queues.queue_id
),

first_legs as (
    select * from sequenced_legs
    where leg_number = 1
),

-- The call's first-line leg: its first leg in a first-line (KCC) queue.
first_line_ranked as (
    select
        *,
        row_number() over (partition by call_id order by leg_number) as first_line_rank
    from sequenced_legs
    where is_first_line_queue
),

first_line_legs as (
    select * from first_line_ranked
    where first_line_rank = 1
),

-- Where the first-line leg was transferred to, and whether that queue is first-line.
transfers as (
    select
        first_line_legs.call_id,
        first_line_legs.leg_number,
        first_line_legs.transfer_target_queue_id,
        coalesce(target_queues.is_first_line, false) as is_target_first_line,
        coalesce(target_queues.department_key, 'onbekend') as target_department_key
    from first_line_legs
    left join queues as target_queues
        on first_line_legs.transfer_target_queue_id = target_queues.queue_id
    where first_line_legs.outcome = 'TransferredOut'
),

-- The next leg of the same call after the first-line leg, in the transfer's target queue.
transfer_next_legs_ranked as (
    select
        transfers.call_id,
        next_legs.accepted_at,
        row_number() over (
            partition by transfers.call_id order by next_legs.leg_number
        ) as next_leg_rank
    from transfers
    inner join sequenced_legs as next_legs
        on
            transfers.call_id = next_legs.call_id
            and transfers.leg_number < next_legs.leg_number
            and transfers.transfer_target_queue_id = next_legs.queue_id
),

transfer_next_legs as (
    select
        call_id,
        accepted_at is not null as is_next_leg_accepted
    from transfer_next_legs_ranked
    where next_leg_rank = 1
),

-- Last leg (final outcome), last accepted leg and last queued leg of each call.
call_totals as (
    select
        call_id,
        count(*) as leg_count,
        count(accepted_at) as accepted_leg_count,
        max(ended_at) as ended_at,
        max(leg_number) as last_leg_number,
        max(case when accepted_at is not null then leg_number end) as last_accepted_leg_number,
        min(case when accepted_at is not null then leg_number end) as first_accepted_leg_number,
        max(case when queue_id is not null then leg_number end) as last_queued_leg_number
    from sequenced_legs
    group by call_id
),

folded as (
    select
        first_legs.call_id,
        first_legs.started_at,
        first_legs.started_date,
        call_totals.ended_at,
        call_totals.leg_count,
        first_legs.leg_id as first_leg_id,
        first_legs.outcome as first_leg_outcome,
        first_legs.ivr_result,
        first_legs.ivr_s,
        first_legs.outcome <> 'ClosedHours' as is_offered,
        last_legs.outcome as final_outcome,
        first_legs.customer_phone_key,
        coalesce(first_legs.is_anonymous_caller, false) as is_anonymous_caller,
        first_line_legs.leg_id is not null as has_first_line_leg,
        first_line_legs.leg_id as first_line_leg_id,
        first_line_legs.queue_id as first_line_queue_id,
        first_line_legs.queue_department_key as first_line_department_key,
        first_line_legs.outcome as first_line_outcome,
        coalesce(first_line_legs.accepted_at is not null, false) as is_first_line_accepted,
        first_line_legs.queue_entered_at as first_line_queue_entered_at,
        first_line_legs.accepted_at as first_line_accepted_at,
        {{ seconds_between('first_line_legs.queue_entered_at', 'first_line_legs.accepted_at') }}
            as wait_s,
        {{ seconds_between('first_line_legs.accepted_at', 'first_line_legs.ended_at') }}
            as talk_s,
        case
            when first_line_legs.accepted_at is not null then first_line_legs.acw_s
        end as acw_s,
        case
            when first_line_legs.accepted_at is not null
                then
                    {{ seconds_between('first_line_legs.accepted_at', 'first_line_legs.ended_at') }}
                    + coalesce(first_line_legs.acw_s, 0)
        end as handle_s,
        case
            when first_line_legs.accepted_at is not null
                then first_line_legs.employee_key
        end as first_line_employee_key,
        transfers.call_id is not null as is_transferred,
        transfers.transfer_target_queue_id,
        coalesce(transfers.is_target_first_line, false) as is_transfer_internal,
        coalesce(not transfers.is_target_first_line, false) as is_transfer_to_department,
        case
            when not transfers.is_target_first_line then transfers.target_department_key
        end as transfer_department_key,
        coalesce(transfer_next_legs.is_next_leg_accepted, false) as is_transfer_reached,
        call_totals.accepted_leg_count > 0 as has_accepted_leg,
        call_totals.accepted_leg_count = 0 and last_legs.outcome = 'Abandoned' as is_abandoned,
        coalesce(
            case
                when first_line_legs.accepted_at is not null then first_line_legs.employee_key
            end,
            first_accepted_legs.employee_key
        ) as employee_key,
        coalesce(
            last_accepted_legs.queue_department_key,
            last_queued_legs.queue_department_key,
            'onbekend'
        ) as department_key
    from first_legs
    inner join call_totals
        on first_legs.call_id = call_totals.call_id
    inner join sequenced_legs as last_legs
        on
            call_totals.call_id = last_legs.call_id
            and call_totals.last_leg_number = last_legs.leg_number
    left join sequenced_legs as last_accepted_legs
        on
            call_totals.call_id = last_accepted_legs.call_id
            and call_totals.last_accepted_leg_number = last_accepted_legs.leg_number
    left join sequenced_legs as first_accepted_legs
        on
            call_totals.call_id = first_accepted_legs.call_id
            and call_totals.first_accepted_leg_number = first_accepted_legs.leg_number
    left join sequenced_legs as last_queued_legs
        on
            call_totals.call_id = last_queued_legs.call_id
            and call_totals.last_queued_leg_number = last_queued_legs.leg_number
    left join first_line_legs
        on first_legs.call_id = first_line_legs.call_id
    left join transfers
        on first_legs.call_id = transfers.call_id
    left join transfer_next_legs
        on first_legs.call_id = transfer_next_legs.call_id
),

final as (
    select
        call_id,
        started_at,
        started_date,
        ended_at,
        leg_count,
        first_leg_id,
        first_leg_outcome,
        ivr_result,
        ivr_s,
        is_offered,
        final_outcome,
        customer_phone_key,
        is_anonymous_caller,
        has_first_line_leg,
        first_line_leg_id,
        first_line_queue_id,
        first_line_department_key,
        first_line_outcome,
        is_first_line_accepted,
        first_line_queue_entered_at,
        first_line_accepted_at,
        wait_s,
        talk_s,
        acw_s,
        handle_s,
        first_line_employee_key,
        is_transferred,
        transfer_target_queue_id,
        is_transfer_internal,
        is_transfer_to_department,
        transfer_department_key,
        is_transfer_reached,
        has_accepted_leg,
        is_abandoned,
        employee_key,
        department_key
    from folded
)

select * from final
