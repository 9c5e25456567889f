-- Every raw counter visit, parsed and validated; rejected rows keep their reason.
{% set local_format = '%d-%m-%Y %H:%M:%S' %}

with source as (
    {{ raw_rows('balie', 'visits') }}
),

parsed as (
    select
        *,
        {{ parse_ts_local('appointment_time', local_format) }} as _appointment_at,
        {{ parse_ts_local('arrival_time', local_format) }} as _arrived_at,
        {{ parse_ts_local('call_time', local_format) }} as _called_at,
        {{ parse_ts_local('end_time', local_format) }} as _ended_at
    from source
),

{% set checks = [
    check_truncated(),
    check_missing('visit_id'),
    check_timestamp('appointment_time', '_appointment_at', required=false),
    check_timestamp('arrival_time', '_arrived_at', required=false),
    check_timestamp('call_time', '_called_at', required=false),
    check_timestamp('end_time', '_ended_at', required=false),
    check_code('status', [
        'Geholpen', 'Niet verschenen', 'Geannuleerd', 'Vertrokken zonder hulp', 'Doorverwezen'
    ]),
    check_order('_called_at', '_ended_at', 'end_time'),
] %}

validated as (
    select
        nullif(trim(visit_id), '') as visit_id,
        nullif(trim(branch), '') as branch,
        nullif(trim(service), '') as service,
        _appointment_at as appointment_at,
        _arrived_at as arrived_at,
        _called_at as called_at,
        _ended_at as ended_at,
        {{ local_date('coalesce(_arrived_at, _appointment_at)') }} as visit_date,
        _appointment_at is null as is_walk_in,
        nullif(trim(counter), '') as counter,
        {{ pseudonymise("nullif(trim(staff_id), '')", 'staff') }} as employee_key,
        status,
        {{ pseudonymise_bsn('customer_bsn') }} as customer_bsn_key,
        {{ bsn_is_invalid('customer_bsn') }} as has_invalid_bsn,
        {{ postcode_area('customer_postcode') }} as postcode_area,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
