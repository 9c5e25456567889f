-- int_queues_classified: one row per queue in the seed or in the exports, first-line or not.
with seeded as (
    select * from {{ ref('queues') }}
),

exported as (
    select distinct queue_id
    from {{ ref('int_call_legs_unioned') }}
    where queue_id is not null

    union

    select distinct transfer_target_queue_id as queue_id
    from {{ ref('int_call_legs_unioned') }}
    where transfer_target_queue_id is not null
),

all_queues as (
    select queue_id from seeded
    union
    select queue_id from exported
)

select
    all_queues.queue_id,
    seeded.queue_id is not null as is_in_reference,
    -- A queue the reference table does not know is first-line when it is a KCC queue.
    coalesce(seeded.is_first_line, all_queues.queue_id like 'KCC%') as is_first_line,
    coalesce(
        seeded.department_code,
        case when all_queues.queue_id like 'KCC%' then 'kcc' else 'onbekend' end
    ) as department_key,
    coalesce(seeded.channel_code, 'telefoon') as channel_key
from all_queues
left join seeded
    on all_queues.queue_id = seeded.queue_id
