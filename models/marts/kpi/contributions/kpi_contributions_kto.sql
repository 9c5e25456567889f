-- kpi_contributions_kto: KPI contributions (docs/kpi-engine.md) of the satisfaction
-- survey family (docs/kpi-catalogue.md, Satisfaction (KTO)): one row per KTO response and KPI, anchored
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
            as grade_below_threshold,
        {{ kpi_parameter('kto_grade_below_5_threshold', 'submitted_date') }}
            as grade_below_5_threshold
    from survey_responses
    where survey_source = 'kto'
),

-- Tevredenheid 4 or 5 (>= kto_satisfied_min_score) / responses with tevredenheid.
kto_satisfied as (
    {{ kpi_share(
        'kto_satisfied', 'responses', 'submitted_date', 'satisfaction_score >= satisfied_min_score',
        in_denominator='satisfaction_score is not null'
    ) }}
),

-- Tevredenheid 1 (<= kto_dissatisfied_max_score) / responses with tevredenheid.
kto_dissatisfied as (
    {{ kpi_share(
        'kto_dissatisfied', 'responses', 'submitted_date',
        'satisfaction_score <= dissatisfied_max_score',
        in_denominator='satisfaction_score is not null'
    ) }}
),

kto_avg_grade as (
    {{ kpi_mean(
        'kto_avg_grade', 'responses', 'submitted_date', 'coalesce(grade, 0)',
        in_denominator='grade is not null'
    ) }}
),

-- Rapportcijfer >= 6 / responses with rapportcijfer.
kto_grade_sufficient as (
    {{ kpi_share(
        'kto_grade_sufficient', 'responses', 'submitted_date', 'grade >= grade_sufficient_min',
        in_denominator='grade is not null'
    ) }}
),

-- Rapportcijfer > 7 / responses with rapportcijfer.
kto_grade_above_7 as (
    {{ kpi_share(
        'kto_grade_above_7', 'responses', 'submitted_date', 'grade > grade_above_threshold',
        in_denominator='grade is not null'
    ) }}
),

-- Rapportcijfer < 4 / responses with rapportcijfer.
kto_grade_below_4 as (
    {{ kpi_share(
        'kto_grade_below_4', 'responses', 'submitted_date', 'grade < grade_below_threshold',
        in_denominator='grade is not null'
    ) }}
),

-- Rapportcijfer < 5 / responses with rapportcijfer: a 5 itself is not below.
kto_grade_below_5 as (
    {{ kpi_share(
        'kto_grade_below_5', 'responses', 'submitted_date', 'grade < grade_below_5_threshold',
        in_denominator='grade is not null'
    ) }}
),

kto_gemak as (
    {{ kpi_mean(
        'kto_gemak', 'responses', 'submitted_date', 'coalesce(ease_score, 0)',
        in_denominator='ease_score is not null'
    ) }}
),

kto_vertrouwen as (
    {{ kpi_mean(
        'kto_vertrouwen', 'responses', 'submitted_date', 'coalesce(trust_score, 0)',
        in_denominator='trust_score is not null'
    ) }}
),

kto_persoonlijk as (
    {{ kpi_mean(
        'kto_persoonlijk', 'responses', 'submitted_date', 'coalesce(personal_approach_score, 0)',
        in_denominator='personal_approach_score is not null'
    ) }}
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
    select * from kto_grade_below_5
    union all
    select * from kto_gemak
    union all
    select * from kto_vertrouwen
    union all
    select * from kto_persoonlijk
)

{{ kpi_contributions_summed('final') }}
