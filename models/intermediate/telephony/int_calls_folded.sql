-- int_calls_folded: one row per inbound call (correlationId), anchored on its first leg's start,
-- from the legs of every telephony vendor (int_call_legs_unioned).
-- Outbound legs are callbacks placed by staff, not customer contacts: they are left out.
-- A daily run re-derives only the calls whose legs or queue classification changed
-- (macros/incremental/rederive.sql).
{{ rederived_by_key_config('call_id', [
    {'model': 'int_call_legs_unioned', 'where': "inputs.direction = 'Inbound'"}
]) }}

with inbound_legs as (
    select *
    from {{ ref('int_call_legs_unioned') }}
    where direction = 'Inbound'
),

queues as (
    select * from {{ ref('int_queues_classified') }}
),

-- Each call's fingerprint: its legs and the queue classification every call reads.
fingerprints as (
    select
        call_id,
        {{ inputs_fingerprint(row_hash('inbound_legs'), ['queues']) }} as _inputs_fingerprint
    from inbound_legs
    group by call_id
),

rederived as (
    {{ rederived_keys('fingerprints', 'call_id') }}
),

legs as (
    {{ rederived_rows('inbound_legs', 'call_id') }}
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
        legs.source_system,
        queues.department_key as queue_department_key,
        coalesce(queues.is_first_line, false) as is_first_line_queue,
        row_number() over (
            partition by legs.call_id order by legs.started_at, legs.leg_id
        ) as leg_number
    from legs
    left join queues
        on legs.queue_id = queues.queue_id
),

-- Per call: its totals, and the leg numbers of the legs whose columns the call takes.
call_totals as (
    select
        call_id,
        count(*) as leg_count,
        count(accepted_at) as accepted_leg_count,
        -- Every leg that ended TransferredOut, wherever in the call: a call passed on twice
        -- has two (tel_multi_transfer).
        sum(case when outcome = 'TransferredOut' then 1 else 0 end)
            as transferred_out_leg_count,
        max(ended_at) as ended_at,
        max(leg_number) as last_leg_number,
        max(case when accepted_at is not null then leg_number end) as last_accepted_leg_number,
        min(case when accepted_at is not null then leg_number end) as first_accepted_leg_number,
        max(case when queue_id is not null then leg_number end) as last_queued_leg_number,
        -- The call's first-line leg: its first leg in a first-line (KCC) queue.
        min(case when is_first_line_queue then leg_number end) as first_line_leg_number
    from sequenced_legs
    group by call_id
),

legs_in_call as (
    select
        sequenced_legs.*,
        call_totals.leg_count,
        call_totals.accepted_leg_count,
        call_totals.transferred_out_leg_count,
        call_totals.ended_at as call_ended_at,
        call_totals.last_leg_number,
        call_totals.last_accepted_leg_number,
        call_totals.first_accepted_leg_number,
        call_totals.last_queued_leg_number,
        call_totals.first_line_leg_number
    from sequenced_legs
    inner join call_totals
        on sequenced_legs.call_id = call_totals.call_id
),

-- One aggregation picks the columns of the first, last, last accepted, first accepted,
-- last queued and first-line leg: a self-join per role held a hash table over every leg
-- for each of them at once, beyond the memory limit for a G4 city's three years.
-- Each `case` matches exactly one leg of the call (or none), so max() returns its value.
call_roles as (
    select
        call_id,
        max(leg_count) as leg_count,
        max(accepted_leg_count) as accepted_leg_count,
        max(transferred_out_leg_count) as transferred_out_leg_count,
        max(call_ended_at) as ended_at,
        max(first_line_leg_number) as first_line_leg_number,
        max(case when leg_number = 1 then leg_id end) as first_leg_id,
        max(case when leg_number = 1 then source_system end) as source_system,
        max(case when leg_number = 1 then started_at end) as started_at,
        max(case when leg_number = 1 then started_date end) as started_date,
        max(case when leg_number = 1 then outcome end) as first_leg_outcome,
        max(case when leg_number = 1 then ivr_result end) as ivr_result,
        max(case when leg_number = 1 then ivr_s end) as ivr_s,
        max(case when leg_number = 1 then customer_phone_key end) as customer_phone_key,
        bool_or(case when leg_number = 1 then is_anonymous_caller end) as is_anonymous_caller,
        max(case when leg_number = last_leg_number then outcome end) as final_outcome,
        max(
            case when leg_number = last_accepted_leg_number then queue_department_key end
        ) as last_accepted_department_key,
        max(
            case when leg_number = first_accepted_leg_number then employee_key end
        ) as first_accepted_employee_key,
        max(
            case when leg_number = last_queued_leg_number then queue_department_key end
        ) as last_queued_department_key,
        max(case when leg_number = first_line_leg_number then leg_id end) as first_line_leg_id,
        max(case when leg_number = first_line_leg_number then queue_id end)
            as first_line_queue_id,
        max(case when leg_number = first_line_leg_number then queue_department_key end)
            as first_line_department_key,
        max(case when leg_number = first_line_leg_number then outcome end)
            as first_line_outcome,
        max(case when leg_number = first_line_leg_number then queue_entered_at end)
            as first_line_queue_entered_at,
        max(case when leg_number = first_line_leg_number then accepted_at end)
            as first_line_accepted_at,
        max(case when leg_number = first_line_leg_number then ended_at end)
            as first_line_ended_at,
        max(case when leg_number = first_line_leg_number then acw_s end) as first_line_acw_s,
        max(case when leg_number = first_line_leg_number then employee_key end)
            as first_line_leg_employee_key,
        max(case when leg_number = first_line_leg_number then transfer_target_queue_id end)
            as first_line_transfer_target_queue_id
    from legs_in_call
    group by call_id
),

