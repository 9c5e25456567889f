-- Which subjects drive repeat contacts (herhaalcontact)?
--
-- A contact has a *related next contact* when the same customer contacts the municipality
-- again about the same subject, on any channel, within 7 x 24 hours
-- (fact_contact.has_related_next_contact; kpi repeat_contact). Only contacts that reached
-- the organisation (is_offered) with a known customer and a known subject can have one, so
-- they are the base of every rate here, as in the KPI: summed over the subjects,
-- contacts_known and repeat_contacts equal repeat_contact's denominator and numerator.
--
-- How to read the result: one row per subject (onderwerp), the subjects with the most
-- repeat contacts first.
--   contacts_known             contacts with a known customer and subject (the denominator)
--   repeat_contacts            of those, contacts followed by a related next contact
--   repeat_rate                repeat_contacts / contacts_known (0-1; norm repeat_contact <= 0.20)
--   share_of_all_repeats       this subject's part of all repeat contacts (0-1): where a
--                              fix would remove the most repeats
--   channel_switches           repeat contacts whose next contact was on another channel
--   repeats_after_resolved     repeats although the first contact was registered as
--                              resolved directly (zelfstandig afgehandeld): answers that
--                              did not hold
-- A high repeat_rate on a subject with many contacts is the first place to look (the
-- answer in the kennisbank, the web page or the letter behind it). Add
-- `and contacts.contact_date >= date '2025-01-01'` to the where clause for a period.
with contacts as (
    select
        contact_key,
        subject_key,
        customer_key,
        contact_date,
        is_resolved_directly,
        has_related_next_contact,
        is_channel_switch
    from {{ ref('fact_contact') }}
    -- A call blocked before the KCC or a visit that never arrived is no contact (the KPI's
    -- base too).
    where is_offered
),

subjects as (
    select
        subject_key,
        subject_name,
        service_type
    from {{ ref('dim_subject') }}
),

per_subject as (
    select
        contacts.subject_key,
        count(*) as contacts_known,
        count(case when contacts.has_related_next_contact then 1 end) as repeat_contacts,
        count(case when contacts.is_channel_switch then 1 end) as channel_switches,
        count(
            case when contacts.has_related_next_contact and contacts.is_resolved_directly then 1 end
        ) as repeats_after_resolved
    from contacts
    where
        contacts.customer_key <> 'onbekend'
        and contacts.subject_key <> 'onbekend'
    group by contacts.subject_key
),

final as (
    select
        per_subject.subject_key,
        subjects.subject_name,
        subjects.service_type,
        per_subject.contacts_known,
        per_subject.repeat_contacts,
        per_subject.channel_switches,
        per_subject.repeats_after_resolved,
        per_subject.repeat_contacts / nullif(per_subject.contacts_known, 0) as repeat_rate,
        per_subject.repeat_contacts
        / nullif(sum(per_subject.repeat_contacts) over (), 0) as share_of_all_repeats
    from per_subject
    left join subjects
        on per_subject.subject_key = subjects.subject_key
)

select
    subject_key,
    subject_name,
    service_type,
    contacts_known,
    repeat_contacts,
    repeat_rate,
    share_of_all_repeats,
    channel_switches,
    repeats_after_resolved
from final
order by repeat_contacts desc, subject_key asc
