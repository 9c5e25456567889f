-- fact_survey_response: one row per survey response: a KTO response (any channel) or a
-- Signalen feedback on a melding.
with kto_responses as (
    select * from {{ ref('stg_kto__responses') }}
),

signalen_feedback as (
    select * from {{ ref('stg_mor__feedback_responses') }}
),

meldingen as (
    select * from {{ ref('int_melding_lifecycles_derived') }}
),

kto_rows as (
    select
        'kto|' || response_id as survey_response_key,
        'kto' as survey_source,
        response_id as source_response_id,
        submitted_at,
        submitted_date,
        {{ channel_for('kto_kanaal', 'channel_name') }} as channel_key,
        channel_reference,
        cast(null as {{ type_text() }}) as case_key,
        satisfaction_score,
        grade,
        ease_score,
        trust_score,
        personal_approach_score,
        -- Satisfied: tevredenheid at or above kto_satisfied_min_score (default 4).
        satisfaction_score
        >= {{ kpi_parameter('kto_satisfied_min_score', 'submitted_date') }} as is_satisfied
    from kto_responses
),

-- Signalen feedback rates the handling of a melding; its channel is the channel the
-- melding came in through (as KTO's kanaal is the channel of the rated contact).
signalen_rows as (
    select
        'signalen|SIG-' || cast(signalen_feedback.signal_id as {{ type_text() }}) as survey_response_key,
        'signalen' as survey_source,
        'SIG-' || cast(signalen_feedback.signal_id as {{ type_text() }}) as source_response_id,
        signalen_feedback.submitted_at,
        signalen_feedback.submitted_date,
        coalesce(meldingen.channel_key, 'onbekend') as channel_key,
        'SIG-' || cast(signalen_feedback.signal_id as {{ type_text() }}) as channel_reference,
        meldingen.case_key,
        cast(null as integer) as satisfaction_score,
        cast(null as integer) as grade,
        cast(null as integer) as ease_score,
        cast(null as integer) as trust_score,
        cast(null as integer) as personal_approach_score,
        signalen_feedback.is_satisfied
    from signalen_feedback
    left join meldingen
        on signalen_feedback.signal_id = meldingen.signal_id
),

unioned as (
    select * from kto_rows
    union all
    select * from signalen_rows
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        survey_response_key,
        survey_source,
        source_response_id,
        submitted_at,
        submitted_date,
        channel_key,
        channel_reference,
        case_key,
        satisfaction_score,
        grade,
        ease_score,
        trust_score,
        personal_approach_score,
        is_satisfied
    from unioned
)

select * from final
