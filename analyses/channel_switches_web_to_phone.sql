-- Which web forms send people to the phone (kanaalwissel webformulier -> telefoon)?
--
-- A contact on channel webformulier (an e-form, or a melding filed through Signalen's web
-- form) whose related next contact (same customer, same subject, within 7 x 24 hours;
-- fact_contact.related_contact_key) is a telephone call: the customer started online and
-- then called about the same thing. Only contacts with a known customer and subject can
-- have a related next contact.
--
-- How to read the result: one row per subject, the most switches first.
--   web_contacts               web-form contacts with a known customer and subject
--   followed_by_phone          of those, the ones whose related next contact was a call
--   switch_rate                followed_by_phone / web_contacts (0-1)
--   abandoned_then_phone       switches where the form was never completed (is_abandoned):
--                              the form itself was the obstacle
--   completed_then_phone       switches after a completed form: the customer called about
--                              the status or did not trust the form
--   median_hours_to_call       median time from starting the form to the call, in hours
-- Subjects with many abandoned_then_phone are candidates to improve the form; many
-- completed_then_phone point at missing confirmation or status information.
with contacts as (
    select
        contact_key,
        channel_key,
        subject_key,
        customer_key,
        started_at,
        is_abandoned,
        related_contact_key
    from {{ ref('fact_contact') }}
),

web_contacts as (
    select
        contact_key,
        subject_key,
        started_at,
        is_abandoned,
        related_contact_key
    from contacts
    where
        channel_key = 'webformulier'
        and customer_key <> 'onbekend'
        and subject_key <> 'onbekend'
),

switches as (
    select
        web_contacts.contact_key,
        web_contacts.subject_key,
        web_contacts.is_abandoned,
        next_contact.channel_key = 'telefoon' as is_followed_by_phone,
        case
            when next_contact.channel_key = 'telefoon'
                then date_diff('minute', web_contacts.started_at, next_contact.started_at) / 60.0
        end as hours_to_call
    from web_contacts
    left join contacts as next_contact
        on web_contacts.related_contact_key = next_contact.contact_key
),

final as (
    select
        subject_key,
        count(*) as web_contacts,
        count(case when is_followed_by_phone then 1 end) as followed_by_phone,
        count(case when is_followed_by_phone and is_abandoned then 1 end)
            as abandoned_then_phone,
        count(case when is_followed_by_phone and not is_abandoned then 1 end)
            as completed_then_phone,
        median(hours_to_call) as median_hours_to_call
    from switches
    group by subject_key
)

select
    subject_key,
    web_contacts,
    followed_by_phone,
    abandoned_then_phone,
    completed_then_phone,
    median_hours_to_call,
    followed_by_phone / nullif(web_contacts, 0) as switch_rate
from final
order by followed_by_phone desc, subject_key asc
