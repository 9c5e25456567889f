-- Every contact in a channel export appears exactly once in fact_contact, on its channel:
-- inbound calls, counter visits, e-mail conversations with a customer message, form
-- submissions, meldingen (signals without parent) filed online or in the app, and every
-- record of a registered channel contact model (kcc_sources `contacts`, e.g. chat). The
-- expected set is derived from the contract unions here (every system's staged rows),
-- independently of the models that build contacts from them.
-- Returns one row per missing, unexpected or duplicated record.
with expected as (
    select distinct
        source_system,
        'telefoon' as channel_key,
        call_id as source_record_id
    from {{ ref('int_call_legs_unioned') }}
    where direction = 'Inbound'

    union all

    select
        source_system,
        'balie' as channel_key,
        visit_id as source_record_id
    from {{ ref('int_counter_visits_unioned') }}

    union all

    select distinct
        source_system,
        'e-mail' as channel_key,
        conversation_id as source_record_id
    from {{ ref('int_email_messages_unioned') }}
    where direction = 'Inkomend' and is_auto_reply = false

    union all

    select
        source_system,
        'webformulier' as channel_key,
        submission_id as source_record_id
    from {{ ref('int_form_submissions_unioned') }}

    union all

    select
        'mor' as source_system,
        case signal_source when 'online' then 'webformulier' else 'app' end as channel_key,
        'SIG-' || cast(signal_id as {{ type_text() }}) as source_record_id
    from {{ ref('stg_mor__signals') }}
    where parent_signal_id is null and signal_source in ('online', 'app')
    {%- for contact_model in channel_contact_models() %}

    union all

    select
        source_system,
        channel_key,
        source_record_id
    from {{ ref(contact_model.model) }}
    {%- endfor %}
),

actual as (
    select
        source_system,
        channel_key,
        source_record_id,
        count(*) as occurrences
    from {{ ref('fact_contact') }}
    where source_system <> 'kcs'
    group by source_system, channel_key, source_record_id
),

compared as (
    select
        coalesce(expected.source_system, actual.source_system) as source_system,
        coalesce(expected.channel_key, actual.channel_key) as channel_key,
        coalesce(expected.source_record_id, actual.source_record_id) as source_record_id,
        case
            when actual.source_record_id is null then 'missing from fact_contact'
            when expected.source_record_id is null then 'not in the channel export'
            when actual.occurrences > 1 then 'duplicated in fact_contact'
        end as problem
    from expected
    full outer join actual
        on
            expected.source_system = actual.source_system
            and expected.channel_key = actual.channel_key
            and expected.source_record_id = actual.source_record_id
)

select * from compared
where problem is not null
