-- Every KCC registration (int_contact_moments_unioned) either merged with a channel record or
-- stands alone: its id appears exactly once as contact_moment_id in fact_contact, and no
-- contact names a registration that does not exist. Returns one row per violation.
with registrations as (
    select contact_moment_id
    from {{ ref('int_contact_moments_unioned') }}
),

registered_contacts as (
    select
        contact_moment_id,
        count(*) as occurrences
    from {{ ref('fact_contact') }}
    where contact_moment_id is not null
    group by contact_moment_id
),

compared as (
    select
        coalesce(registrations.contact_moment_id, registered_contacts.contact_moment_id)
            as contact_moment_id,
        case
            when registered_contacts.contact_moment_id is null then 'missing from fact_contact'
            when registrations.contact_moment_id is null then 'unknown registration'
            when registered_contacts.occurrences > 1 then 'in several contacts'
        end as problem
    from registrations
    full outer join registered_contacts
        on registrations.contact_moment_id = registered_contacts.contact_moment_id
)

select * from compared
where problem is not null
