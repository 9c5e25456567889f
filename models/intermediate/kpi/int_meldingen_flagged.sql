-- int_meldingen_flagged: every melding (int_melding_lifecycles_derived) with the flags
-- of the MOR KPIs that compare it with other meldingen or its own history (docs/kpi-catalogue.md,
-- MOR): a duplicate (an earlier melding of the same sub category within
-- mor_duplicate_radius was still open when it was created), a repeat location (one within
-- mor_repeat_location_radius was closed in the window before), rerouted (moved to another
-- department), reopened (any reopened status in its history). The one place these rules
-- live: kpi_contributions_mor, mart_mor_category_buurt and mart_mor_meldingen read it.
with meldingen as (
    select
        case_key,
        signal_id,
        created_at,
        created_date,
        main_category,
        sub_category,
        is_rerouted,
        reopen_count
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

-- Coordinates are not carried by any intermediate model yet, so they are read from
-- staging here (int_melding_lifecycles_derived could carry them).
locations as (
    select
        location_id,
        signal_id,
        latitude,
        longitude,
        created_at
    from {{ ref('stg_mor__locations') }}
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

final as (
    select
        meldingen.case_key,
        duplicate_meldingen.case_key is not null as is_duplicate,
        repeat_meldingen.case_key is not null as is_repeat_location,
        coalesce(meldingen.is_rerouted, false) as is_rerouted,
        -- Reopened: the melding went back to open at least once (a reopened status);
        -- mor_reopened counts it among the meldingen closed in the period.
        coalesce(meldingen.reopen_count > 0, false) as is_reopened
    from meldingen
    left join duplicate_meldingen
        on meldingen.case_key = duplicate_meldingen.case_key
    left join repeat_meldingen
        on meldingen.case_key = repeat_meldingen.case_key
)

select * from final
