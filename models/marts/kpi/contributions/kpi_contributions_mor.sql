-- kpi_contributions_mor: KPI contributions (docs/kpi-engine.md) of the meldingen
-- openbare ruimte family (kpis.md, MOR): one row per melding (or feedback) and KPI
-- (additive), plus mor_open_overdue rows per grain for every melding open at a period's
-- end. A melding is a Signalen signal without parent (int_melding_lifecycles_derived);
-- its channel is the channel of its Signalen source.
with meldingen as (
    select
        case_key,
        signal_source,
        created_date,
        is_closed,
        closed_date,
        is_closed_on_time,
        reopen_count,
        throughput_working_days,
        channel_key
    from {{ ref('int_melding_lifecycles_derived') }}
),

open_days as (
    select
        case_key,
        date_day,
        due_date
    from {{ ref('int_melding_open_days_listed') }}
),

flags as (
    select
        case_key,
        is_duplicate,
        is_repeat_location,
        is_rerouted
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

calendar as (
    select
        date_day,
        week_start,
        month_start,
        quarter_start,
        year_start
    from {{ ref('dim_date') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_dates_resolved') }}
),

mor_received as (
    select
        'mor_received' as kpi_code,
        created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(1 as {{ type_double() }}) as numerator,
        cast(null as {{ type_double() }}) as denominator
    from meldingen
),

mor_phone_share as (
    select
        'mor_phone_share' as kpi_code,
        created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when signal_source = 'Telefoon' then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
),

mor_digital_share as (
    select
        'mor_digital_share' as kpi_code,
        created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when signal_source in ('online', 'app') then 1 else 0 end as {{ type_double() }})
            as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
),

-- Closed in the period (local date of the latest o status, current state o); a melding
-- without sla row has no due date and counts as not on time.
mor_on_time as (
    select
        'mor_on_time' as kpi_code,
        closed_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_closed_on_time then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    where is_closed
),

mor_throughput as (
    select
        'mor_throughput' as kpi_code,
        closed_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(throughput_working_days as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    where is_closed
),

mor_reopened as (
    select
        'mor_reopened' as kpi_code,
        closed_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when reopen_count > 0 then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    where is_closed
),

-- Signalen feedback (not KTO), anchored on its local submission date; a feedback without
-- is_satisfied counts as not satisfied.
mor_satisfied as (
    select
        'mor_satisfied' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when is_satisfied then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from survey_responses
    where survey_source = 'signalen'
),

-- Periods of every grain up to the as-of date, judged at the end of the evaluated day.
period_ends as (
    {{ kpi_period_ends('calendar', 'as_of') }}
),

-- Open at the end of the evaluated day (int_melding_open_days_listed: its state then was
-- not final); overdue when its due date is before that day. No due date: not overdue.
mor_open_overdue as (
    select
        'mor_open_overdue' as kpi_code,
        period_ends.period_start as anchor_date,
        period_ends.period_grain,
        meldingen.channel_key,
        cast(
            case when open_days.due_date < period_ends.evaluated_date then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from open_days
    inner join period_ends
        on open_days.date_day = period_ends.evaluated_date
    inner join meldingen
        on open_days.case_key = meldingen.case_key
),

mor_duplicate_share as (
    select
        'mor_duplicate_share' as kpi_code,
        meldingen.created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        meldingen.channel_key,
        cast(case when flags.is_duplicate then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    left join flags
        on meldingen.case_key = flags.case_key
),

mor_repeat_location as (
    select
        'mor_repeat_location' as kpi_code,
        meldingen.created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        meldingen.channel_key,
        cast(case when flags.is_repeat_location then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    left join flags
        on meldingen.case_key = flags.case_key
),

mor_rerouted as (
    select
        'mor_rerouted' as kpi_code,
        meldingen.created_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        meldingen.channel_key,
        cast(case when flags.is_rerouted then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from meldingen
    left join flags
        on meldingen.case_key = flags.case_key
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
