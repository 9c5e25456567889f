{#
    The contracts a source maps its export onto (docs/adding-a-source.md): column names
    and DuckDB types, in order. Each has a union model that selects exactly these columns
    from every model registered for it in kcc_sources, adding the source's name
    (source_system), so a second or replacing system on a channel counts in that channel's
    KPIs. The generic test conforms_to_contract checks a source's model against them.
#}

{# call_leg: one row per call leg, the shape of stg_telephony__dialogue_legs. #}
{% macro call_leg_contract() %}
    {{ return([
        ('leg_id', 'varchar'), ('call_id', 'varchar'), ('direction', 'varchar'),
        ('started_at', 'timestamp with time zone'), ('started_date', 'date'),
        ('ivr_s', 'integer'), ('ivr_result', 'varchar'), ('queue_id', 'varchar'),
        ('queue_entered_at', 'timestamp with time zone'),
        ('accepted_at', 'timestamp with time zone'), ('ended_at', 'timestamp with time zone'),
        ('acw_s', 'integer'), ('employee_key', 'varchar'), ('customer_phone_key', 'varchar'),
        ('is_anonymous_caller', 'boolean'), ('outcome', 'varchar'),
        ('transfer_target_queue_id', 'varchar'),
    ]) }}
{% endmacro %}

{# channel_contact: one row per contact on a channel, the rows int_channel_contacts_unioned unions. #}
{% macro channel_contact_contract() %}
    {{ return([
        ('channel_key', 'varchar'), ('source_system', 'varchar'), ('source_record_id', 'varchar'),
        ('started_at', 'timestamp with time zone'), ('contact_date', 'date'),
        ('subject_source_system', 'varchar'), ('subject_source_value', 'varchar'),
        ('department_key', 'varchar'), ('employee_key', 'varchar'), ('case_key', 'varchar'),
        ('wait_s', 'integer'), ('talk_s', 'integer'), ('wrap_s', 'integer'),
        ('handle_s', 'integer'), ('is_offered', 'boolean'), ('is_handled', 'boolean'),
        ('is_abandoned', 'boolean'), ('is_referred_internal', 'boolean'),
        ('is_referred_external', 'boolean'), ('is_complaint', 'boolean'),
        ('customer_phone_key', 'varchar'), ('customer_email_key', 'varchar'),
        ('customer_bsn_key', 'varchar'), ('is_eherkenning', 'boolean'),
    ]) }}
{% endmacro %}

{# counter_visit: one row per counter (balie) visit, the shape of stg_balie__visits (int_counter_visits_unioned). #}
{% macro counter_visit_contract() %}
    {{ return([
        ('visit_id', 'varchar'), ('branch', 'varchar'), ('service', 'varchar'),
        ('appointment_at', 'timestamp with time zone'), ('arrived_at', 'timestamp with time zone'),
        ('called_at', 'timestamp with time zone'), ('ended_at', 'timestamp with time zone'),
        ('visit_date', 'date'), ('is_walk_in', 'boolean'), ('employee_key', 'varchar'),
        ('status', 'varchar'), ('customer_bsn_key', 'varchar'),
    ]) }}
{% endmacro %}

{# email_message: one row per e-mail message, the shape of stg_email__messages (int_email_messages_unioned). #}
{% macro email_message_contract() %}
    {{ return([
        ('message_id', 'varchar'), ('conversation_id', 'varchar'), ('direction', 'varchar'),
        ('mailbox', 'varchar'), ('customer_email_key', 'varchar'),
        ('sent_at', 'timestamp with time zone'), ('sent_date', 'date'),
        ('is_auto_reply', 'boolean'), ('category', 'varchar'), ('employee_key', 'varchar'),
        ('forwarded_to', 'varchar'),
    ]) }}
{% endmacro %}

{# form_submission: one row per e-form submission, the shape of stg_web__form_submissions (int_form_submissions_unioned). #}
{% macro form_submission_contract() %}
    {{ return([
        ('submission_id', 'varchar'), ('form_slug', 'varchar'), ('form_name', 'varchar'),
        ('started_at', 'timestamp with time zone'), ('started_date', 'date'),
        ('completed_at', 'timestamp with time zone'), ('completed_date', 'date'),
        ('auth_method', 'varchar'), ('customer_bsn_key', 'varchar'),
        ('customer_email_key', 'varchar'), ('customer_phone_key', 'varchar'), ('case_id', 'varchar'),
    ]) }}
{% endmacro %}

{#
    contract_columns: the contract's column list by name: call_leg, channel_contact,
    counter_visit, email_message or form_submission.
#}
{% macro contract_columns(contract) %}
    {%- set contracts = {
        'call_leg': call_leg_contract,
        'channel_contact': channel_contact_contract,
        'counter_visit': counter_visit_contract,
        'email_message': email_message_contract,
        'form_submission': form_submission_contract,
    } %}
    {%- if contract in contracts %}
        {{ return(contracts[contract]()) }}
    {%- endif %}
    {{ exceptions.raise_compiler_error(
        "unknown contract '" ~ contract ~ "': use one of " ~ (contracts.keys() | list | join(', '))) }}
{% endmacro %}

{#
    contract_registry_keys: the kcc_sources key that registers a source's model for each
    contract that has a union model (channel_contact has its own key `contacts`, with
    the channels it exports).
#}
{% macro contract_registry_keys() %}
    {{ return({
        'call_leg': 'call_legs',
        'counter_visit': 'counter_visits',
        'email_message': 'email_messages',
        'form_submission': 'form_submissions',
    }) }}
{% endmacro %}

{#
    contract_union: the body of a union model: the contract's columns and source_system
    from every model registered for the contract ([{model, source}], e.g.
    counter_visit_models()), or zero rows with the contract's columns when none is.
#}
{% macro contract_union(contract, registered) %}
    {%- set columns = contract_columns(contract) %}
    {%- for entry in registered %}
        select
            {%- for name, data_type in columns %}
                {{ name }},
            {%- endfor %}
            '{{ entry.source }}' as source_system
        from {{ ref(entry.model) }}
        {%- if not loop.last %}
        union all
        {%- endif %}
    {%- endfor %}
    {%- if not registered %}
        -- Nothing registered: zero rows with the contract's columns.
        select
            {%- for name, data_type in columns %}
                cast(null as {{ contract_type(data_type) }}) as {{ name }},
            {%- endfor %}
            cast(null as {{ type_text() }}) as source_system
        where false
    {%- endif %}
{% endmacro %}

{# contract_type: a contract's DuckDB type name as this engine writes it in a cast. #}
{% macro contract_type(data_type) %}
    {%- if data_type == 'varchar' %}{{ return(type_text()) }}
    {%- elif data_type == 'timestamp with time zone' %}{{ return(type_timestamptz()) }}
    {%- elif data_type == 'double' %}{{ return(type_double()) }}
    {%- endif %}
    {{ return(data_type) }}
{% endmacro %}
