-- int_contact_moments_unioned: one row per KCC contact registration, from the contract's
-- contactmomenten.csv and from the APIs of KISS and Open Klant
-- (int_api_contact_moments_joined). The APIs have no kanaal_referentie, aantal_vragen
-- or klacht: such a registration is a contact of its own, and the KPIs that need the other
-- two leave it out (has_question_count, has_complaint_flag) instead of counting it as 0;
-- likewise a contact only Open Klant holds has no result or answer source (has_outcome).
{%- set registration_columns = [
    'contact_moment_id',
    'channel_name',
    'channel_reference',
    'started_at',
    'started_date',
    'ended_at',
    'question_subject',
    'contact_result',
    'responsible_department',
    'employee_key',
    'answer_source',
    'question_count',
    'is_complaint',
    'customer_bsn_key',
    'has_invalid_bsn',
    'customer_phone_key',
    'customer_email_key',
    'case_reference'
] + lineage_columns() %}
{%- set system_columns = [
    'registration_system',
    'has_outcome',
    'has_question_count',
    'has_complaint_flag'
] %}

with contract_registrations as (
    select * from {{ ref('stg_kcs__contact_moments') }}
),

contract_mapped as (
    select
        {{ registration_columns | join(',\n        ') }},
        'contract' as registration_system,
        true as has_outcome,
        true as has_question_count,
        true as has_complaint_flag
    from contract_registrations
),

unioned as (
    select * from contract_mapped
    -- A registration delivered both ways counts once: the contract file's row wins.
    {{ union_all_api_select(
        'int_api_contact_moments_joined', registration_columns + system_columns,
        where='contact_moment_id not in (select contact_moment_id from contract_mapped)'
    ) }}
)

select * from unioned
