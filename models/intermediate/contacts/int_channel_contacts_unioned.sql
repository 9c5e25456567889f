-- int_channel_contacts_unioned: one row per contact recorded in a channel export: a call,
-- a counter visit, an e-mail conversation, an e-form submission (each of every system
-- registered for its contract: call_legs, counter_visits, email_messages, form_submissions
-- in kcc_sources), a self-service melding, and the rows of every registered channel contact
-- model (kcc_sources `contacts` in dbt_project.yml, e.g. chat): a new channel maps its
-- export onto the contact contract (channel_contact, macros/staging/contracts.sql) in a
-- model of its own and is unioned here without editing this model. contact_key is channel,
-- source system and record id, so two systems on one channel never collide.
{%- set contact_columns = [] %}
{%- for name, data_type in channel_contact_contract() %}{% do contact_columns.append(name) %}{% endfor %}

with calls as (
    select * from {{ ref('int_calls_folded') }}
),

visits as (
    select * from {{ ref('int_counter_visits_unioned') }}
),

-- A visit's wait and service time per docs/kpi-catalogue.md, computed once for the balie KPIs and mart.
judged_visits as (
    select
        visit_key,
        wait_s,
        service_s
    from {{ ref('int_balie_visits_judged') }}
),

conversations as (
    select * from {{ ref('int_email_conversations_built') }}
),

submissions as (
    select * from {{ ref('int_form_submissions_unioned') }}
),

signals as (
    select * from {{ ref('stg_mor__signals') }}
),

category_assignments as (
    select * from {{ ref('stg_mor__category_assignments') }}
),

reporters as (
    select * from {{ ref('stg_mor__reporters') }}
),

signal_channels as (
    select
        channel_mappings.source_value as signal_source,
        channel_mappings.channel_code,
        channels.is_self_service
    from {{ ref('channel_mappings') }} as channel_mappings
    inner join {{ ref('channels') }} as channels
        on channel_mappings.channel_code = channels.channel_code
    where channel_mappings.source_system = 'signalen_source'
),

-- A melding (signal without parent) is a contact of its own only when filed on a
-- self-service channel (Signalen web form `online`, `app`); other sources are cases
-- created during a contact that its own channel already counts.
self_service_meldingen as (
    select
        signals.signal_id,
        signals.created_at,
        signals.created_date,
        signals.signal_type,
        signal_channels.channel_code
    from signals
    inner join signal_channels
        on signals.signal_source = signal_channels.signal_source
    where signals.parent_signal_id is null and signal_channels.is_self_service
),

current_categories as (
    select
        signal_id,
        main_category,
        departments,
        row_number() over (
            partition by signal_id order by created_at desc, assignment_id desc
        ) as category_rank
    from category_assignments
),

latest_reporters as (
    select
        signal_id,
        reporter_email_key,
        reporter_phone_key,
        row_number() over (
            partition by signal_id order by created_at desc, reporter_id desc
        ) as reporter_rank
    from reporters
),

call_contacts as (
    select
        'telefoon' as channel_key,
        source_system,
        call_id as source_record_id,
        started_at,
        started_date as contact_date,
        cast(null as {{ type_text() }}) as subject_source_system,
        cast(null as {{ type_text() }}) as subject_source_value,
        department_key,
        employee_key,
        cast(null as {{ type_text() }}) as case_key,
        wait_s,
        talk_s,
        acw_s as wrap_s,
        handle_s,
        is_offered,
        has_accepted_leg as is_handled,
        is_abandoned,
        is_transfer_internal as is_referred_internal,
        is_transfer_to_department as is_referred_external,
        false as is_complaint,
        customer_phone_key,
        cast(null as {{ type_text() }}) as customer_email_key,
        cast(null as {{ type_text() }}) as customer_bsn_key,
        false as is_eherkenning
    from calls
),

visit_contacts as (
    select
        'balie' as channel_key,
        visits.source_system,
        visits.visit_id as source_record_id,
        coalesce(visits.arrived_at, visits.appointment_at) as started_at,
        visits.visit_date as contact_date,
        'balie_service' as subject_source_system,
        visits.service as subject_source_value,
        'onbekend' as department_key,
        visits.employee_key,
        cast(null as {{ type_text() }}) as case_key,
        judged_visits.wait_s,
        judged_visits.service_s as talk_s,
        cast(null as integer) as wrap_s,
        judged_visits.service_s as handle_s,
        visits.status in ('Geholpen', 'Doorverwezen', 'Vertrokken zonder hulp') as is_offered,
        visits.status in ('Geholpen', 'Doorverwezen') as is_handled,
        visits.status = 'Vertrokken zonder hulp' as is_abandoned,
        false as is_referred_internal,
        visits.status = 'Doorverwezen' as is_referred_external,
        false as is_complaint,
        cast(null as {{ type_text() }}) as customer_phone_key,
        cast(null as {{ type_text() }}) as customer_email_key,
        visits.customer_bsn_key,
        false as is_eherkenning
    from visits
    left join judged_visits
        on visits.visit_key = judged_visits.visit_key
),

