-- kpi_contributions_mor: KPI contributions (docs/kpi-engine.md) of the meldingen
-- openbare ruimte family (docs/kpi-catalogue.md, MOR): one row per melding (or feedback) and KPI
-- (additive), plus mor_open_overdue rows per grain for every melding open at a period's
-- end. A melding is a Signalen signal without parent (int_melding_lifecycles_derived);
-- its channel is the channel of its Signalen source (seed channel_mappings).
with meldingen as (
    select
        case_key,
        created_date,
        is_closed,
        closed_date,
        is_closed_on_time,
        throughput_working_days,
        channel_key
    from {{ ref('int_melding_lifecycles_derived') }}
),

open_days as (
    select
        case_key,
        date_day,
        is_overdue
    from {{ ref('int_melding_open_days_listed') }}
),

flags as (
    select
        case_key,
        is_duplicate,
        is_repeat_location,
        is_rerouted,
        is_reopened
    from {{ ref('int_meldingen_flagged') }}
),

survey_responses as (
    select
        survey_source,
        submitted_date,
        channel_key,
        is_satisfied
    from {{ ref('fact_survey_response') }}
),

contacts as (
    select
        contact_moment_id,
        case_key
    from {{ ref('fact_contact') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

mor_received as (
    {{ kpi_count('mor_received', 'meldingen', 'created_date') }}
),

-- Phone and digital by the source's channel, not its text: Signalen's source is free text
-- (Telefoon, or a municipality's own Telefoon – KCC), the seed maps each to a channel.
-- Digital = online (webformulier) or app, as docs/kpi-catalogue.md defines it.
mor_phone_share as (
    {{ kpi_share('mor_phone_share', 'meldingen', 'created_date', "channel_key = 'telefoon'") }}
),

mor_digital_share as (
    {{ kpi_share(
        'mor_digital_share', 'meldingen', 'created_date', "channel_key in ('webformulier', 'app')"
    ) }}
),

-- Closed in the period (local date of the latest o status, current state o); a melding
-- without sla row has no due date and counts as not on time.
mor_on_time as (
    {{ kpi_share('mor_on_time', 'meldingen', 'closed_date', 'is_closed_on_time', where='is_closed') }}
),

mor_throughput as (
    {{ kpi_mean(
        'mor_throughput', 'meldingen', 'closed_date', 'throughput_working_days', where='is_closed'
    ) }}
),

-- Signalen feedback (not KTO), anchored on its local submission date; a feedback without
-- is_satisfied counts as not satisfied.
mor_satisfied as (
    {{ kpi_share(
        'mor_satisfied', 'survey_responses', 'submitted_date', 'is_satisfied',
        where="survey_source = 'signalen'"
    ) }}
),

-- Periods of every grain up to the as-of date, judged at the end of the evaluated day.
period_ends as (
    {{ kpi_period_ends('as_of') }}
),

-- Open at the end of the evaluated day (int_melding_open_days_listed: its state then was
-- not final), and overdue as that model judges the day (due date before it; never
-- without due date).
mor_open_overdue as (
    select
        'mor_open_overdue' as kpi_code,
        period_ends.period_start as anchor_date,
        period_ends.period_grain,
        meldingen.channel_key,
        cast(
            case when open_days.is_overdue then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from open_days
    inner join period_ends
        on open_days.date_day = period_ends.evaluated_date
    inner join meldingen
        on open_days.case_key = meldingen.case_key
),

-- The flags of int_meldingen_flagged: comparing a melding with the others and its own
-- history (by created date), reopened (by closed date, among the closed meldingen).
flagged_meldingen as (
    select
        meldingen.created_date,
        meldingen.closed_date,
        meldingen.is_closed,
        meldingen.channel_key,
        flags.is_duplicate,
        flags.is_repeat_location,
        flags.is_rerouted,
        flags.is_reopened
    from meldingen
    left join flags
        on meldingen.case_key = flags.case_key
),

mor_duplicate_share as (
    {{ kpi_share('mor_duplicate_share', 'flagged_meldingen', 'created_date', 'is_duplicate') }}
),

mor_repeat_location as (
    {{ kpi_share('mor_repeat_location', 'flagged_meldingen', 'created_date', 'is_repeat_location') }}
),

mor_rerouted as (
    {{ kpi_share('mor_rerouted', 'flagged_meldingen', 'created_date', 'is_rerouted') }}
),

mor_reopened as (
    {{ kpi_share('mor_reopened', 'flagged_meldingen', 'closed_date', 'is_reopened', where='is_closed') }}
),

-- KCC contactmomenten (registrations) about the melding: fact_contact's case_key is the
-- registration's zaak_identificatie (`SIG-<id>` -> melding|SIG-<id>).
status_contact_counts as (
    select
        case_key,
        count(*) as contact_count
    from contacts
    where contact_moment_id is not null
    group by case_key
),

mor_status_contacts as (
    select
        'mor_status_contacts' as kpi_code,
        meldingen.created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        meldingen.channel_key,
        cast(coalesce(status_contact_counts.contact_count, 0) as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    left join status_contact_counts
        on meldingen.case_key = status_contact_counts.case_key
),

final as (
    select * from mor_received
    union all
    select * from mor_phone_share
    union all
    select * from mor_digital_share
    union all
    select * from mor_on_time
    union all
    select * from mor_throughput
    union all
    select * from mor_reopened
    union all
    select * from mor_satisfied
    union all
    select * from mor_open_overdue
    union all
    select * from mor_duplicate_share
    union all
    select * from mor_repeat_location
    union all
    select * from mor_rerouted
    union all
    select * from mor_status_contacts
)

{{ kpi_contributions_summed('final') }}
