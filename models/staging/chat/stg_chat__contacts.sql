-- stg_chat__contacts: every chat or WhatsApp conversation as a contact on the channel
-- contact contract (macros/staging/contracts.sql), which int_channel_contacts_unioned
-- unions with the other channels (kcc_sources `contacts` in dbt_project.yml).
with sessions as (
    select * from {{ ref('stg_chat__sessions') }}
),

channel_mappings as (
    select
        source_value as chat_channel,
        channel_code
    from {{ ref('channel_mappings') }}
    where source_system = 'chat_channel'
),

contacts as (
    select
        -- Lineage beyond the contract (int_channel_contacts_unioned selects the contract).
        sessions.gemeente_code,
        coalesce(channel_mappings.channel_code, 'onbekend') as channel_key,
        'chat' as source_system,
        sessions.conversation_id as source_record_id,
        sessions.started_at,
        sessions.started_date as contact_date,
        'chat_topic' as subject_source_system,
        sessions.topic as subject_source_value,
        -- The team that answered; a handed-over conversation counts for the team it went to.
        case
            when coalesce(sessions.transferred_to, sessions.team) is not null
                then {{ department_key('coalesce(sessions.transferred_to, sessions.team)') }}
            else 'onbekend'
        end as department_key,
        sessions.employee_key,
        cast(null as {{ type_text() }}) as case_key,
        -- Wait: until the first staff reply; talk and handle: from that reply to the end.
        cast(
            {{ seconds_between('sessions.started_at', 'sessions.first_response_at') }} as integer
        ) as wait_s,
        cast(
            {{ seconds_between('sessions.first_response_at', 'sessions.ended_at') }} as integer
        ) as talk_s,
        cast(null as integer) as wrap_s,
        cast(
            {{ seconds_between('sessions.first_response_at', 'sessions.ended_at') }} as integer
        ) as handle_s,
        true as is_offered,
        sessions.first_response_at is not null as is_handled,
        sessions.first_response_at is null as is_abandoned,
        sessions.transferred_to is not null as is_referred_internal,
        false as is_referred_external,
        false as is_complaint,
        sessions.customer_phone_key,
        sessions.customer_email_key,
        cast(null as {{ type_text() }}) as customer_bsn_key,
        false as is_eherkenning
    from sessions
    left join channel_mappings
        on sessions.channel = channel_mappings.chat_channel
)

select * from contacts
