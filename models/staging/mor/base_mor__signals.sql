-- Every signal row of every Signalen dump, parsed and validated; the melding text is dropped.
with source as (
    {{ raw_rows('mor', 'signals', ['text']) }}
),

parsed as (
    select
        *,
        {{ parse_ts_offset('created_at') }} as _created_at
    from source
),

{#- source is free text in Signalen (default online; each municipality adds its own, such
    as `Telefoon – KCC`), so it is not checked: an unmapped source gets channel onbekend
    downstream (seed channel_mappings, signalen_source). type is Signalen's fixed list. #}
{% set checks = [
    check_truncated(),
    check_missing('id'),
    check_timestamp('created_at', '_created_at'),
    check_code('type', ['SIG', 'REQ', 'QUE', 'COM', 'MAI', 'PRJ']),
] %}

validated as (
    select
        {{ parse_int('id') }} as signal_id,
        nullif(trim(signal_uuid), '') as signal_uuid,
        nullif(trim(source), '') as signal_source,
        {{ parse_ts_offset('incident_date_start') }} as incident_started_at,
        _created_at as created_at,
        {{ local_date('_created_at') }} as created_date,
        {{ parse_ts_offset('updated_at') }} as updated_at,
        {{ parse_int('parent') }} as parent_signal_id,
        type as signal_type,
        nullif(trim(priority), '') as priority,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
