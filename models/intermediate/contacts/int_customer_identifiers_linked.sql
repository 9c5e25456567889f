-- int_customer_identifiers_linked: one row per record and pseudonymous identifier seen in
-- it: a contact (channel record and its merged registration) or a Signalen reporter.
with contacts as (
    select * from {{ ref('int_contacts_merged') }}
),

reporters as (
    select * from {{ ref('stg_mor__reporters') }}
),

contact_identifiers as (
    select
        contact_key as record_key,
        'phone' as identifier_kind,
        channel_phone_key as identifier_key,
        is_eherkenning
    from contacts
    where channel_phone_key is not null

    union

    select
        contact_key as record_key,
        'email' as identifier_kind,
        channel_email_key as identifier_key,
        is_eherkenning
    from contacts
    where channel_email_key is not null

    union

    select
        contact_key as record_key,
        'bsn' as identifier_kind,
        channel_bsn_key as identifier_key,
        is_eherkenning
    from contacts
    where channel_bsn_key is not null

    union

    select
        contact_key as record_key,
        'phone' as identifier_kind,
        registration_phone_key as identifier_key,
        is_eherkenning
    from contacts
    where registration_phone_key is not null

    union

    select
        contact_key as record_key,
        'email' as identifier_kind,
        registration_email_key as identifier_key,
        is_eherkenning
    from contacts
    where registration_email_key is not null

    union

    select
        contact_key as record_key,
        'bsn' as identifier_kind,
        registration_bsn_key as identifier_key,
        is_eherkenning
    from contacts
    where registration_bsn_key is not null
),

-- Every Signalen reporter, whatever the melding's source: a reporter's e-mail address and
-- phone number belong to one person even when the melding came in by phone.
reporter_identifiers as (
    select
        'melder|' || cast(reporter_id as {{ type_text() }}) as record_key,
        'phone' as identifier_kind,
        reporter_phone_key as identifier_key,
        false as is_eherkenning
    from reporters
    where reporter_phone_key is not null

    union

    select
        'melder|' || cast(reporter_id as {{ type_text() }}) as record_key,
        'email' as identifier_kind,
        reporter_email_key as identifier_key,
        false as is_eherkenning
    from reporters
    where reporter_email_key is not null
),

final as (
    select
        record_key,
        'contact' as record_type,
        identifier_kind,
        identifier_key,
        is_eherkenning
    from contact_identifiers

    union all

    select
        record_key,
        'signalen_reporter' as record_type,
        identifier_kind,
        identifier_key,
        is_eherkenning
    from reporter_identifiers
)

select * from final
