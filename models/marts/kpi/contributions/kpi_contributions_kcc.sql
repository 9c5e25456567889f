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
    select * from {{ ref('stg_kcs__contact_moments') }}
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
        registration_details.question_count,
        coalesce(registration_details.is_complaint, false) as is_complaint
    from contacts
    inner join registration_details
        on contacts.contact_moment_id = registration_details.contact_moment_id
),

kcc_contacts as (
    select
        'kcc_contacts' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(1 as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from registrations
),

kcc_direct_resolved as (
    select
        'kcc_direct_resolved' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(
            case when contact_result = 'Zelfstandig afgehandeld' then 1 else 0 end as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
),

kcc_referred_internal as (
    select
        'kcc_referred_internal' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(
            case when contact_result = 'Doorverbonden binnen KCC' then 1 else 0 end as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
),

kcc_referred_external as (
    select
        'kcc_referred_external' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(
            case
                when
                    contact_result in (
                        'Doorverbonden naar afdeling', 'Doorverwezen naar andere organisatie'
                    )
                    then 1
                else 0
            end as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
),

kcc_second_line as (
    select
        'kcc_second_line' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(
            case
                when
                    contact_result in (
                        'Doorverbonden naar afdeling', 'Terugbelverzoek', 'Zaak aangemaakt'
                    )
                    then 1
                else 0
            end as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
),

kcc_answer_kb as (
    select
        'kcc_answer_kb' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(
            case when answer_source in ('Kennisbank', 'Website') then 1 else 0 end as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
),

kcc_answer_other_system as (
    select
        'kcc_answer_other_system' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when answer_source = 'Vakapplicatie' then 1 else 0 end as {{ type_double() }})
            as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
),

-- A registration without aantal_vragen adds 0 questions but still counts as a contact.
kcc_question_ratio as (
    select
        'kcc_question_ratio' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(coalesce(question_count, 0) as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
),

kcc_complaints as (
    select
        'kcc_complaints' as kpi_code,
        started_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_complaint then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from registrations
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
    select
        'kcc_referral_wrong' as kpi_code,
        assigned_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_returned then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from tasks
),

-- Done within the callback_within term / done, or not done and past due (fact_callback
-- judges both at the as-of date).
callback_timely as (
    select
        'callback_timely' as kpi_code,
        assigned_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_done_on_time then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(case when is_due_or_done then 1 else 0 end as {{ type_double() }}) as denominator
    from tasks
    where is_callback
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

-- Pre-summed per kpi_code x anchor_date x period_grain x channel_key (docs/kpi-engine.md);
-- a count keeps denominator null.
select
    kpi_code,
    anchor_date,
    period_grain,
    channel_key,
    sum(numerator) as numerator,
    sum(denominator) as denominator
from final
group by kpi_code, anchor_date, period_grain, channel_key
