-- kpi_contributions_kto: KPI contributions (docs/kpi-engine.md) of the satisfaction
-- survey family (kpis.md, Satisfaction (KTO)): one row per KTO response and KPI, anchored
-- on the local submission date, channel = the channel of the rated contact. Signalen
-- feedback is not KTO (it feeds mor_satisfied). Every response gives a row per KPI; it
-- counts in a KPI's denominator (1, else 0) only when it answered that question.
with survey_responses as (
    select
        survey_response_key,
        survey_source,
        submitted_date,
        channel_key,
        satisfaction_score,
        grade,
        ease_score,
        trust_score,
        personal_approach_score
    from {{ ref('fact_survey_response') }}
),

-- Thresholds from kpi_parameters, valid on the submission date.
responses as (
    select
        survey_response_key,
        submitted_date,
        channel_key,
        satisfaction_score,
        grade,
        ease_score,
        trust_score,
        personal_approach_score,
        {{ kpi_parameter('kto_satisfied_min_score', 'submitted_date') }}
            as satisfied_min_score,
        {{ kpi_parameter('kto_dissatisfied_max_score', 'submitted_date') }}
            as dissatisfied_max_score,
        {{ kpi_parameter('kto_grade_sufficient_min', 'submitted_date') }}
            as grade_sufficient_min,
        {{ kpi_parameter('kto_grade_above_threshold', 'submitted_date') }}
            as grade_above_threshold,
        {{ kpi_parameter('kto_grade_below_threshold', 'submitted_date') }}
            as grade_below_threshold
    from survey_responses
    where survey_source = 'kto'
),

-- Tevredenheid 4 or 5 (>= kto_satisfied_min_score) / responses with tevredenheid.
kto_satisfied as (
    select
        'kto_satisfied' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when satisfaction_score >= satisfied_min_score then 1 else 0 end as {{ type_double() }})
            as numerator,
        cast(case when satisfaction_score is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

-- Tevredenheid 1 (<= kto_dissatisfied_max_score) / responses with tevredenheid.
kto_dissatisfied as (
    select
        'kto_dissatisfied' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(
            case when satisfaction_score <= dissatisfied_max_score then 1 else 0 end
            as {{ type_double() }}
        ) as numerator,
        cast(case when satisfaction_score is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

kto_avg_grade as (
    select
        'kto_avg_grade' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(coalesce(grade, 0) as {{ type_double() }}) as numerator,
        cast(case when grade is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

-- Rapportcijfer >= 6 / responses with rapportcijfer.
kto_grade_sufficient as (
    select
        'kto_grade_sufficient' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when grade >= grade_sufficient_min then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(case when grade is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

-- Rapportcijfer > 7 / responses with rapportcijfer.
kto_grade_above_7 as (
    select
        'kto_grade_above_7' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when grade > grade_above_threshold then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(case when grade is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

-- Rapportcijfer < 4 / responses with rapportcijfer.
kto_grade_below_4 as (
    select
        'kto_grade_below_4' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(case when grade < grade_below_threshold then 1 else 0 end as {{ type_double() }}) as numerator,
        cast(case when grade is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

kto_gemak as (
    select
        'kto_gemak' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(coalesce(ease_score, 0) as {{ type_double() }}) as numerator,
        cast(case when ease_score is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

kto_vertrouwen as (
    select
        'kto_vertrouwen' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(coalesce(trust_score, 0) as {{ type_double() }}) as numerator,
        cast(case when trust_score is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

kto_persoonlijk as (
    select
        'kto_persoonlijk' as kpi_code,
        submitted_date as anchor_date,
        cast(null as {{ type_text() }}) as period_grain,
        channel_key,
        cast(coalesce(personal_approach_score, 0) as {{ type_double() }}) as numerator,
        cast(case when personal_approach_score is not null then 1 else 0 end as {{ type_double() }}) as denominator
    from responses
),

final as (
    select * from kto_satisfied
    union all
    select * from kto_dissatisfied
    union all
    select * from kto_avg_grade
    union all
    select * from kto_grade_sufficient
    union all
    select * from kto_grade_above_7
    union all
    select * from kto_grade_below_4
    union all
    select * from kto_gemak
    union all
    select * from kto_vertrouwen
    union all
    select * from kto_persoonlijk
)

-- Pre-summed per kpi_code x anchor_date x period_grain x channel_key (docs/kpi-engine.md:
-- same result as one row per item); a count's denominator stays null.
select
    kpi_code,
    anchor_date,
    period_grain,
    channel_key,
    sum(numerator) as numerator,
    sum(denominator) as denominator
from final
group by kpi_code, anchor_date, period_grain, channel_key
