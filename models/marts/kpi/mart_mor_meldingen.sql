-- mart_mor_meldingen: one row per melding openbare ruimte (a Signalen signal without
-- parent), for analysts who filter and group meldingen themselves (per buurt, category,
-- department or channel) and still want the MOR KPIs' answers. Every flag is taken as
-- the KPI counts it, never derived again here: the lifecycle, due date and on-time flag
-- from int_melding_lifecycles_derived, the flags comparing a melding with the others and
-- with its own history from int_meldingen_flagged. No personal data: the melding is
-- named by its Signalen id only.
with meldingen as (
    select
        case_key,
        display_id,
        created_date,
        closed_date,
        due_date,
        is_closed,
        is_cancelled,
        is_closed_on_time,
        main_category,
        sub_category,
        department_key,
        location_key,
        channel_key
    from {{ ref('int_melding_lifecycles_derived') }}
),

flags as (
    select
        case_key,
        is_duplicate,
        is_repeat_location,
        is_rerouted,
        is_reopened
    from {{ ref('int_meldingen_flagged') }}
),

-- The buurt's code and name as dim_location publishes them (location_key onbekend when
-- the melding has no buurt).
locations as (
    select
        location_key,
        buurt_code,
        area_name
    from {{ ref('dim_location') }}
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        meldingen.case_key,
        meldingen.display_id,
        meldingen.created_date,
        meldingen.due_date,
        meldingen.closed_date,
        meldingen.is_closed,
        meldingen.is_cancelled,
        meldingen.main_category,
        meldingen.sub_category,
        meldingen.department_key,
        meldingen.location_key,
        locations.buurt_code,
        locations.area_name as buurt_name,
        meldingen.channel_key,
        flags.is_duplicate,
        flags.is_repeat_location,
        flags.is_rerouted,
        flags.is_reopened,
        meldingen.is_closed_on_time
    from meldingen
    left join flags
        on meldingen.case_key = flags.case_key
    left join locations
        on meldingen.location_key = locations.location_key
)

select * from final
