-- kpi_contributions_cases: KPI contributions (docs/kpi-engine.md) of the cases family
-- (docs/kpi-catalogue.md, Cases): one row per zaak and KPI (additive), plus case_open_overdue rows per
-- grain for every zaak open at a period's end. A case is a zaak here (fact_case rows of
-- case_kind zaak); meldingen have their own family. Channel = the zaak's intake channel.
with cases as (
    select
        case_key,
        case_kind,
        registered_date,
        planned_due_date,
        legal_due_date,
        closed_date,
        is_closed,
        is_closed_on_time_norm,
        is_closed_on_time_legal,
        throughput_calendar_days,
        originating_contact_moment_id,
        channel_key
    from {{ ref('fact_case') }}
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

zaken as (
    select * from cases
    where case_kind = 'zaak'
),

closed_zaken as (
    select * from zaken
    where is_closed
),

case_closed as (
    {{ kpi_count('case_closed', 'closed_zaken', 'closed_date') }}
),

-- Closed with einddatum <= planned end (einddatum_gepland, else the zaaktype's
-- servicenorm, plus the verlenging) / closed with a planned end; a zaak without planned
-- end gives 0 / 0, so a period whose closed zaken have none shows a null value.
case_on_time_norm as (
    {{ kpi_share(
        'case_on_time_norm', 'closed_zaken', 'closed_date', 'is_closed_on_time_norm',
        in_denominator='planned_due_date is not null'
    ) }}
),

case_on_time_legal as (
    {{ kpi_share(
        'case_on_time_legal', 'closed_zaken', 'closed_date', 'is_closed_on_time_legal',
        in_denominator='legal_due_date is not null'
    ) }}
),

-- Mean calendar days startdatum -> einddatum.
case_throughput as (
    {{ kpi_mean(
        'case_throughput', 'closed_zaken', 'closed_date', 'throughput_calendar_days',
        where='throughput_calendar_days is not null'
    ) }}
),

-- Periods of every grain up to the as-of date, judged at the end of the evaluated day.
period_ends as (
    {{ kpi_period_ends('as_of') }}
),

-- Zaken open at the end of each evaluated day, and whether past their planned end then
-- (macro open_zaken_at_period_ends, shared with mart_cases_type_department).
open_zaken as (
    {{ open_zaken_at_period_ends('zaken', 'period_ends', ['channel_key']) }}
),

case_open_overdue as (
    select
        'case_open_overdue' as kpi_code,
        period_start as anchor_date,
        period_grain,
        channel_key,
        cast(case when is_overdue then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from open_zaken
),

-- Contactmomenten linked to the zaak: registrations whose zaak_identificatie names it
-- (fact_contact.case_key) and the registration the zaak was created from
-- (klantcontact_id), each counted once.
case_contact_moments as (
    select
        case_key,
        contact_moment_id
    from contacts
    where contact_moment_id is not null and case_key like 'zaak|%'
    union
    select
        case_key,
        originating_contact_moment_id as contact_moment_id
    from zaken
    where originating_contact_moment_id is not null
),

case_contact_counts as (
    select
        case_key,
        count(distinct contact_moment_id) as contact_count
    from case_contact_moments
    group by case_key
),

-- Per zaak registered in the period: its contactmomenten (whenever they took place) /
-- one case.
contacts_per_case as (
    select
        'contacts_per_case' as kpi_code,
        zaken.registered_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        zaken.channel_key,
        cast(coalesce(case_contact_counts.contact_count, 0) as {{ type_double() }}) as numerator,
        cast(1 as {{ type_double() }}) as denominator
    from zaken
    left join case_contact_counts
        on zaken.case_key = case_contact_counts.case_key
),

final as (
    select * from case_closed
    union all
    select * from case_on_time_norm
    union all
    select * from case_on_time_legal
    union all
    select * from case_throughput
    union all
    select * from case_open_overdue
    union all
    select * from contacts_per_case
)

{{ kpi_contributions_summed('final') }}
