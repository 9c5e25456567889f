-- Every raw e-form submission, parsed, validated and pseudonymised.
with source as (
    {{ raw_rows('web', 'form_submissions') }}
),

parsed as (
    select
        *,
        {{ parse_ts_offset('started_at') }} as _started_at,
        {{ parse_ts_offset('completed_at') }} as _completed_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('submission_id'),
    check_timestamp('started_at', '_started_at'),
    check_timestamp('completed_at', '_completed_at', required=false),
    check_code('auth_method', ['digid', 'eherkenning', 'none']),
    check_order('_started_at', '_completed_at', 'completed_at'),
] %}

validated as (
    select
        nullif(trim(submission_id), '') as submission_id,
        nullif(trim(form_slug), '') as form_slug,
        nullif(trim(form_name), '') as form_name,
        _started_at as started_at,
        {{ local_date('_started_at') }} as started_date,
        _completed_at as completed_at,
        auth_method,
        {{ pseudonymise_bsn('bsn') }} as customer_bsn_key,
        {{ bsn_is_invalid('bsn') }} as has_invalid_bsn,
        {{ pseudonymise(normalise_email('email'), 'email') }} as customer_email_key,
        {{ pseudonymise(normalise_phone('phone'), 'phone') }} as customer_phone_key,
        nullif(trim(case_identification), '') as case_id,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
