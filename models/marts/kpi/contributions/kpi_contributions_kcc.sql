-- kpi_contributions_kcc: KPI contributions (docs/kpi-engine.md) of the KCC contact
-- registration family: one row per contactmoment (anchor startdatum, channel of the
-- registration) or interne taak (anchor toegewezen_op, channel of the registration it came
-- from) and KPI.
with contacts as (
    select * from {{ ref('int_contacts_merged') }}
),

-- bron, aantal_vragen, klacht and the registration's own startdatum are carried by no
-- conformed model yet; they are read from the registration itself.
registration_details as (
    select * from {{ ref('int_contact_moments_unioned') }}
),

internal_tasks as (
    select * from {{ ref('fact_callback') }}
),

registrations as (
    select
        contacts.contact_moment_id,
        contacts.channel_key,
        registration_details.started_date,
        registration_details.contact_result,
        registration_details.answer_source,
        registration_details.has_outcome,
        -- Null where the registering system has no aantal_vragen or klacht (KISS, Open
        -- Klant): those registrations are left out of kcc_question_ratio and kcc_complaints.
        case
            when registration_details.has_question_count
                then coalesce(registration_details.question_count, 0)
        end as question_count,
        case
            when registration_details.has_complaint_flag
                then coalesce(registration_details.is_complaint, false)
        end as is_complaint,
        -- VNG's Klantklachten (Bijlage 3 #4) belongs to the channels telefoon, chat and
        -- balie: complaints are counted against the contacts of those channels only, so
        -- e-mail, contactformulier and the other channels are out of kcc_complaints.
        contacts.channel_key in ('telefoon', 'chat', 'balie') as is_complaint_channel
    from contacts
    inner join registration_details
        on contacts.contact_moment_id = registration_details.contact_moment_id
),

kcc_contacts as (
    {{ kpi_count('kcc_contacts', 'registrations', 'started_date') }}
),

-- The result and answer-source shares count registrations whose system records them (the
-- contract, KISS): a contact only Open Klant holds is left out, not counted as 0.
kcc_direct_resolved as (
    {{ kpi_share(
        'kcc_direct_resolved', 'registrations', 'started_date',
        "contact_result = 'Zelfstandig afgehandeld'",
        where='has_outcome'
    ) }}
),

kcc_referred_internal as (
    {{ kpi_share(
        'kcc_referred_internal', 'registrations', 'started_date',
        "contact_result = 'Doorverbonden binnen KCC'",
        where='has_outcome'
    ) }}
),

kcc_referred_external as (
    {{ kpi_share(
        'kcc_referred_external', 'registrations', 'started_date',
        "contact_result in ('Doorverbonden naar afdeling', 'Doorverwezen naar andere organisatie')",
        where='has_outcome'
    ) }}
),

kcc_second_line as (
    {{ kpi_share(
        'kcc_second_line', 'registrations', 'started_date',
        "contact_result in ('Doorverbonden naar afdeling', 'Terugbelverzoek', 'Zaak aangemaakt')",
        where='has_outcome'
    ) }}
),

kcc_answer_kb as (
    {{ kpi_share(
        'kcc_answer_kb', 'registrations', 'started_date', "answer_source in ('Kennisbank', 'Website')",
        where='has_outcome'
    ) }}
),

kcc_answer_other_system as (
    {{ kpi_share(
        'kcc_answer_other_system', 'registrations', 'started_date', "answer_source = 'Vakapplicatie'",
        where='has_outcome'
    ) }}
),

-- A contract registration without aantal_vragen adds 0 questions but still counts as a
-- contact.
kcc_question_ratio as (
    {{ kpi_mean(
        'kcc_question_ratio', 'registrations', 'started_date', 'question_count',
        where='question_count is not null'
    ) }}
),

-- Registrations with klacht on telefoon, chat and balie / registrations on those channels.
kcc_complaints as (
    {{ kpi_share(
        'kcc_complaints', 'registrations', 'started_date', 'is_complaint',
        where='is_complaint is not null and is_complaint_channel'
    ) }}
),

-- Interne taken on the channel of the registration they came from (onbekend when none).
tasks as (
    select
        internal_tasks.assigned_date,
        internal_tasks.is_callback,
        internal_tasks.is_returned,
        internal_tasks.is_done_on_time,
        internal_tasks.is_due_or_done,
        coalesce(contacts.channel_key, 'onbekend') as channel_key
    from internal_tasks
    left join contacts
        on internal_tasks.contact_moment_id = contacts.contact_moment_id
),

kcc_referral_wrong as (
    {{ kpi_share(
        'kcc_referral_wrong', 'tasks', 'assigned_date', 'is_returned',
        where='is_returned is not null'
    ) }}
),

-- Done within the callback_within term / done, or not done and past due (fact_callback
-- judges both at the as-of date).
callback_timely as (
    {{ kpi_share(
        'callback_timely', 'tasks', 'assigned_date', 'is_done_on_time', where='is_callback',
        in_denominator='is_due_or_done'
    ) }}
),

final as (
    select * from kcc_contacts
    union all
    select * from kcc_direct_resolved
    union all
    select * from kcc_referred_internal
    union all
    select * from kcc_referred_external
    union all
    select * from kcc_second_line
    union all
    select * from kcc_referral_wrong
    union all
    select * from kcc_answer_kb
    union all
    select * from kcc_answer_other_system
    union all
    select * from kcc_question_ratio
    union all
    select * from kcc_complaints
    union all
    select * from callback_timely
)

{{ kpi_contributions_summed('final') }}
