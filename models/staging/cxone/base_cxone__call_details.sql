-- Every raw CXone contact, parsed, validated and mapped onto the call-leg contract of
-- stg_telephony__dialogue_legs: one contact is one leg, its call is the master contact.
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
        nullif(trim(parsed.contact_id), '') as leg_id,
        nullif(trim(parsed.master_contact_id), '') as call_id,
        'Inbound' as direction,
        parsed._started_at as started_at,
        {{ local_date('parsed._started_at') }} as started_date,
        case when trim(parsed.master_contact_id) = trim(parsed.contact_id) then parsed._pre_queue_s end
            as ivr_s,
        case
            when trim(parsed.master_contact_id) <> trim(parsed.contact_id) then null
            when parsed.sla = '-1' and parsed.abandon = 'Y' then 'abandoned'
            else 'completed'
        end as ivr_result,
        case when parsed.sla <> '-1' then nullif(trim(parsed.skill_name), '') end as queue_id,
        case
            when parsed.sla <> '-1'
                then {{ add_seconds('parsed._started_at', 'coalesce(parsed._pre_queue_s, 0)') }}
        end as queue_entered_at,
        case
            when parsed._agent_s > 0
                then
                    {{ add_seconds(
                        'parsed._started_at',
                        'coalesce(parsed._pre_queue_s, 0) + coalesce(parsed._in_queue_s, 0)'
                    ) }}
        end as accepted_at,
        {{ add_seconds('parsed._started_at', 'parsed._total_s') }} as ended_at,
        case when parsed._agent_s > 0 then parsed._acw_s end as acw_s,
        {{ pseudonymise("'cxone-agent:' || nullif(trim(parsed.agent_no), '')", 'staff') }}
            as employee_key,
        {{ pseudonymise(normalise_phone('parsed.ani_dialnum'), 'phone') }} as customer_phone_key,
        lower(trim(parsed.ani_dialnum)) in ('anonymous', 'anoniem') as is_anonymous_caller,
        -- Call Detail has no outcome column: it follows from the agent time, the abandon
        -- flag and a transfer child. A contact neither answered nor abandoned was ended
        -- by the system (CXone's overflow or closing message): Overflow.
        case
            when parsed._agent_s > 0 and transfer_children.parent_contact_id is not null
                then 'TransferredOut'
            when parsed._agent_s > 0 then 'Accepted'
            when parsed.abandon = 'Y' then 'Abandoned'
            else 'Overflow'
        end as outcome,
        case
            when parsed._agent_s > 0 then transfer_children.target_skill_name
        end as transfer_target_queue_id,
        {{ select_lineage_and_rejects(checks, relation='parsed') }}
    from parsed
    left join transfer_children
        on trim(parsed.contact_id) = transfer_children.parent_contact_id
)

select * from validated
