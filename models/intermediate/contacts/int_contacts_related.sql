-- int_contacts_related: one row per contact with its customer and its related next contact:
-- the first contact of the same customer about the same subject within the repeat window.
{{ config(materialized='table') }}

with contacts as (
    select * from {{ ref('int_contacts_merged') }}
),

linked as (
    select * from {{ ref('int_customer_identifiers_linked') }}
),

customers as (
    select * from {{ ref('int_customers_resolved') }}
),

-- var repeat_contact_window_hours, when set, replaces the seed's window for all dates.
{%- set window_hours = var('repeat_contact_window_hours', '') %}
window_parameters as (
    {%- if window_hours is not none and window_hours | string | trim != '' %}
    select
        cast('0001-01-01' as date) as valid_from,
        cast(null as date) as valid_to,
        {{ (window_hours | float * 3600) | int }} as window_s
    {%- else %}
        select
            valid_from,
            valid_to,
            {{ parameter_in_seconds('value', 'unit') }} as window_s
        from {{ ref('int_kpi_parameters_selected') }}
        where parameter_code = 'related_contact_window'
    {%- endif %}
),

-- A contact's customer: the customer of its identifiers that are not ignored (all of
-- them are in one component, since they were seen together in this record).
contact_customers as (
    select
        linked.record_key as contact_key,
        min(customers.customer_key) as customer_key
    from linked
    inner join customers
        on linked.identifier_key = customers.identifier_key
    where linked.record_type = 'contact' and customers.customer_key <> 'onbekend'
    group by linked.record_key
),

contacts_identified as (
    select
        contacts.contact_key,
        contacts.channel_key,
        contacts.started_at,
        contacts.contact_date,
        contacts.subject_key,
        coalesce(contact_customers.customer_key, 'onbekend') as customer_key
    from contacts
    left join contact_customers
        on contacts.contact_key = contact_customers.contact_key
),

-- Contacts with a known customer and subject, with the window valid on their date.
eligible_contacts as (
    select
        contacts_identified.*,
        window_parameters.window_s
    from contacts_identified
    left join window_parameters
        on
            contacts_identified.contact_date >= window_parameters.valid_from
            and (
                window_parameters.valid_to is null
                or contacts_identified.contact_date <= window_parameters.valid_to
            )
    where
        contacts_identified.customer_key <> 'onbekend'
        and contacts_identified.subject_key <> 'onbekend'
),

next_contacts_ranked as (
    select
        this_contact.contact_key,
        next_contact.contact_key as related_contact_key,
        next_contact.channel_key as related_channel_key,
        row_number() over (
            partition by this_contact.contact_key
            order by next_contact.started_at, next_contact.contact_key
        ) as next_rank
    from eligible_contacts as this_contact
    inner join eligible_contacts as next_contact
        on
            this_contact.customer_key = next_contact.customer_key
            and this_contact.subject_key = next_contact.subject_key
            and this_contact.started_at < next_contact.started_at
            and {{ seconds_between('this_contact.started_at', 'next_contact.started_at') }}
            <= this_contact.window_s
),

next_contacts as (
    select * from next_contacts_ranked
    where next_rank = 1
),

final as (
    select
        contacts_identified.contact_key,
        contacts_identified.customer_key,
        next_contacts.related_contact_key,
        next_contacts.related_channel_key,
        next_contacts.related_contact_key is not null as has_related_next_contact,
        coalesce(
            next_contacts.related_channel_key <> contacts_identified.channel_key, false
        ) as is_channel_switch
    from contacts_identified
    left join next_contacts
        on contacts_identified.contact_key = next_contacts.contact_key
)

select * from final
