-- Every raw call leg, parsed and validated; rejected rows keep their reason.
with source as (
    {{ raw_rows('telephony', 'dialogues') }}
),

parsed as (
    select
        *,
        {{ parse_ts_utc('starttimestamp') }} as _started_at,
        {{ parse_ts_utc('queueentertimestamp') }} as _queue_entered_at,
        {{ parse_ts_utc('accepttimestamp') }} as _accepted_at,
        {{ parse_ts_utc('endtimestamp') }} as _ended_at,
        {{ parse_int('ivrdurationinsec') }} as _ivr_s,
        {{ parse_int('acwdurationinsec') }} as _acw_s
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('id'),
    check_missing('correlationId'),
    check_timestamp('startTimestamp', '_started_at'),
    check_timestamp('endTimestamp', '_ended_at'),
    check_timestamp('queueEnterTimestamp', '_queue_entered_at', required=false),
    check_timestamp('acceptTimestamp', '_accepted_at', required=false),
    check_number('ivrDurationInSec', '_ivr_s'),
    check_number('acwDurationInSec', '_acw_s'),
    check_code('direction', ['Inbound', 'Outbound']),
    check_code('outcome', [
        'Accepted', 'Abandoned', 'Busy', 'ClosedHours', 'Overflow', 'Voicemail', 'TransferredOut'
    ]),
    check_code('ivrResult', ['completed', 'abandoned', 'blocked'], required=false),
    check_order('_started_at', '_ended_at', 'endTimestamp'),
] %}

validated as (
    select
        nullif(trim(id), '') as leg_id,
        nullif(trim(correlationid), '') as call_id,
        direction,
        _started_at as started_at,
        {{ local_date('_started_at') }} as started_date,
        _ivr_s as ivr_s,
        nullif(ivrresult, '') as ivr_result,
        nullif(trim(queueid), '') as queue_id,
        _queue_entered_at as queue_entered_at,
        _accepted_at as accepted_at,
        _ended_at as ended_at,
        _acw_s as acw_s,
        {{ pseudonymise(normalise_email('agentid'), 'staff') }} as employee_key,
        {{ pseudonymise(normalise_phone('customerid'), 'phone') }} as customer_phone_key,
        lower(trim(customerid)) in ('anonymous', 'anoniem') as is_anonymous_caller,
        outcome,
        nullif(trim(transfertargetqueueid), '') as transfer_target_queue_id,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
