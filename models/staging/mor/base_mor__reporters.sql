-- Every reporter row of every Signalen dump, pseudonymised.
with source as (
    {{ raw_rows('mor', 'reporters') }}
),

{% set checks = [
    check_truncated(),
    check_missing('id'),
    check_missing('_signal_id'),
] %}

validated as (
    select
        {{ parse_int('id') }} as reporter_id,
        {{ parse_int('_signal_id') }} as signal_id,
        {{ pseudonymise(normalise_email('email'), 'email') }} as reporter_email_key,
        {{ pseudonymise(normalise_phone('phone'), 'phone') }} as reporter_phone_key,
        {{ parse_bool('is_anonymized') }} as is_anonymized,
        {{ parse_ts_offset('created_at') }} as created_at,
        {{ select_lineage_and_rejects(checks) }}
    from source
)

select * from validated
