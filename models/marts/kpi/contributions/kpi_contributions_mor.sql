-- kpi_contributions_mor: KPI contributions (docs/kpi-engine.md) of the meldingen
-- openbare ruimte family (kpis.md, MOR): one row per melding (or feedback) and KPI
-- (additive), plus mor_open_overdue rows per grain for every melding open at a period's
-- end. A melding is a Signalen signal without parent (int_melding_lifecycles_derived);
-- its channel is the channel of its Signalen source.
with meldingen as (
    select
        case_key,
        signal_id,
        display_id,
        signal_source,
        created_at,
        created_date,
        is_closed,
        closed_date,
        main_category,
        sub_category,
        is_rerouted,
        due_date,
        is_closed_on_time,
        reopen_count,
        throughput_working_days,
        channel_key
    from {{ ref('int_melding_lifecycles_derived') }}
),

state_intervals as (
    select
        case_key,
        state,
        valid_from_at,
        valid_to_at,
        valid_from_date,
        is_final_state
    from {{ ref('int_melding_state_intervals_derived') }}
),

open_days as (
    select
        case_key,
        date_day,
        due_date
    from {{ ref('int_melding_open_days_listed') }}
),

-- Coordinates are not carried by any intermediate model yet, so they are read from
-- staging here (reported to the lead: int_melding_lifecycles_derived should carry them).
locations as (
    select
        location_id,
        signal_id,
        latitude,
        longitude,
        created_at
    from {{ ref('stg_mor__locations') }}
),

survey_responses as (
    select
        survey_source,
        submitted_date,
        channel_key,
        is_satisfied
    from {{ ref('fact_survey_response') }}
),

contacts as (
    select
        contact_moment_id,
        case_key
    from {{ ref('fact_contact') }}
),

