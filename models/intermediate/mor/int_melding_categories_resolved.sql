-- int_melding_categories_resolved: one row per melding with a category assignment: its
-- initial and current (latest) category and department, and whether it was rerouted (its
-- category assignments or its routings moved it to another department).
with signals as (
    select * from {{ ref('stg_mor__signals') }}
),

assignments as (
    select * from {{ ref('stg_mor__category_assignments') }}
),

-- Empty when the exports hold no routing_departments.csv.
routings as (
    select * from {{ ref('stg_mor__routing_assignments') }}
),

melding_assignments as (
    select
        assignments.assignment_id,
        assignments.signal_id,
        assignments.main_category,
        assignments.sub_category,
        assignments.departments,
        assignments.created_at,
        -- Signalen may list several departments; the first one is responsible.
        nullif(trim(split_part(assignments.departments, ',', 1)), '') as department_name
    from assignments
    inner join signals
        on assignments.signal_id = signals.signal_id
    where signals.parent_signal_id is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by signal_id order by created_at, assignment_id
        ) as assignment_sequence,
        row_number() over (
            partition by signal_id order by created_at desc, assignment_id desc
        ) as assignment_recency
    from melding_assignments
),

per_melding as (
    select
        signal_id,
        count(*) as assignment_count,
        count(distinct lower(trim(departments))) as department_count
    from ranked
    group by signal_id
),

-- The routings that name departments (a routing without any is no move). The first one
-- hands the melding to a department, by a routing rule right after creation or by hand;
-- only a later routing to other departments moves it.
routing_per_melding as (
    select
        signal_id,
        count(*) as routing_count,
        count(distinct lower(trim(departments))) as routing_department_count
    from routings
    where departments is not null
    group by signal_id
),

initial_assignments as (
    select * from ranked
    where assignment_sequence = 1
),

current_assignments as (
    select * from ranked
    where assignment_recency = 1
),

final as (
    select
        per_melding.signal_id,
        initial_assignments.main_category as initial_main_category,
        initial_assignments.sub_category as initial_sub_category,
        initial_assignments.department_name as initial_department_name,
        current_assignments.main_category as current_main_category,
        current_assignments.sub_category as current_sub_category,
        current_assignments.department_name as current_department_name,
        current_assignments.created_at as current_category_assigned_at,
        cast(per_melding.assignment_count as integer) as assignment_count,
        cast(coalesce(routing_per_melding.routing_count, 0) as integer) as routing_count,
        -- Moved to another department after creation: the category assignments name more
        -- than one department, or the routings do (A -> B -> A counts too).
        coalesce(
            per_melding.department_count > 1 or routing_per_melding.routing_department_count > 1,
            false
        ) as is_rerouted
    from per_melding
    inner join initial_assignments
        on per_melding.signal_id = initial_assignments.signal_id
    inner join current_assignments
        on per_melding.signal_id = current_assignments.signal_id
    left join routing_per_melding
        on per_melding.signal_id = routing_per_melding.signal_id
)

select * from final
