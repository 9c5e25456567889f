-- Every raw e-form submission, parsed, validated and pseudonymised.
-- Two kinds of rows (docs/sources/web.md): a submission record with its start (the
-- contract: id, start, authentication, completion when completed), and a completion
-- record without a start (form exports that list completed submissions only, e.g. Open
-- Formulieren). A completion record needs its completion moment; its id, form slug and
-- authentication may be missing and are then derived or left empty.
with source as (
    {{ raw_rows('web', 'form_submissions') }}
),

parsed as (
    select
        *,
        nullif(trim(started_at), '') is not null as _has_start,
        nullif(trim(form_name), '') as _form_name,
        -- Open Formulieren writes '-unknown-' when it no longer knows the reference.
        case
            when nullif(trim(submission_id), '') <> '-unknown-' then trim(submission_id)
        end as _own_id,
        {{ parse_ts_offset('started_at') }} as _started_at,
        -- ISO-8601 with an offset (the contract) or with Z, else a wall-clock time
        -- without offset, which is local time (Open Formulieren's submissions export:
        -- 2025-03-14 10:02:11.417235); its fraction of a second is added separately.
        coalesce(
            {{ parse_ts_offset('completed_at') }},
            {{ parse_ts_utc('completed_at') }},
            case
                when {{ regex_full_match(
                    'completed_at', '\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?'
                ) }}
                    then {{ add_seconds(
                        from_local_timestamp(try_strptime(
                            "replace(substr(completed_at, 1, 19), 'T', ' ')", '%Y-%m-%d %H:%M:%S'
                        )),
                        try_cast_text("'0' || " ~ regex_extract('completed_at', '\.\d{1,6}$'), 'double')
                    ) }}
            end
        ) as _completed_at
    from source
),

{% set checks = [
    check_truncated(),
    {
        'reason': 'missing_id', 'column': 'submission_id',
        'failed': '_own_id is null and (_has_start or _form_name is null)',
    },
    check_timestamp('started_at', '_started_at', required=false),
    check_timestamp('completed_at', '_completed_at', required=false),
    {
        'reason': 'invalid_timestamp', 'column': 'completed_at',
        'failed': 'not _has_start and _completed_at is null',
    },
    check_code('auth_method', ['digid', 'eherkenning', 'none'], required=false),
    {
        'reason': 'unknown_code', 'column': 'auth_method',
        'failed': "_has_start and nullif(auth_method, '') is null",
    },
    check_order('_started_at', '_completed_at', 'completed_at'),
] %}

validated as (
    select
        -- A completion record without id gets one derived from its form and completion
        -- moment (to the second, local time), so a later export of the same submissions
        -- replaces the rows instead of adding to them.
        coalesce(
            _own_id,
            'derived-' || {{ sha256_hex(
                "_form_name || '|' || "
                ~ format_timestamp(to_local_timestamp('_completed_at'), '%Y-%m-%d %H:%M:%S')
            ) }}
        ) as submission_id,
        -- Without a slug, the form name in lower case with every run of other
        -- characters than a-z and 0-9 as one hyphen (Bezwaar WOZ-waarde: bezwaar-woz-waarde).
        coalesce(
            nullif(trim(form_slug), ''),
            {{ regex_replace_all(
                regex_replace_all('lower(_form_name)', '[^a-z0-9]+', '-'), '^-+|-+$', ''
            ) }}
        ) as form_slug,
        _form_name as form_name,
        _started_at as started_at,
        {{ local_date('_started_at') }} as started_date,
        _completed_at as completed_at,
        {{ local_date('_completed_at') }} as completed_date,
        nullif(auth_method, '') as auth_method,
        {{ pseudonymise_bsn('bsn') }} as customer_bsn_key,
        {{ bsn_is_invalid('bsn') }} as has_invalid_bsn,
        {{ pseudonymise(normalise_email('email'), 'email') }} as customer_email_key,
        {{ pseudonymise(normalise_phone('phone'), 'phone') }} as customer_phone_key,
        nullif(trim(case_identification), '') as case_id,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