calendar as (
    select
        date_day,
        week_start,
        month_start,
        quarter_start,
        year_start
    from {{ ref('dim_date') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

mor_received as (
    select
        'mor_received' as kpi_code,
        created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(1 as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from meldingen
),

mor_phone_share as (
    select
        'mor_phone_share' as kpi_code,
        created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when signal_source = 'Telefoon' then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
),

mor_digital_share as (
    select
        'mor_digital_share' as kpi_code,
        created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when signal_source in ('online', 'app') then 1 else 0 end as {{ type_double() }})
            as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
),

-- Closed in the period (local date of the latest o status, current state o); a melding
-- without sla row has no due date and counts as not on time.
mor_on_time as (
    select
        'mor_on_time' as kpi_code,
        closed_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_closed_on_time then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    where is_closed
),

mor_throughput as (
    select
        'mor_throughput' as kpi_code,
        closed_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(throughput_working_days as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    where is_closed
),

mor_reopened as (
    select
        'mor_reopened' as kpi_code,
        closed_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when reopen_count > 0 then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    where is_closed
),

-- Signalen feedback (not KTO), anchored on its local submission date; a feedback without
-- is_satisfied counts as not satisfied.
mor_satisfied as (
    select
        'mor_satisfied' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_satisfied then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from survey_responses
    where survey_source = 'signalen'
),

-- Periods of every grain up to the as-of date; a period is judged at the end of its last
-- local day, capped at the as-of date.
periods as (
    {{ kpi_periods('calendar') }}
),

period_ends as (
    select
        periods.period_grain,
        periods.period_start,
        case
            when periods.period_end < as_of.as_of_date then periods.period_end
            else as_of.as_of_date
        end as evaluated_date
    from periods
    cross join as_of
    where periods.period_start <= as_of.as_of_date
),

-- Open at the end of the evaluated day (int_melding_open_days_listed: its state then was
-- not final); overdue when its due date is before that day. No due date: not overdue.
mor_open_overdue as (
    select
        'mor_open_overdue' as kpi_code,
        period_ends.period_start as anchor_date,
        period_ends.period_grain,
        meldingen.channel_key,
        cast(
            case when open_days.due_date < period_ends.evaluated_date then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from open_days
    inner join period_ends
        on open_days.date_day = period_ends.evaluated_date
    inner join meldingen
        on open_days.case_key = meldingen.case_key
),

-- The melding's position: its latest location row that has coordinates.
ranked_locations as (
    select
        signal_id,
        latitude,
        longitude,
        row_number() over (
            partition by signal_id order by created_at desc, location_id desc
        ) as location_recency
    from locations
    where latitude is not null and longitude is not null
),

located_meldingen as (
    select
        meldingen.case_key,
        meldingen.created_at,
        meldingen.created_date,
        meldingen.main_category,
        meldingen.sub_category,
        ranked_locations.latitude,
        ranked_locations.longitude,
        cast({{ kpi_parameter('mor_duplicate_radius', 'meldingen.created_date') }} as {{ type_double() }})
            as duplicate_radius_m,
        cast(
            {{ kpi_parameter('mor_repeat_location_radius', 'meldingen.created_date') }}
            as {{ type_double() }}
        ) as repeat_radius_m,
        cast(
            {{ kpi_parameter('mor_repeat_location_window', 'meldingen.created_date') }}
            as integer
        ) as repeat_window_days
    from meldingen
    inner join ranked_locations
        on
            meldingen.signal_id = ranked_locations.signal_id
            and ranked_locations.location_recency = 1
    where meldingen.sub_category is not null
),

-- Candidate pairs are found on a grid, not by comparing every two meldingen of a sub
-- category (quadratic: billions of pairs for a G4 city over three years). A cell is at
-- least the largest radius in either direction, so two meldingen within any radius lie
-- in the same or adjacent cells: haversine d <= r implies |dlat| <= r/R, and
-- |dlng| <= 2 asin(sin(r/2R) / cos(lat)) at the largest |lat|. The 1 % margin keeps
-- float rounding at a cell edge from losing a pair; the exact distance decides below.
search_grid as (
    select
        1.01 * degrees(max_radius_m / {{ mean_earth_radius_m() }}) as cell_lat_deg,
        1.01 * degrees(2 * asin(least(
            1.0,
            sin(max_radius_m / (2 * {{ mean_earth_radius_m() }}))
            / greatest(cos(radians(max_abs_latitude)), 1e-9)
        ))) as cell_lng_deg
    from (
        select
            greatest(
                coalesce(max(duplicate_radius_m), 0), coalesce(max(repeat_radius_m), 0), 1
            ) as max_radius_m,
            coalesce(max(abs(latitude)), 0) as max_abs_latitude
        from located_meldingen
    ) as extent
),

gridded_meldingen as (
    select
        located_meldingen.*,
        cast(floor(located_meldingen.latitude / search_grid.cell_lat_deg) as bigint)
            as cell_row,
        cast(floor(located_meldingen.longitude / search_grid.cell_lng_deg) as bigint)
            as cell_column
    from located_meldingen
    cross join search_grid
),

neighbour_steps as (
    select -1 as step
    union all
    select 0 as step
    union all
    select 1 as step
),

-- Each melding with the nine cells (its own and the adjacent ones) to search.
searched_cells as (
    select
        gridded_meldingen.*,
        gridded_meldingen.cell_row + row_steps.step as searched_row,
        gridded_meldingen.cell_column + column_steps.step as searched_column
    from gridded_meldingen
    cross join neighbour_steps as row_steps
    cross join neighbour_steps as column_steps
),

-- Pairs of meldingen of the same (main and) sub category in the same or adjacent grid
-- cells, the other one created earlier, with the distance between them.
nearby_pairs as (
    select
        later.case_key,
        later.created_at,
        later.created_date,
        later.duplicate_radius_m,
        later.repeat_radius_m,
        later.repeat_window_days,
        earlier.case_key as earlier_case_key,
        {{ haversine_distance_m(
            'earlier.latitude', 'earlier.longitude', 'later.latitude', 'later.longitude'
        ) }} as distance_m
    from searched_cells as later
    inner join gridded_meldingen as earlier
        on
            later.main_category = earlier.main_category
            and later.sub_category = earlier.sub_category
            and later.searched_row = earlier.cell_row
            and later.searched_column = earlier.cell_column
            and later.created_at > earlier.created_at
            and later.case_key <> earlier.case_key
),

-- Duplicate: the earlier melding was still open when this one was created, i.e. its
-- state at that instant was not final (before its first status it is open too).
duplicate_meldingen as (
    select distinct nearby_pairs.case_key
    from nearby_pairs
    where
        nearby_pairs.distance_m <= nearby_pairs.duplicate_radius_m
        and not exists (
            select 1
            from state_intervals
            where
                state_intervals.case_key = nearby_pairs.earlier_case_key
                and state_intervals.is_final_state
                and state_intervals.valid_from_at <= nearby_pairs.created_at
                and (
                    state_intervals.valid_to_at is null
                    or nearby_pairs.created_at < state_intervals.valid_to_at
                )
        )
),

-- Repeat: the earlier melding got an o (afgehandeld) status before this one was created,
-- on a local date no more than the window (calendar days) before its created date.
repeat_meldingen as (
    select distinct nearby_pairs.case_key
    from nearby_pairs
    inner join state_intervals
        on nearby_pairs.earlier_case_key = state_intervals.case_key
    where
        nearby_pairs.distance_m <= nearby_pairs.repeat_radius_m
        and state_intervals.state = 'o'
        and state_intervals.valid_from_at < nearby_pairs.created_at
        and state_intervals.valid_from_date
        >= cast(
            {{ dbt.dateadd('day', '-1 * nearby_pairs.repeat_window_days', 'nearby_pairs.created_date') }}
            as date
        )
),

mor_duplicate_share as (
    select
        'mor_duplicate_share' as kpi_code,
        meldingen.created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        meldingen.channel_key,
        cast(case when duplicate_meldingen.case_key is not null then 1 else 0 end as {{ type_double() }})
            as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    left join duplicate_meldingen
        on meldingen.case_key = duplicate_meldingen.case_key
),

mor_repeat_location as (
    select
        'mor_repeat_location' as kpi_code,
        meldingen.created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        meldingen.channel_key,
        cast(case when repeat_meldingen.case_key is not null then 1 else 0 end as {{ type_double() }})
            as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    left join repeat_meldingen
        on meldingen.case_key = repeat_meldingen.case_key
),

mor_rerouted as (
    select
        'mor_rerouted' as kpi_code,
        created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_rerouted then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
),

-- KCC contactmomenten (registrations) about the melding: fact_contact's case_key is the
-- registration's zaak_identificatie (`SIG-<id>` -> melding|SIG-<id>).
status_contact_counts as (
    select
        case_key,
        count(*) as contact_count
    from contacts
    where contact_moment_id is not null
    group by case_key
),

mor_status_contacts as (
    select
        'mor_status_contacts' as kpi_code,
        meldingen.created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        meldingen.channel_key,
        cast(coalesce(status_contact_counts.contact_count, 0) as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    left join status_contact_counts
        on meldingen.case_key = status_contact_counts.case_key
),

final as (
    select * from mor_received
    union all
    select * from mor_phone_share
    union all
    select * from mor_digital_share
    union all
    select * from mor_on_time
    union all
    select * from mor_throughput
    union all
    select * from mor_reopened
    union all
    select * from mor_satisfied
    union all
    select * from mor_open_overdue
    union all
    select * from mor_duplicate_share
    union all
    select * from mor_repeat_location
    union all
    select * from mor_rerouted
    union all
    select * from mor_status_contacts
)

-- Pre-summed per kpi_code x anchor_date x period_grain x channel_key (docs/kpi-engine.md:
-- same result as one row per item); a count's denominator stays null.
select
    kpi_code,
    anchor_date,
    period_grain,
    channel_key,
    sum(numerator) as numerator,
    sum(denominator) as denominator
from final
group by kpi_code, anchor_date, period_grain, channel_key
