-- fact_contact: one row per customer contact on any channel; channel records and the KCC
-- registrations describing them are merged into one row.
with contacts as (
    select * from {{ ref('int_contacts_merged') }}
),

related as (
    select * from {{ ref('int_contacts_related') }}
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        contacts.contact_key,
        contacts.channel_key,
        contacts.source_system,
        contacts.source_record_id,
        contacts.contact_moment_id,
        contacts.started_at,
        contacts.contact_date,
        related.customer_key,
        contacts.subject_key,
        contacts.department_key,
        contacts.employee_key,
        contacts.case_key,
        {{ dbt.safe_cast('contacts.wait_s', dbt.type_int()) }} as wait_s,
        {{ dbt.safe_cast('contacts.talk_s', dbt.type_int()) }} as talk_s,
        {{ dbt.safe_cast('contacts.wrap_s', dbt.type_int()) }} as wrap_s,
        {{ dbt.safe_cast('contacts.handle_s', dbt.type_int()) }} as handle_s,
        contacts.is_offered,
        contacts.is_handled,
        contacts.is_abandoned,
        contacts.is_registered,
        contacts.is_resolved_directly,
        contacts.is_referred_internal,
        contacts.is_referred_external,
        contacts.is_callback_requested,
        contacts.is_complaint,
        related.related_contact_key,
        related.has_related_next_contact,
        related.is_channel_switch
    from contacts
    inner join related
        on contacts.contact_key = related.contact_key
)

select * from final
