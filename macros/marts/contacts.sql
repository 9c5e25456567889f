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
    channels_with_export: the channels that have an export of their own in this
    project (telephony dialogues, balie visits, e-mail messages, web form submissions,
    Signalen app meldingen). A KCC registration on one of these channels is merged
    with the channel record its kanaal_referentie names; on any other channel (chat,
    WhatsApp, post, social, onbekend) it is a contact of its own. A municipality that
    adds an export for, say, chat adds its channel here and a branch to
    int_channel_contacts_unioned.
#}
{% macro channels_with_export() %}
    {{ return(['telefoon', 'balie', 'e-mail', 'webformulier', 'app']) }}
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
    identity_max_linked_identifiers: identity resolution ignores an identifier that
    occurs together with more than this many distinct other identifiers (a shared
    office number, a care home's e-mail address, a test BSN), so one such identifier
    cannot chain thousands of people into a single customer. Override with dbt var
    `identity_max_linked_identifiers`.
#}
{% macro identity_max_linked_identifiers() %}
    {{ return(var('identity_max_linked_identifiers', 20)) }}
{% endmacro %}
