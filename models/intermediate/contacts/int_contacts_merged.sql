-- int_contacts_merged: one row per customer contact: every channel record, merged with the
-- KCC registration (contactmoment) that names it, plus every registration that names none.
-- A registration can only merge with a channel record whose id it names, so the records and
-- registrations sharing one id (the match group; a registration without a reference is a
-- group of its own) are merged independently of all others. A daily run re-derives only
-- the groups whose rows or mappings changed (macros/incremental/rederive.sql).
{{ rederived_by_key_config('_match_group', [
    {'model': 'int_channel_contacts_unioned', 'key': 'inputs.source_record_id'},
    {'model': 'int_contact_moments_unioned', 'key': match_group_of_registration('inputs')},
]) }}

with all_channel_contacts as (
    select
        *,
        source_record_id as _match_group
    from {{ ref('int_channel_contacts_unioned') }}
),

registrations as (
    select * from {{ ref('int_contact_moments_unioned') }}
),

internal_tasks as (
    select * from {{ ref('int_internal_tasks_unioned') }}
),

kanaal_mappings as (
    select
        source_value,
        channel_code
    from {{ ref('channel_mappings') }}
    where source_system = 'kcs_kanaal'
),

subject_mappings as (
    select * from {{ ref('subject_mappings') }}
),

departments as (
    select * from {{ ref('departments') }}
),

callback_requests as (
    select distinct contact_moment_id
    from internal_tasks
    where is_callback_request
),

-- Each registration on the channel its kanaal maps to (onbekend when unmapped).
all_registrations_mapped as (
    select
        registrations.contact_moment_id,
        registrations.channel_reference,
        registrations.started_at,
        registrations.started_date,
        registrations.ended_at,
        registrations.question_subject,
        registrations.contact_result,
        registrations.responsible_department,
        registrations.employee_key,
        registrations.is_complaint,
        registrations.customer_phone_key,
        registrations.customer_email_key,
        registrations.customer_bsn_key,
        registrations.case_reference,
        coalesce(kanaal_mappings.channel_code, 'onbekend') as channel_key,
        callback_requests.contact_moment_id is not null as has_callback_task,
        {{ match_group_of_registration('registrations') }} as _match_group
    from registrations
    left join kanaal_mappings
        on registrations.channel_name = kanaal_mappings.source_value
    left join callback_requests
        on registrations.contact_moment_id = callback_requests.contact_moment_id
),

-- Each match group's fingerprint: its channel records and mapped registrations, and the
-- subject and department mappings every contact reads.
group_rows as (
    select
        _match_group,
        {{ row_hash('all_channel_contacts') }} as row_hash
    from all_channel_contacts

    union all

    select
        _match_group,
        {{ row_hash('all_registrations_mapped') }} as row_hash
    from all_registrations_mapped
),

fingerprints as (
    select
        _match_group,
        {{ inputs_fingerprint('row_hash', ['subject_mappings', 'departments']) }}
            as _inputs_fingerprint
    from group_rows
    group by _match_group
),

rederived as (
    {{ rederived_keys('fingerprints', '_match_group') }}
),

channel_contacts as (
    {{ rederived_rows('all_channel_contacts', '_match_group') }}
),

registrations_mapped as (
    {{ rederived_rows('all_registrations_mapped', '_match_group') }}
),

-- A registration names a channel record by kanaal_referentie within its own channel. Two
-- systems on one channel may both hold a record with that id: the registration then names
-- the earliest of them, so it merges with one record at most.
reference_candidates as (
    select
        registrations_mapped.contact_moment_id,
        registrations_mapped.started_at as registered_at,
        channel_contacts.contact_key,
        row_number() over (
            partition by registrations_mapped.contact_moment_id
            order by channel_contacts.started_at, channel_contacts.contact_key
        ) as candidate_rank
    from registrations_mapped
    inner join channel_contacts
        on
            registrations_mapped.channel_key = channel_contacts.channel_key
            and registrations_mapped.channel_reference = channel_contacts.source_record_id
),

-- When several registrations name the same record, the earliest one merges with it.
reference_matches as (
    select
        contact_moment_id,
        contact_key,
        row_number() over (
            partition by contact_key
            order by registered_at, contact_moment_id
        ) as registration_rank
    from reference_candidates
    where candidate_rank = 1
),

merged_matches as (
    select
        contact_moment_id,
        contact_key
    from reference_matches
    where registration_rank = 1
),

