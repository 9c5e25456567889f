-- int_melding_lifecycles_derived: one row per melding (a Signalen signal without parent)
-- with its lifecycle: creation, current state, closure, reopenings, category, due date
-- from the category's sla row and the on-time flag and throughput.
with signals as (
    select * from {{ ref('stg_mor__signals') }}
),

state_intervals as (
    select * from {{ ref('int_melding_state_intervals_derived') }}
),

categories as (
    select * from {{ ref('int_melding_categories_resolved') }}
),

sla_rules as (
    select * from {{ ref('stg_mor__sla_rules') }}
),

locations as (
    select * from {{ ref('stg_mor__locations') }}
),

meldingen as (
    select
        signal_id,
        signal_source,
        signal_type,
        priority,
        created_at,
        created_date
    from signals
    where parent_signal_id is null
),

status_summary as (
    select
        signal_id,
        max(case when is_current then state end) as current_state,
        max(case when is_current then state_display end) as current_state_display,
        max(case when is_current then valid_from_at end) as current_state_at,
        max(case when state = 'o' then valid_from_at end) as latest_closed_status_at,
        max(case when state = 'a' then valid_from_at end) as latest_cancelled_status_at,
        max(case when state = 's' then valid_from_at end) as latest_split_status_at,
        sum(case when state = 'reopened' then 1 else 0 end) as reopen_count,
        count(*) as status_count
    from state_intervals
    group by signal_id
),

ranked_locations as (
    select
        signal_id,
        buurt_code,
        row_number() over (
            partition by signal_id order by created_at desc, location_id desc
        ) as location_recency
    from locations
),

-- The melding's location: the latest location row of the signal.
latest_locations as (
    select
        signal_id,
        buurt_code
    from ranked_locations
    where location_recency = 1
),

-- The afhandeltermijn: the sla row of the current main and sub category with the
-- latest created_at on or before the signal's creation (a row without created_at has
-- always applied). Categories are compared as the exports write them: slugs in contract
-- exports, names in Signalen's dump. A melding assigned to a main category itself (no sub)
-- takes that main category's row.
sla_candidates as (
    select
        meldingen.signal_id,
        sla_rules.sla_id,
        sla_rules.term_days,
        coalesce(sla_rules.uses_calendar_days, false) as uses_calendar_days,
        row_number() over (
            partition by meldingen.signal_id
            order by sla_rules.valid_from_at desc nulls last, sla_rules.sla_id desc
        ) as sla_recency
    from meldingen
    inner join categories
        on meldingen.signal_id = categories.signal_id
    inner join sla_rules
        on
            categories.current_main_category = sla_rules.main_category
            and categories.current_sub_category is not distinct from sla_rules.sub_category
    where sla_rules.valid_from_at is null or meldingen.created_at >= sla_rules.valid_from_at
),

sla_matched as (
    select * from sla_candidates
    where sla_recency = 1
),

joined as (
    select
        meldingen.*,
        status_summary.current_state,
        status_summary.current_state_display,
        status_summary.current_state_at,
        status_summary.latest_closed_status_at,
        status_summary.latest_cancelled_status_at,
        status_summary.latest_split_status_at,
        categories.current_main_category,
        categories.current_sub_category,
        categories.current_department_name,
        categories.initial_main_category,
        categories.initial_sub_category,
        categories.initial_department_name,
        latest_locations.buurt_code,
        sla_matched.sla_id,
        sla_matched.term_days,
        sla_matched.uses_calendar_days,
        coalesce(status_summary.reopen_count, 0) as reopen_count,
        coalesce(status_summary.status_count, 0) as status_count,
        coalesce(categories.is_rerouted, false) as is_rerouted
    from meldingen
    left join status_summary
        on meldingen.signal_id = status_summary.signal_id
    left join categories
        on meldingen.signal_id = categories.signal_id
    left join latest_locations
        on meldingen.signal_id = latest_locations.signal_id
    left join sla_matched
        on meldingen.signal_id = sla_matched.signal_id
),

-- Closed = current state o, closed at the latest o; cancelled (a) and split (s) are
-- final but not closed. A melding without statuses counts as open.
states as (
    select
        *,
        coalesce(current_state = 'o', false) as is_closed,
        coalesce(current_state = 'a', false) as is_cancelled,
        coalesce(current_state = 's', false) as is_split,
        coalesce(current_state not in ('o', 'a', 's'), true) as is_open,
        case when current_state = 'o' then latest_closed_status_at end as closed_at,
        case when current_state = 'a' then latest_cancelled_status_at end as cancelled_at,
        case when current_state = 's' then latest_split_status_at end as split_at
    from joined
),

dated as (
    select
        *,
        {{ local_date('closed_at') }} as closed_date,
        {{ due_date_after('created_date', 'term_days', 'uses_calendar_days') }} as due_date
    from states
),

measured as (
    select
        *,
        case when is_closed then closed_date <= due_date end as is_closed_on_time,
        case
            when is_closed then {{ dbt.datediff('created_date', 'closed_date', 'day') }}
        end as throughput_calendar_days,
        case
            when is_closed then {{ working_days_between('created_date', 'closed_date') }}
        end as throughput_working_days
    from dated
),

-- Keys of the case and its dimensions; unknown values map to onbekend.
keyed as (
    select
        *,
        'melding|SIG-' || cast(signal_id as {{ type_text() }}) as case_key,
        'SIG-' || cast(signal_id as {{ type_text() }}) as display_id,
        case
            when current_main_category is not null and current_sub_category is not null
                then 'melding|' || current_main_category || '|' || current_sub_category
            else 'onbekend'
        end as case_type_key,
        {{ channel_for('signalen_source', 'signal_source') }} as channel_key,
        {{ subject_on('signalen_main_category', 'current_main_category', 'created_date') }}
            as subject_key,
        {{ department_key('current_department_name') }} as department_key,
        coalesce(buurt_code, 'onbekend') as location_key
    from measured
),

final as (
    select
        case_key,
        signal_id,
        display_id,
        signal_type,
        signal_source,
        priority,
        created_at,
        created_date,
        current_state,
        current_state_display,
        current_state_at,
        is_open,
        is_closed,
        is_cancelled,
        is_split,
        closed_at,
        closed_date,
        cancelled_at,
        split_at,
        current_main_category as main_category,
        current_sub_category as sub_category,
        initial_main_category,
        initial_sub_category,
        current_department_name as department_name,
        initial_department_name,
        is_rerouted,
        case_type_key,
        channel_key,
        subject_key,
        department_key,
        location_key,
        sla_id,
        uses_calendar_days,
        due_date,
        is_closed_on_time,
        cast(reopen_count as integer) as reopen_count,
        cast(status_count as integer) as status_count,
        cast(term_days as integer) as term_days,
        cast(throughput_calendar_days as integer) as throughput_calendar_days,
        cast(throughput_working_days as integer) as throughput_working_days
    from keyed
)

select * from final