conversation_contacts as (
    select
        'e-mail' as channel_key,
        source_system,
        conversation_id as source_record_id,
        received_at as started_at,
        received_date as contact_date,
        'email_category' as subject_source_system,
        category as subject_source_value,
        coalesce(
            forwarded_department_key,
            case when mailbox is not null then {{ department_key('mailbox') }} end,
            'onbekend'
        ) as department_key,
        employee_key,
        cast(null as {{ type_text() }}) as case_key,
        cast(null as integer) as wait_s,
        cast(null as integer) as talk_s,
        cast(null as integer) as wrap_s,
        cast(null as integer) as handle_s,
        true as is_offered,
        answered_at is not null as is_handled,
        false as is_abandoned,
        false as is_referred_internal,
        forwarded_to is not null as is_referred_external,
        false as is_complaint,
        cast(null as {{ type_text() }}) as customer_phone_key,
        customer_email_key,
        cast(null as {{ type_text() }}) as customer_bsn_key,
        false as is_eherkenning
    from conversations
),

submission_contacts as (
    select
        'webformulier' as channel_key,
        source_system,
        submission_id as source_record_id,
        -- Exports of completed submissions only have no start: the contact is the completion.
        coalesce(started_at, completed_at) as started_at,
        coalesce(started_date, completed_date) as contact_date,
        'web_form' as subject_source_system,
        form_slug as subject_source_value,
        'onbekend' as department_key,
        cast(null as {{ type_text() }}) as employee_key,
        {{ case_key_from_reference('case_id') }} as case_key,
        cast(null as integer) as wait_s,
        cast(null as integer) as talk_s,
        cast(null as integer) as wrap_s,
        cast(null as integer) as handle_s,
        true as is_offered,
        completed_at is not null as is_handled,
        completed_at is null as is_abandoned,
        false as is_referred_internal,
        false as is_referred_external,
        false as is_complaint,
        customer_phone_key,
        customer_email_key,
        customer_bsn_key,
        coalesce(auth_method = 'eherkenning', false) as is_eherkenning
    from submissions
),

melding_contacts as (
    select
        self_service_meldingen.channel_code as channel_key,
        'mor' as source_system,
        'SIG-' || cast(self_service_meldingen.signal_id as {{ type_text() }}) as source_record_id,
        self_service_meldingen.created_at as started_at,
        self_service_meldingen.created_date as contact_date,
        'signalen_main_category' as subject_source_system,
        current_categories.main_category as subject_source_value,
        case
            when current_categories.departments is not null
                then {{ department_key('current_categories.departments') }}
            else 'onbekend'
        end as department_key,
        cast(null as {{ type_text() }}) as employee_key,
        'melding|SIG-' || cast(self_service_meldingen.signal_id as {{ type_text() }}) as case_key,
        cast(null as integer) as wait_s,
        cast(null as integer) as talk_s,
        cast(null as integer) as wrap_s,
        cast(null as integer) as handle_s,
        true as is_offered,
        true as is_handled,
        false as is_abandoned,
        false as is_referred_internal,
        false as is_referred_external,
        -- Signalen type COM = klacht.
        coalesce(self_service_meldingen.signal_type = 'COM', false) as is_complaint,
        latest_reporters.reporter_phone_key as customer_phone_key,
        latest_reporters.reporter_email_key as customer_email_key,
        cast(null as {{ type_text() }}) as customer_bsn_key,
        false as is_eherkenning
    from self_service_meldingen
    left join current_categories
        on
            self_service_meldingen.signal_id = current_categories.signal_id
            and current_categories.category_rank = 1
    left join latest_reporters
        on
            self_service_meldingen.signal_id = latest_reporters.signal_id
            and latest_reporters.reporter_rank = 1
),

{%- for contact_model in channel_contact_models() %}

    registered_contacts_{{ loop.index }} as (
        select
            {%- for column in contact_columns %}
                {{ column }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ ref(contact_model.model) }}
    ),
{%- endfor %}

unioned as (
    select * from call_contacts
    union all
    select * from visit_contacts
    union all
    select * from conversation_contacts
    union all
    select * from submission_contacts
    union all
    select * from melding_contacts
    {%- for contact_model in channel_contact_models() %}
        union all
        select * from registered_contacts_{{ loop.index }}
    {%- endfor %}
),

keyed as (
    select
        *,
        channel_key || '|' || source_system || '|' || source_record_id as contact_key
    from unioned
),

final as (
    select
        contact_key,
        channel_key,
        source_system,
        source_record_id,
        started_at,
        contact_date,
        subject_source_system,
        subject_source_value,
        department_key,
        employee_key,
        case_key,
        cast(wait_s as integer) as wait_s,
        cast(talk_s as integer) as talk_s,
        cast(wrap_s as integer) as wrap_s,
        cast(handle_s as integer) as handle_s,
        is_offered,
        is_handled,
        is_abandoned,
        is_referred_internal,
        is_referred_external,
        is_complaint,
        customer_phone_key,
        customer_email_key,
        customer_bsn_key,
        is_eherkenning
    from keyed
)

select * from final