merged_contacts as (
    select
        channel_contacts.contact_key,
        channel_contacts.channel_key,
        channel_contacts.source_system,
        channel_contacts.source_record_id,
        registrations_mapped.contact_moment_id,
        case
            when registrations_mapped.contact_moment_id is not null then 'merged'
            else 'not_registered'
        end as registration_match,
        channel_contacts.started_at,
        channel_contacts.contact_date,
        channel_contacts.subject_source_system,
        channel_contacts.subject_source_value,
        channel_contacts.department_key as channel_department_key,
        channel_contacts.employee_key as channel_employee_key,
        channel_contacts.case_key as channel_case_key,
        channel_contacts.wait_s,
        channel_contacts.talk_s,
        channel_contacts.wrap_s,
        channel_contacts.handle_s,
        channel_contacts.is_offered,
        channel_contacts.is_handled,
        channel_contacts.is_abandoned,
        channel_contacts.is_referred_internal as is_channel_referred_internal,
        channel_contacts.is_referred_external as is_channel_referred_external,
        channel_contacts.is_complaint as is_channel_complaint,
        channel_contacts.customer_phone_key as channel_phone_key,
        channel_contacts.customer_email_key as channel_email_key,
        channel_contacts.customer_bsn_key as channel_bsn_key,
        channel_contacts.is_eherkenning,
        registrations_mapped.question_subject,
        registrations_mapped.contact_result,
        registrations_mapped.responsible_department,
        registrations_mapped.employee_key as registration_employee_key,
        registrations_mapped.is_complaint as is_registration_complaint,
        registrations_mapped.has_callback_task,
        registrations_mapped.case_reference,
        registrations_mapped.customer_phone_key as registration_phone_key,
        registrations_mapped.customer_email_key as registration_email_key,
        registrations_mapped.customer_bsn_key as registration_bsn_key,
        channel_contacts._match_group
    from channel_contacts
    left join merged_matches
        on channel_contacts.contact_key = merged_matches.contact_key
    left join registrations_mapped
        on merged_matches.contact_moment_id = registrations_mapped.contact_moment_id
),

-- Registrations that merged with no channel record are contacts of their own.
standalone_registrations as (
    select
        registrations_mapped.channel_key || '|KCS-' || registrations_mapped.contact_moment_id
            as contact_key,
        registrations_mapped.channel_key,
        'kcs' as source_system,
        registrations_mapped.contact_moment_id as source_record_id,
        registrations_mapped.contact_moment_id,
        case
            {%- set exported_channels = channels_with_export() %}
            when {% if exported_channels -%}
                    registrations_mapped.channel_key not in (
                        {%- for channel in exported_channels %}
                            '{{ channel }}'{% if not loop.last %},{% endif %}
                        {%- endfor %}
                    )
            {%- else %}true{% endif %} then 'no_channel_export'
            when registrations_mapped.channel_reference is null then 'empty_reference'
            when reference_matches.contact_moment_id is not null then 'duplicate_reference'
            else 'unknown_reference'
        end as registration_match,
        registrations_mapped.started_at,
        registrations_mapped.started_date as contact_date,
        cast(null as {{ type_text() }}) as subject_source_system,
        cast(null as {{ type_text() }}) as subject_source_value,
        cast(null as {{ type_text() }}) as channel_department_key,
        cast(null as {{ type_text() }}) as channel_employee_key,
        cast(null as {{ type_text() }}) as channel_case_key,
        cast(null as integer) as wait_s,
        cast(
            {{ seconds_between('registrations_mapped.started_at', 'registrations_mapped.ended_at') }}
            as integer
        ) as talk_s,
        cast(null as integer) as wrap_s,
        cast(
            {{ seconds_between('registrations_mapped.started_at', 'registrations_mapped.ended_at') }}
            as integer
        ) as handle_s,
        true as is_offered,
        true as is_handled,
        false as is_abandoned,
        false as is_channel_referred_internal,
        false as is_channel_referred_external,
        false as is_channel_complaint,
        cast(null as {{ type_text() }}) as channel_phone_key,
        cast(null as {{ type_text() }}) as channel_email_key,
        cast(null as {{ type_text() }}) as channel_bsn_key,
        false as is_eherkenning,
        registrations_mapped.question_subject,
        registrations_mapped.contact_result,
        registrations_mapped.responsible_department,
        registrations_mapped.employee_key as registration_employee_key,
        registrations_mapped.is_complaint as is_registration_complaint,
        registrations_mapped.has_callback_task,
        registrations_mapped.case_reference,
        registrations_mapped.customer_phone_key as registration_phone_key,
        registrations_mapped.customer_email_key as registration_email_key,
        registrations_mapped.customer_bsn_key as registration_bsn_key,
        registrations_mapped._match_group
    from registrations_mapped
    left join merged_matches
        on registrations_mapped.contact_moment_id = merged_matches.contact_moment_id
    left join reference_matches
        on registrations_mapped.contact_moment_id = reference_matches.contact_moment_id
    where merged_matches.contact_moment_id is null
),

