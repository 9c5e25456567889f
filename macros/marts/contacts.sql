{#
    Macros of the contact side of the conformed layer (fact_contact, dim_customer and
    their intermediate models). Conventions: docs/conformed-model.md. Documented in
    macros/marts/_contacts__macros.yml.
#}

{#
    seconds_between: whole seconds from one timestamp to a later one, through dbt's
    cross-database datediff; null when either side is null.
#}
{% macro seconds_between(start_expression, end_expression) %}
    {{ dbt.datediff(start_expression, end_expression, 'second') }}
{% endmacro %}

{#
    match_group_of_registration: the match group of a KCC registration (relation: its alias)
    in int_contacts_merged: the channel record id it names, or a group of its own
    (KCS-<id>) when it names none.
#}
{% macro match_group_of_registration(relation) -%}
    coalesce({{ relation }}.channel_reference, 'KCS-' || {{ relation }}.contact_moment_id)
{%- endmacro %}

{#
    case_key_from_reference: the case dimension's key for a case reference as KISS
    (zaak_identificatie) writes it: `SIG-<id>` is a melding (`melding|SIG-<id>`),
    anything else a zaak (`zaak|<identificatie>`); null when the reference is empty.
#}
{% macro case_key_from_reference(reference_expression) %}
    case
        when nullif(trim({{ reference_expression }}), '') is null then null
        when upper(trim({{ reference_expression }})) like 'SIG-%'
            then 'melding|SIG-' || substr(trim({{ reference_expression }}), 5)
        else 'zaak|' || trim({{ reference_expression }})
    end
{% endmacro %}

{#
    channels_with_export: the channels that have an export of their own in this build:
    telefoon, balie, e-mail and webformulier when a system registered for their contract
    (call_legs, counter_visits, email_messages, form_submissions) is on, app (Signalen)
    when mor is on, plus the channels of every registered channel contact
    model (kcc_sources `contacts`, e.g. chat and whatsapp). A KCC registration on one
    of these channels is merged with the channel record its kanaal_referentie names;
    on any other channel (post, social, a switched-off source's channel) it is a
    contact of its own.
#}
{% macro channels_with_export() %}
    {%- set built_in = {
        'telefoon': call_leg_sources(),
        'balie': contract_sources('counter_visit'),
        'e-mail': contract_sources('email_message'),
        'webformulier': contract_sources('form_submission'),
        'app': ['mor'],
    } %}
    {%- set channels = [] %}
    {%- for channel, sources in built_in.items() %}
        {%- for source_name in sources %}
            {%- if source_is_enabled(source_name) and channel not in channels %}
                {%- do channels.append(channel) %}
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
    {%- for contact_model in channel_contact_models() %}
        {%- if source_is_enabled(contact_model.source) %}
            {%- for channel in contact_model.channels %}
                {%- if channel not in channels %}{% do channels.append(channel) %}{% endif %}
            {%- endfor %}
        {%- endif %}
    {%- endfor %}
    {{ return(channels) }}
{% endmacro %}

{# call_leg_sources: the sources that register a call_legs model (telephony vendors). #}
{% macro call_leg_sources() %}
    {{ return(call_leg_models() | map(attribute='source') | list) }}
{% endmacro %}

{#
    parameter_in_seconds: a kpi_parameters value as seconds, read together with its
    unit (seconds, minutes, hours, calendar_days); null for any other unit, so a
    window stated in working days yields no related contacts instead of a wrong one.
#}
{% macro parameter_in_seconds(value_expression, unit_expression) %}
    case {{ unit_expression }}
        when 'seconds' then {{ value_expression }}
        when 'minutes' then {{ value_expression }} * 60
        when 'hours' then {{ value_expression }} * 3600
        when 'calendar_days' then {{ value_expression }} * 86400
    end
{% endmacro %}

{#
    kpi_parameter_in_seconds: the kpi_parameters value of one parameter_code valid on a
    local date (kpi_parameter), in seconds by its own unit (parameter_in_seconds): a
    threshold stated in minutes in the seed needs no SQL change.
#}
{% macro kpi_parameter_in_seconds(parameter_code, on_date) %}
    {{ parameter_in_seconds(
        kpi_parameter(parameter_code, on_date),
        kpi_parameter(parameter_code, on_date, 'unit')
    ) }}
{% endmacro %}

{#
    identity_max_linked_identifiers: identity resolution ignores an identifier that
    occurs together with more than this many distinct other identifiers (a shared
    office number, a care home's e-mail address, a test BSN), so one such identifier
    cannot chain thousands of people into a single customer. Override with dbt var
    `identity_max_linked_identifiers`.
#}
{% macro identity_max_linked_identifiers() %}
    {{ return(var('identity_max_linked_identifiers', 20)) }}
{% endmacro %}
