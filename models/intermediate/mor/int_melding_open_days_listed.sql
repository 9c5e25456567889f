-- int_melding_open_days_listed: one row per melding per local day at whose end the melding
-- was open (its state then was not final), up to the as-of date, with its due date and
-- whether it was overdue that day. The backlog KPIs read the rows of a period's last day.
with state_intervals as (
    select * from {{ ref('int_melding_state_intervals_derived') }}
),

lifecycles as (
    select * from {{ ref('int_melding_lifecycles_derived') }}
),

days as (
    select date_day from {{ ref('int_calendar_days_spined') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

-- The state at the end of local day d is the interval with
-- valid_from_date <= d < valid_to_date (valid_to_date null = still current): the last
-- status set on or before d. Only intervals of a non-final state make open days, up to
-- the as-of date. One closed date range per interval, so the join to the days is a
-- plain range join (no OR, which would force a nested loop over every interval and day).
open_intervals as (
    select
        state_intervals.case_key,
        state_intervals.signal_id,
        state_intervals.state,
        state_intervals.valid_from_date as first_open_date,
        case
            when
                state_intervals.valid_to_date is null
                or state_intervals.valid_to_date > as_of.as_of_date
                then as_of.as_of_date
            else cast({{ dbt.dateadd('day', -1, 'state_intervals.valid_to_date') }} as date)
        end as last_open_date
    from state_intervals
    cross join as_of
    where not state_intervals.is_final_state
),

open_days as (
    select
        open_intervals.case_key,
        open_intervals.signal_id,
        days.date_day,
        open_intervals.state,
        open_intervals.case_key || '|' || cast(days.date_day as {{ type_text() }}) as melding_open_day_key
    from open_intervals
    inner join days
        on
            open_intervals.first_open_date <= days.date_day
            and open_intervals.last_open_date >= days.date_day
),

final as (
    select
        open_days.melding_open_day_key,
        open_days.case_key,
        open_days.signal_id,
        open_days.date_day,
        open_days.state,
        lifecycles.due_date,
        coalesce(lifecycles.due_date < open_days.date_day, false) as is_overdue
    from open_days
    inner join lifecycles
        on open_days.case_key = lifecycles.case_key
)

select * from final
