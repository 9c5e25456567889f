-- When is the phone busiest, and is the service level (servicelevel) met then?
--
-- kpi.mart_telephony_half_hour holds the first-line (KCC) queues per half hour. This
-- query folds every working day (werkdag) of the period into one typical week: per day of
-- the week (maandag ... vrijdag) and half hour of the day, summed over the KCC queues.
--
-- How to read the result: the 20 half hours with the most offered calls, busiest first.
--   working_days        working days of that weekday in the data (the number of half hours summed)
--   offered_per_day     mean offered calls in that half hour per working day
--   queued              calls that entered a KCC queue (denominator of the service level)
--   service_level       answered within the threshold (parameter tel_service_level_answer_within
--                       of the chosen norm profile) / queued, 0-1, summed over the
--                       period (not an average of daily percentages)
--   mean_wait_s         mean wait of the answered calls, seconds
--   abandoned_rate      calls abandoned in the queue / queued
--   norm                the tel_service_level norm in use, as a fraction (kpi.kpi_values, latest day)
--   norm_operator       >= or > (as the norm's source writes it)
--   meets_norm          service_level <norm_operator> norm
-- Busy half hours that miss the norm are where extra staff (or a callback offer) helps
-- most. Weekend days and closing days are left out: the KCC is closed.
with half_hours as (
    select
        queue_id,
        half_hour_start_local,
        call_date,
        offered,
        queued,
        answered,
        answered_within_threshold,
        abandoned,
        wait_s_sum
    from {{ ref('mart_telephony_half_hour') }}
),

dates as (
    select
        date_day,
        day_of_week_iso,
        day_name_nl,
        is_working_day
    from {{ ref('dim_date') }}
),

-- The norm as kpi_values applies it (converted to a fraction, with its operator): the one
-- of the latest day with a tel_service_level value.
current_norm as (
    select
        norm_value,
        norm_operator
    from {{ ref('kpi_values') }}
    where
        kpi_code = 'tel_service_level'
        and channel_key = 'alle'
        and period_grain = 'day'
        and norm_value is not null
    order by period_start desc
    limit 1
),

per_slot as (
    select
        dates.day_of_week_iso,
        dates.day_name_nl,
        {{ format_timestamp('half_hours.half_hour_start_local', '%H:%M') }} as half_hour,
        count(distinct half_hours.call_date) as working_days,
        sum(half_hours.offered) as offered,
        sum(half_hours.queued) as queued,
        sum(half_hours.answered) as answered,
        sum(half_hours.answered_within_threshold) as answered_within_threshold,
        sum(half_hours.abandoned) as abandoned,
        sum(half_hours.wait_s_sum) as wait_s_sum
    from half_hours
    inner join dates
        on half_hours.call_date = dates.date_day
    where dates.is_working_day
    group by
        dates.day_of_week_iso,
        dates.day_name_nl,
        {{ format_timestamp('half_hours.half_hour_start_local', '%H:%M') }}
),

final as (
    select
        per_slot.day_of_week_iso,
        per_slot.day_name_nl,
        per_slot.half_hour,
        per_slot.working_days,
        per_slot.offered,
        per_slot.queued,
        current_norm.norm_value as norm,
        current_norm.norm_operator,
        per_slot.offered / per_slot.working_days as offered_per_day,
        per_slot.answered_within_threshold / nullif(per_slot.queued, 0) as service_level,
        per_slot.wait_s_sum / nullif(per_slot.answered, 0) as mean_wait_s,
        per_slot.abandoned / nullif(per_slot.queued, 0) as abandoned_rate
    from per_slot
    left join current_norm
        on true
)

select
    day_name_nl,
    half_hour,
    working_days,
    offered,
    offered_per_day,
    queued,
    service_level,
    mean_wait_s,
    abandoned_rate,
    norm,
    norm_operator,
    case norm_operator
        when '>=' then service_level >= norm
        when '>' then service_level > norm
    end as meets_norm
from final
order by offered desc, day_of_week_iso asc, half_hour asc
limit 20
