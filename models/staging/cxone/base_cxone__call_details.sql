-- Every raw CXone contact, parsed, validated and mapped onto the call-leg contract of
-- stg_telephony__dialogue_legs: one contact is one leg, its call the first contact of its
-- transfer chain.
{% set local_format = '%m/%d/%Y %H:%M:%S' %}

with source as (
    {{ raw_rows('cxone', 'call_detail') }}
),

parsed as (
    select
        *,
        {{ parse_ts_local("start_date || ' ' || start_time", local_format) }} as _started_at,
        {{ parse_date('start_date', '%m/%d/%Y') }} as _start_date,
        {{ try_strptime('start_time', '%H:%M:%S') }} as _start_time,
        {{ parse_int('prequeue') }} as _pre_queue_s,
        {{ parse_int('inqueue') }} as _in_queue_s,
        {{ parse_int('agent_time') }} as _agent_s,
        {{ parse_int('postqueue') }} as _post_queue_s,
        {{ parse_int('acw_time') }} as _acw_s,
        {{ parse_int('total_time') }} as _total_s
    from source
),

-- CXone writes -1 in SLA for a contact that never entered the queue, but also for some
-- transferred contacts and for a queue abandoned before the abandon threshold: a contact
-- that spent time in the queue or with an agent was queued whatever its SLA code.
classified as (
    select
        *,
        (
            sla <> '-1'
            or coalesce(_in_queue_s, 0) > 0
            or coalesce(_agent_s, 0) > 0
        ) as _was_queued
    from parsed
),

-- A transfer shows as a child contact (Master_Contact_ID = the parent's Contact_ID);
-- the parent leg ends TransferredOut towards the child's skill. Parent and child are in
-- the same day's export.
transfer_children as (
    select
        trim(master_contact_id) as parent_contact_id,
        min(nullif(trim(skill_name), '')) as target_skill_name
    from source
    where trim(master_contact_id) <> trim(contact_id)
    group by trim(master_contact_id)
),

-- The contact a transferred contact came from. A transfer of a transferred contact names
-- that contact, not the first one, as its Master_Contact_ID.
contact_parents as (
    select
        trim(contact_id) as child_contact_id,
        min(trim(master_contact_id)) as parent_contact_id
    from source
    where
        trim(master_contact_id) <> trim(contact_id)
        and nullif(trim(contact_id), '') is not null
        and nullif(trim(master_contact_id), '') is not null
    group by trim(contact_id)
),

-- The call of a transferred contact: the first contact of its chain, followed back through
-- up to four transfers (fixed joins rather than a recursive CTE, which not every engine
-- runs).
call_roots as (
    select
        children.child_contact_id as transferred_contact_id,
        coalesce(
            great_grandparents.parent_contact_id,
            grandparents.parent_contact_id,
            parents.parent_contact_id,
            children.parent_contact_id
        ) as call_contact_id
    from contact_parents as children
    left join contact_parents as parents
        on children.parent_contact_id = parents.child_contact_id
    left join contact_parents as grandparents
        on parents.parent_contact_id = grandparents.child_contact_id
    left join contact_parents as great_grandparents
        on grandparents.parent_contact_id = great_grandparents.child_contact_id
),

{% set checks = [
    check_truncated(),
    check_missing('Contact_ID'),
    check_missing('Master_Contact_ID'),
    check_timestamp('Start_Date', '_start_date'),
    check_timestamp('Start_Time', '_start_time'),
    check_number('PreQueue', '_pre_queue_s'),
    check_number('InQueue', '_in_queue_s'),
    check_number('Agent_Time', '_agent_s'),
    check_number('PostQueue', '_post_queue_s'),
    check_number('ACW_Time', '_acw_s'),
    check_number('Total_Time', '_total_s'),
    check_range('Total_Time', '_total_s', 0, 86400),
    check_code('Media_Name', ['Call']),
    check_code('Abandon', ['Y', 'N']),
    check_code('SLA', ['-1', '0', '1']),
] %}

validated as (
    select
        nullif(trim(classified.contact_id), '') as leg_id,
        coalesce(call_roots.call_contact_id, nullif(trim(classified.master_contact_id), ''))
            as call_id,
        'Inbound' as direction,
        classified._started_at as started_at,
        {{ local_date('classified._started_at') }} as started_date,
        case
            when trim(classified.master_contact_id) = trim(classified.contact_id)
                then classified._pre_queue_s
        end as ivr_s,
        case
            when trim(classified.master_contact_id) <> trim(classified.contact_id) then null
            when not classified._was_queued and classified.abandon = 'Y' then 'abandoned'
            else 'completed'
        end as ivr_result,
        case
            when classified._was_queued then nullif(trim(classified.skill_name), '')
        end as queue_id,
        case
            when classified._was_queued
                then
                    {{ add_seconds(
                        'classified._started_at', 'coalesce(classified._pre_queue_s, 0)'
                    ) }}
        end as queue_entered_at,
        case
            when classified._agent_s > 0
                then
                    {{ add_seconds(
                        'classified._started_at',
                        'coalesce(classified._pre_queue_s, 0) + coalesce(classified._in_queue_s, 0)'
                    ) }}
        end as accepted_at,
        {{ add_seconds('classified._started_at', 'classified._total_s') }} as ended_at,
        case when classified._agent_s > 0 then classified._acw_s end as acw_s,
        {{ pseudonymise("'cxone-agent:' || nullif(trim(classified.agent_no), '')", 'staff') }}
            as employee_key,
        {{ pseudonymise(normalise_phone('classified.ani_dialnum'), 'phone') }}
            as customer_phone_key,
        lower(trim(classified.ani_dialnum)) in ('anonymous', 'anoniem') as is_anonymous_caller,
        -- Call Detail has no outcome column: it follows from the agent time, the abandon
        -- flag and a transfer child. A contact neither answered nor abandoned was ended
        -- by the system (CXone's overflow or closing message): Overflow.
        case
            when classified._agent_s > 0 and transfer_children.parent_contact_id is not null
                then 'TransferredOut'
            when classified._agent_s > 0 then 'Accepted'
            when classified.abandon = 'Y' then 'Abandoned'
            else 'Overflow'
        end as outcome,
        case
            when classified._agent_s > 0 then transfer_children.target_skill_name
        end as transfer_target_queue_id,
        {{ select_lineage_and_rejects(checks, relation='classified') }}
    from classified
    left join transfer_children
        on trim(classified.contact_id) = transfer_children.parent_contact_id
    left join call_roots
        on trim(classified.contact_id) = call_roots.transferred_contact_id
)

select * from validated
