-- Every raw survey response, parsed and validated; the free-text remark is dropped.
with source as (
    {{ raw_rows('kto', 'responses', ['opmerking']) }}
),

parsed as (
    select
        *,
        {{ parse_ts_local('ingevuld_op', '%d-%m-%Y %H:%M') }} as _submitted_at,
        {{ parse_int('tevredenheid') }} as _satisfaction,
        {{ parse_int('rapportcijfer') }} as _grade,
        {{ parse_int('gemak') }} as _ease,
        {{ parse_int('vertrouwen') }} as _trust,
        {{ parse_int('persoonlijke_benadering') }} as _personal_approach
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('response_id'),
    check_timestamp('ingevuld_op', '_submitted_at'),
    check_range('tevredenheid', '_satisfaction', 1, 5),
    check_range('rapportcijfer', '_grade', 1, 10),
    check_range('gemak', '_ease', 1, 5),
    check_range('vertrouwen', '_trust', 1, 5),
    check_range('persoonlijke_benadering', '_personal_approach', 1, 5),
] %}

validated as (
    select
        nullif(trim(response_id), '') as response_id,
        nullif(trim(kanaal), '') as channel_name,
        nullif(trim(kanaal_referentie), '') as channel_reference,
        _submitted_at as submitted_at,
        {{ local_date('_submitted_at') }} as submitted_date,
        _satisfaction as satisfaction_score,
        _grade as grade,
        _ease as ease_score,
        _trust as trust_score,
        _personal_approach as personal_approach_score,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
