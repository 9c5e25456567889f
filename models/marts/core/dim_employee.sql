-- dim_employee: one row per pseudonymous staff member, with the team seen most often.
with call_legs as (
    select * from {{ ref('int_call_legs_unioned') }}
),

queues as (
    select * from {{ ref('int_queues_classified') }}
),

employee_departments as (
    select
        call_legs.employee_key,
        queues.department_key
    from call_legs
    inner join queues
        on call_legs.queue_id = queues.queue_id
    where call_legs.employee_key is not null and call_legs.accepted_at is not null

    union all

    select
        employee_key,
        'kcc' as department_key
    from {{ ref('int_contact_moments_unioned') }}
    where employee_key is not null

    union all

    select
        employee_key,
        'kcc' as department_key
    from {{ ref('int_email_messages_unioned') }}
    where employee_key is not null

    union all

    select
        employee_key,
        'burgerzaken' as department_key
    from {{ ref('int_counter_visits_unioned') }}
    where employee_key is not null

    union all

    select
        employee_key,
        'openbare_ruimte' as department_key
    from {{ ref('stg_mor__statuses') }}
    where employee_key is not null
    {%- for contact_model in channel_contact_models() %}

        union all

        -- A registered channel (kcc_sources `contacts`): the department its contact went to.
        select
            employee_key,
            department_key
        from {{ ref(contact_model.model) }}
        where employee_key is not null
    {%- endfor %}
),

employee_teams as (
    select
        employee_key,
        department_key,
        count(*) as occurrences
    from employee_departments
    group by employee_key, department_key
),

ranked as (
    select
        employee_key,
        department_key,
        row_number() over (
            partition by employee_key order by occurrences desc, department_key asc
        ) as team_rank
    from employee_teams
),

unknown_member as (
    select
        'onbekend' as employee_key,
        'onbekend' as team_department_key
)

select
    employee_key,
    department_key as team_department_key
from ranked
where team_rank = 1

union all

select
    employee_key,
    team_department_key
from unknown_member
