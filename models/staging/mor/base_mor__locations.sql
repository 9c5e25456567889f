-- Every location row of every Signalen dump; the postcode is cut to its four-digit area.
with source as (
    {{ raw_rows('mor', 'locations') }}
),

{% set checks = [
    check_truncated(),
    check_missing('id'),
    check_missing('_signal_id'),
] %}

validated as (
    select
        {{ parse_int('id') }} as location_id,
        {{ parse_int('_signal_id') }} as signal_id,
        nullif(trim(buurt_code), '') as buurt_code,
        nullif(trim(area_name), '') as area_name,
        {{ postcode_area('address_postalcode') }} as postcode_area,
        {{ parse_decimal('lat') }} as latitude,
        {{ parse_decimal('lng') }} as longitude,
        {{ parse_ts_offset('created_at') }} as created_at,
        {{ select_lineage_and_rejects(checks) }}
    from source
)

select * from validated
