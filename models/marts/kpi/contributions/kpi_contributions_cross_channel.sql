-- kpi_contributions_cross_channel: KPI contributions of the cross-channel family
-- (docs/kpi-catalogue.md, Across channels), in the shape of docs/kpi-engine.md. A contact is a
-- fact_contact row that reached the organisation (is_offered); its related next contact
-- (window: kpi_parameters related_contact_window) comes from int_contacts_related.
-- contacts_per_customer and channel_share are period rows (a distinct count and a share
-- of the period's total) with an explicit `alle` row; the other KPIs are additive rows,
-- pre-summed per KPI, local contact date and channel.

with fact_contact as (
    select
        contact_key,
        channel_key,
        contact_date,
        customer_key,
        subject_key,
        is_offered
    from {{ ref('fact_contact') }}
),

contacts_related as (
    select
        contact_key,
        has_related_next_contact,
        is_channel_switch
    from {{ ref('int_contacts_related') }}
),

dim_subject as (
    select
        subject_key,
        service_type,
        can_be_done_online
    from {{ ref('dim_subject') }}
),

-- VNG's Bijlage 4 in the project's service types and channels (the rule lives there).
preferred_channels as (
    select
        service_type,
        channel_code,
        is_preferred
    from {{ ref('int_preferred_channels_mapped') }}
),

dim_date as (
    select
        date_day,
        week_start,
        month_start,
        quarter_start,
        year_start
    from {{ ref('dim_date') }}
),

contacts as (
    select
        fact_contact.contact_key,
        fact_contact.channel_key,
        fact_contact.contact_date,
        fact_contact.customer_key,
        fact_contact.subject_key,
        dim_subject.service_type,
        coalesce(dim_subject.can_be_done_online, false) as can_be_done_online,
        coalesce(contacts_related.has_related_next_contact, false) as has_related_next_contact,
        coalesce(contacts_related.is_channel_switch, false) as is_channel_switch,
        coalesce(preferred_channels.is_preferred, false) as is_on_preferred_channel,
        fact_contact.customer_key <> 'onbekend'
        and fact_contact.subject_key <> 'onbekend' as has_known_customer_and_subject
    from fact_contact
    left join contacts_related
        on fact_contact.contact_key = contacts_related.contact_key
    left join dim_subject
        on fact_contact.subject_key = dim_subject.subject_key
    left join preferred_channels
        on
            dim_subject.service_type = preferred_channels.service_type
            and fact_contact.channel_key = preferred_channels.channel_code
    where fact_contact.is_offered
),

-- Every contact once per period grain, with the start of its period.
contact_periods as (
    select
        contacts.*,
        'day' as period_grain,
        dim_date.date_day as period_start
    from contacts inner join dim_date on contacts.contact_date = dim_date.date_day
    union all
    select
        contacts.*,
        'week' as period_grain,
        dim_date.week_start as period_start
    from contacts inner join dim_date on contacts.contact_date = dim_date.date_day
    union all
    select
        contacts.*,
        'month' as period_grain,
        dim_date.month_start as period_start
    from contacts inner join dim_date on contacts.contact_date = dim_date.date_day
    union all
    select
        contacts.*,
        'quarter' as period_grain,
        dim_date.quarter_start as period_start
    from contacts inner join dim_date on contacts.contact_date = dim_date.date_day
    union all
    select
        contacts.*,
        'year' as period_grain,
        dim_date.year_start as period_start
    from contacts inner join dim_date on contacts.contact_date = dim_date.date_day
),

-- Callratio: contacts with a known customer / distinct customers, per channel and for
-- all channels together (a distinct count cannot be summed over channels or days).
contacts_per_customer as (
    select
        'contacts_per_customer' as kpi_code,
        period_start as anchor_date,
        period_grain,
        channel_key,
        cast(count(*) as {{ type_double() }}) as numerator,
        cast(count(distinct customer_key) as {{ type_double() }}) as denominator
    from contact_periods
    where customer_key <> 'onbekend'
    group by period_start, period_grain, channel_key
    union all
    select
        'contacts_per_customer' as kpi_code,
        period_start as anchor_date,
        period_grain,
        'alle' as channel_key,
        cast(count(*) as {{ type_double() }}) as numerator,
        cast(count(distinct customer_key) as {{ type_double() }}) as denominator
    from contact_periods
    where customer_key <> 'onbekend'
    group by period_start, period_grain
),

repeat_contact as (
    {{ kpi_share(
        'repeat_contact', 'contacts', 'contact_date', 'has_related_next_contact',
        where='has_known_customer_and_subject'
    ) }}
),

resolved_first_contact as (
    {{ kpi_share(
        'resolved_first_contact', 'contacts', 'contact_date', 'not has_related_next_contact',
        where='has_known_customer_and_subject'
    ) }}
),

channel_switch as (
    {{ kpi_share(
        'channel_switch', 'contacts', 'contact_date', 'is_channel_switch',
        where='has_known_customer_and_subject'
    ) }}
),

-- Share of the period's contacts per channel; the `alle` row is all contacts / all
-- contacts (1).
period_totals as (
    select
        period_grain,
        period_start,
        count(*) as contact_count
    from contact_periods
    group by period_grain, period_start
),

channel_share as (
    select
        'channel_share' as kpi_code,
        contact_periods.period_start as anchor_date,
        contact_periods.period_grain,
        contact_periods.channel_key,
        cast(count(*) as {{ type_double() }}) as numerator,
        cast(max(period_totals.contact_count) as {{ type_double() }}) as denominator
    from contact_periods
    inner join period_totals
        on
            contact_periods.period_grain = period_totals.period_grain
            and contact_periods.period_start = period_totals.period_start
    group by contact_periods.period_start, contact_periods.period_grain, contact_periods.channel_key
    union all
    select
        'channel_share' as kpi_code,
        period_start as anchor_date,
        period_grain,
        'alle' as channel_key,
        cast(contact_count as {{ type_double() }}) as numerator,
        cast(contact_count as {{ type_double() }}) as denominator
    from period_totals
),

preferred_channel_share as (
    {{ kpi_share(
        'preferred_channel_share', 'contacts', 'contact_date', 'is_on_preferred_channel',
        where="service_type is not null and service_type <> 'onbekend'"
    ) }}
),

-- Digital: an e-form or a melding filed online or in the app (channels webformulier
-- and app), over all contacts about subjects that can be done online.
digital_share as (
    {{ kpi_share(
        'digital_share', 'contacts', 'contact_date', "channel_key in ('webformulier', 'app')",
        where='can_be_done_online'
    ) }}
),

final as (
    select * from contacts_per_customer
    union all
    select * from repeat_contact
    union all
    select * from resolved_first_contact
    union all
    select * from channel_switch
    union all
    select * from channel_share
    union all
    select * from preferred_channel_share
    union all
    select * from digital_share
)

{{ kpi_contributions_summed('final') }}
