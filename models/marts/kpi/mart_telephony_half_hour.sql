-- mart_telephony_half_hour: inbound calls per first-line queue per local half hour of the
-- call's start (docs/kpi-catalogue.md, Telephony). Calls without a first-line leg (blocked, abandoned in
-- the menu, busy) are counted under queue `onbekend`. Whether a call was answered within
-- the service level is int_calls_judged's, as for the KPI tel_service_level.
with calls as (
    select
        call_id,
        started_at,
        is_offered,
        has_first_line_leg,
        first_line_queue_id,
        first_line_outcome,
        is_first_line_accepted,
        wait_s,
        talk_s,
        is_answered_within_threshold
    from {{ ref('int_calls_judged') }}
),

calls_placed as (
    select
        calls.*,
        {{ to_local_timestamp('calls.started_at') }} as started_local,
        cast({{ to_local_timestamp('calls.started_at') }} as date) as call_date
    from calls
),

calls_bucketed as (
    select
        call_date,
        is_offered,
        has_first_line_leg,
        first_line_outcome,
        is_first_line_accepted,
        wait_s,
        talk_s,
        is_answered_within_threshold,
        coalesce(first_line_queue_id, 'onbekend') as queue_id,
        {{ dbt.dateadd(
            'minute',
            'case when extract(minute from started_local) >= 30 then 30 else 0 end',
            dbt.date_trunc('hour', 'started_local')
        ) }} as half_hour_start_local
    from calls_placed
),

aggregated as (
    select
        queue_id,
        half_hour_start_local,
        call_date,
        count(*) as calls,
        count(case when is_offered then 1 end) as offered,
        count(case when is_offered and has_first_line_leg then 1 end) as queued,
        count(case when is_offered and is_first_line_accepted then 1 end) as answered,
        count(case when is_offered and is_answered_within_threshold then 1 end)
            as answered_within_threshold,
        count(case when is_offered and first_line_outcome = 'Abandoned' then 1 end) as abandoned,
        sum(case when is_offered and is_first_line_accepted then wait_s end) as wait_s_sum,
        sum(case when is_offered and is_first_line_accepted then talk_s end) as talk_s_sum
    from calls_bucketed
    group by queue_id, half_hour_start_local, call_date
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        queue_id,
        half_hour_start_local,
        call_date,
        calls,
        offered,
        queued,
        answered,
        answered_within_threshold,
        abandoned,
        wait_s_sum,
        queue_id || '|' || {{ format_timestamp('half_hour_start_local', '%Y-%m-%dT%H:%M') }} as queue_half_hour_key,
        case when answered > 0 then wait_s_sum * 1.0 / answered end as mean_wait_s,
        case when answered > 0 then talk_s_sum * 1.0 / answered end as mean_talk_s,
        case when queued > 0 then answered_within_threshold * 1.0 / queued end as service_level
    from aggregated
)

select * from final
