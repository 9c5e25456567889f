-- dim_customer: one row per resolved customer plus the explicit member onbekend; no personal data.
with identifiers as (
    select * from {{ ref('int_customers_resolved') }}
),

contacts as (
    select * from {{ ref('int_contacts_related') }}
),

merged_contacts as (
    select * from {{ ref('int_contacts_merged') }}
),

customer_identifiers as (
    select
        customer_key,
        count(*) as identifier_count,
        sum(case when identifier_kind = 'phone' then 1 else 0 end) as phone_identifier_count,
        sum(case when identifier_kind = 'email' then 1 else 0 end) as email_identifier_count,
        sum(case when identifier_kind = 'bsn' then 1 else 0 end) as bsn_identifier_count,
        max(case when is_used_with_eherkenning then 1 else 0 end) as has_eherkenning_use
    from identifiers
    where customer_key <> 'onbekend'
    group by customer_key
),

customer_contacts as (
    select
        contacts.customer_key,
        count(*) as contact_count,
        min(merged_contacts.contact_date) as first_contact_date,
        max(merged_contacts.contact_date) as last_contact_date
    from contacts
    inner join merged_contacts
        on contacts.contact_key = merged_contacts.contact_key
    where contacts.customer_key <> 'onbekend'
    group by contacts.customer_key
),

customers as (
    select
        customer_identifiers.customer_key,
        cast(customer_identifiers.identifier_count as integer) as identifier_count,
        cast(customer_identifiers.phone_identifier_count as integer) as phone_identifier_count,
        cast(customer_identifiers.email_identifier_count as integer) as email_identifier_count,
        cast(customer_identifiers.bsn_identifier_count as integer) as bsn_identifier_count,
        cast(coalesce(customer_contacts.contact_count, 0) as integer) as contact_count,
        customer_contacts.first_contact_date,
        customer_contacts.last_contact_date,
        case
            when customer_identifiers.bsn_identifier_count > 0 then 'burger'
            when customer_identifiers.has_eherkenning_use = 1 then 'ondernemer'
            else 'onbekend'
        end as customer_type
    from customer_identifiers
    left join customer_contacts
        on customer_identifiers.customer_key = customer_contacts.customer_key
),

unknown_member as (
    select
        'onbekend' as customer_key,
        'onbekend' as customer_type,
        0 as identifier_count,
        0 as phone_identifier_count,
        0 as email_identifier_count,
        0 as bsn_identifier_count,
        cast(coalesce(count(*), 0) as integer) as contact_count,
        min(merged_contacts.contact_date) as first_contact_date,
        max(merged_contacts.contact_date) as last_contact_date
    from contacts
    inner join merged_contacts
        on contacts.contact_key = merged_contacts.contact_key
    where contacts.customer_key = 'onbekend'
),

final as (
    select
        customer_key,
        customer_type,
        identifier_count,
        phone_identifier_count,
        email_identifier_count,
        bsn_identifier_count,
        contact_count,
        first_contact_date,
        last_contact_date
    from customers

    union all

    select
        customer_key,
        customer_type,
        cast(identifier_count as integer) as identifier_count,
        cast(phone_identifier_count as integer) as phone_identifier_count,
        cast(email_identifier_count as integer) as email_identifier_count,
        cast(bsn_identifier_count as integer) as bsn_identifier_count,
        contact_count,
        first_contact_date,
        last_contact_date
    from unknown_member
)

select * from final