contacts as (
    select * from merged_contacts
    union all
    select * from standalone_registrations
),

-- The subject's source: the registration's vraag when it has one, else the channel record.
subject_sources as (
    select
        *,
        case
            when question_subject is not null then 'kiss_vraag'
            else subject_source_system
        end as subject_system,
        coalesce(question_subject, subject_source_value) as subject_value
    from contacts
),

-- Mapping rows valid on the contact date (validity inclusive; empty = open).
subjects_mapped as (
    select
        subject_sources.contact_key,
        max(subject_mappings.subject) as subject_key
    from subject_sources
    inner join subject_mappings
        on
            subject_sources.subject_system = subject_mappings.source_system
            and subject_sources.subject_value = subject_mappings.source_value
            and subject_sources.contact_date
            >= coalesce(subject_mappings.valid_from, subject_sources.contact_date)
            and subject_sources.contact_date
            <= coalesce(subject_mappings.valid_to, subject_sources.contact_date)
    group by subject_sources.contact_key
),

final as (
    select
        subject_sources.contact_key,
        subject_sources.channel_key,
        subject_sources.source_system,
        subject_sources.source_record_id,
        subject_sources.contact_moment_id,
        subject_sources.registration_match,
        subject_sources.started_at,
        subject_sources.contact_date,
        subject_sources.subject_system,
        subject_sources.subject_value,
        coalesce(subjects_mapped.subject_key, 'onbekend') as subject_key,
        case
            when subject_sources.responsible_department is not null
                then {{ department_key('subject_sources.responsible_department') }}
            else coalesce(subject_sources.channel_department_key, 'onbekend')
        end as department_key,
        coalesce(
            subject_sources.channel_employee_key,
            subject_sources.registration_employee_key,
            'onbekend'
        ) as employee_key,
        coalesce(
            {{ case_key_from_reference('subject_sources.case_reference') }},
            subject_sources.channel_case_key,
            'onbekend'
        ) as case_key,
        subject_sources.wait_s,
        subject_sources.talk_s,
        subject_sources.wrap_s,
        subject_sources.handle_s,
        subject_sources.is_offered,
        subject_sources.is_handled,
        subject_sources.is_abandoned,
        subject_sources.contact_moment_id is not null as is_registered,
        coalesce(subject_sources.contact_result = 'Zelfstandig afgehandeld', false)
            as is_resolved_directly,
        subject_sources.is_channel_referred_internal
        or coalesce(subject_sources.contact_result = 'Doorverbonden binnen KCC', false)
            as is_referred_internal,
        subject_sources.is_channel_referred_external
        or coalesce(
            subject_sources.contact_result in (
                'Doorverbonden naar afdeling', 'Doorverwezen naar andere organisatie'
            ),
            false
        ) as is_referred_external,
        coalesce(subject_sources.contact_result = 'Terugbelverzoek', false)
        or coalesce(subject_sources.has_callback_task, false) as is_callback_requested,
        subject_sources.is_channel_complaint
        or coalesce(subject_sources.is_registration_complaint, false) as is_complaint,
        subject_sources.contact_result,
        subject_sources.channel_phone_key,
        subject_sources.channel_email_key,
        subject_sources.channel_bsn_key,
        subject_sources.registration_phone_key,
        subject_sources.registration_email_key,
        subject_sources.registration_bsn_key,
        subject_sources.is_eherkenning,
        subject_sources._match_group,
        rederived._inputs_fingerprint,
        rederived._derived_at
    from subject_sources
    left join subjects_mapped
        on subject_sources.contact_key = subjects_mapped.contact_key
    inner join rederived
        on subject_sources._match_group = rederived._match_group
)

select * from final
