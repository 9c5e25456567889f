-- One row per klantcontact of Open Klant; a klantcontact extracted again is taken from the latest export folder.
{{ config(enabled=target.type == 'duckdb') }}

with valid_records as (
    select * from {{ ref('base_kcs__openklant_klantcontacten') }}
    where _reject_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by contact_moment_id
            order by _export_date desc, _file desc, _record_number desc
        ) as _rank
    from valid_records
)

select
    contact_moment_id,
    klantcontact_uuid,
    channel_name,
    started_at,
    started_date,
    question_subject,
    customer_bsn_key,
    has_invalid_bsn,
    customer_phone_key,
    customer_email_key,
    case_uuid,
    gemeente_code,
    _file,
    _file_version,
    _loaded_at,
    _export_date,
    _record_number,
    _line_number
from ranked
where _rank = 1