-- Where the first-line leg was transferred to, and whether that queue is first-line.
transfers as (
    select
        call_roles.call_id,
        call_roles.first_line_leg_number,
        call_roles.first_line_transfer_target_queue_id as transfer_target_queue_id,
        coalesce(target_queues.is_first_line, false) as is_target_first_line,
        coalesce(target_queues.department_key, 'onbekend') as target_department_key
    from call_roles
    left join queues as target_queues
        on call_roles.first_line_transfer_target_queue_id = target_queues.queue_id
    where call_roles.first_line_outcome = 'TransferredOut'
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
            and transfers.first_line_leg_number < next_legs.leg_number
            and transfers.transfer_target_queue_id = next_legs.queue_id
),

transfer_next_legs as (
    select
        call_id,
        accepted_at is not null as is_next_leg_accepted
    from transfer_next_legs_ranked
    where next_leg_rank = 1
),

folded as (
    select
        call_roles.call_id,
        call_roles.source_system,
        call_roles.started_at,
        call_roles.started_date,
        call_roles.ended_at,
        call_roles.leg_count,
        call_roles.transferred_out_leg_count,
        call_roles.first_leg_id,
        call_roles.first_leg_outcome,
        call_roles.ivr_result,
        call_roles.ivr_s,
        call_roles.first_leg_outcome <> 'ClosedHours' as is_offered,
        call_roles.final_outcome,
        call_roles.customer_phone_key,
        coalesce(call_roles.is_anonymous_caller, false) as is_anonymous_caller,
        call_roles.first_line_leg_id is not null as has_first_line_leg,
        call_roles.first_line_leg_id,
        call_roles.first_line_queue_id,
        call_roles.first_line_department_key,
        call_roles.first_line_outcome,
        coalesce(call_roles.first_line_accepted_at is not null, false) as is_first_line_accepted,
        call_roles.first_line_queue_entered_at,
        call_roles.first_line_accepted_at,
        {{ seconds_between('call_roles.first_line_queue_entered_at', 'call_roles.first_line_accepted_at') }}
            as wait_s,
        {{ seconds_between('call_roles.first_line_accepted_at', 'call_roles.first_line_ended_at') }}
            as talk_s,
        case
            when call_roles.first_line_accepted_at is not null then call_roles.first_line_acw_s
        end as acw_s,
        case
            when call_roles.first_line_accepted_at is not null
                then
                    {{ seconds_between('call_roles.first_line_accepted_at', 'call_roles.first_line_ended_at') }}
                    + coalesce(call_roles.first_line_acw_s, 0)
        end as handle_s,
        case
            when call_roles.first_line_accepted_at is not null
                then call_roles.first_line_leg_employee_key
        end as first_line_employee_key,
        transfers.call_id is not null as is_transferred,
        transfers.transfer_target_queue_id,
        coalesce(transfers.is_target_first_line, false) as is_transfer_internal,
        coalesce(not transfers.is_target_first_line, false) as is_transfer_to_department,
        case
            when not transfers.is_target_first_line then transfers.target_department_key
        end as transfer_department_key,
        coalesce(transfer_next_legs.is_next_leg_accepted, false) as is_transfer_reached,
        call_roles.accepted_leg_count > 0 as has_accepted_leg,
        call_roles.accepted_leg_count = 0 and call_roles.final_outcome = 'Abandoned'
            as is_abandoned,
        coalesce(
            case
                when call_roles.first_line_accepted_at is not null
                    then call_roles.first_line_leg_employee_key
            end,
            call_roles.first_accepted_employee_key
        ) as employee_key,
        coalesce(
            call_roles.last_accepted_department_key,
            call_roles.last_queued_department_key,
            'onbekend'
        ) as department_key
    from call_roles
    left join transfers
        on call_roles.call_id = transfers.call_id
    left join transfer_next_legs
        on call_roles.call_id = transfer_next_legs.call_id
),

final as (
    select
        call_id,
        source_system,
        started_at,
        started_date,
        ended_at,
        leg_count,
        transferred_out_leg_count,
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
),

fingerprinted as (
    select
        final.*,
        rederived._inputs_fingerprint,
        rederived._derived_at
    from final
    inner join rederived
        on final.call_id = rederived.call_id
)

select * from fingerprinted
