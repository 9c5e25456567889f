-- int_melding_state_intervals_derived: one row per status of a melding (a signal without
-- parent), with the interval during which that state was the melding's state.
with signals as (
    select * from {{ ref('stg_mor__signals') }}
),

statuses as (
    select * from {{ ref('stg_mor__statuses') }}
),

meldingen as (
    select signal_id
    from signals
    where parent_signal_id is null
),

melding_statuses as (
    select
        statuses.status_id,
        statuses.signal_id,
        statuses.state,
        statuses.state_display,
        statuses.employee_key,
        statuses.created_at,
        statuses.created_date,
        'melding|SIG-' || cast(statuses.signal_id as {{ type_text() }}) as case_key
    from statuses
    inner join meldingen
        on statuses.signal_id = meldingen.signal_id
),

-- Ties on created_at are broken by the status id, Signalen's insertion order.
sequenced as (
    select
        *,
        row_number() over (
            partition by signal_id order by created_at, status_id
        ) as status_sequence
    from melding_statuses
),

intervals as (
    select
        *,
        lead(created_at) over (
            partition by signal_id order by status_sequence
        ) as next_status_at,
        lead(created_date) over (
            partition by signal_id order by status_sequence
        ) as next_status_date
    from sequenced
),

final as (
    select
        case_key,
        signal_id,
        status_id,
        state,
        state_display,
        employee_key,
        created_at as valid_from_at,
        next_status_at as valid_to_at,
        created_date as valid_from_date,
        next_status_date as valid_to_date,
        cast(status_sequence as integer) as status_sequence,
        state in ('o', 'a', 's') as is_final_state,
        next_status_at is null as is_current
    from intervals
)

select * from final
