{#
    The source registry: dbt var `kcc_sources` (dbt_project.yml), one entry per
    export source, is the one list of raw export files, the staging models built on
    them and the models a source adds to the conformed layer. Everything that loops
    over sources (quarantine, reconciliation, freshness, the as-of date, the call
    legs, counter visits, e-mail messages, form submissions and channel contacts
    unions) reads it through these macros, so a fork wires
    in a source by adding its entry, not by editing models. Documented in
    macros/staging/_staging__macros.yml and docs/adding-a-source.md.
#}

{#
    kcc_sources: the registry as a list of {name, enabled, files, call_legs, contacts,
    counter_visits, email_messages, form_submissions}, in the order of the var. A source switched off (`enabled: false`) stays in the
    list, so its models still build (with zero rows) and nothing referring to them
    breaks.
#}
{% macro kcc_sources() %}
    {%- set registry = var('kcc_sources', {}) %}
    {%- set sources = [] %}
    {%- for name, entry in registry.items() %}
        {%- do sources.append({
            'name': name,
            'enabled': entry.get('enabled', true) in [true, 'true', 'True', 1],
            'files': entry.get('files', []) or [],
            'call_legs': entry.get('call_legs'),
            'contacts': entry.get('contacts'),
            'counter_visits': entry.get('counter_visits'),
            'email_messages': entry.get('email_messages'),
            'form_submissions': entry.get('form_submissions'),
        }) %}
    {%- endfor %}
    {{ return(sources) }}
{% endmacro %}

{#
    source_is_enabled: whether a source folder is read. A folder the registry does not
    name (a fork's source registered only in its sources YAML) is read.
#}
{% macro source_is_enabled(source_name) %}
    {%- for source in kcc_sources() %}
        {%- if source.name == source_name %}
            {{ return(source.enabled) }}
        {%- endif %}
    {%- endfor %}
    {{ return(true) }}
{% endmacro %}

{#
    staged_files: every export file of every source with its base model, staged
    model, key columns and record id expression: [{source, file, base, staged, key,
    record_id}]. With only_enabled=false the files of switched-off sources too. Files
    marked duckdb_only (pages of an API, which only DuckDB reads) are left out on other
    engines, where their models are disabled.
#}
{% macro staged_files(only_enabled=true) %}
    {%- set files = [] %}
    {%- for source in kcc_sources() %}
        {%- if source.enabled or not only_enabled %}
            {%- for file in source.files if target.type == 'duckdb' or not file.get('duckdb_only') %}
                {%- do files.append({
                    'source': source.name,
                    'file': file['file'],
                    'base': file['base'],
                    'staged': file['staged'],
                    'key': file['key'],
                    'record_id': file['record_id'],
                }) %}
            {%- endfor %}
        {%- endif %}
    {%- endfor %}
    {{ return(files) }}
{% endmacro %}

{#
    call_leg_models: the staging models holding call legs, one per telephony vendor
    (kcc_sources `call_legs`), each on the call_leg contract: [{model, source}].
    int_call_legs_unioned unions them. Switched-off sources included: their model is
    empty, and the union's columns do not depend on configuration.
#}
{% macro call_leg_models() %}
    {%- set models = [] %}
    {%- for source in kcc_sources() %}
        {%- if source.call_legs %}
            {%- do models.append({'model': source.call_legs, 'source': source.name}) %}
        {%- endif %}
    {%- endfor %}
    {{ return(models) }}
{% endmacro %}

{#
    channel_contact_models: models mapping a channel export onto the contact contract
    of int_channel_contacts_unioned (a new channel such as chat): [{model, channels,
    source}].
#}
{% macro channel_contact_models() %}
    {%- set models = [] %}
    {%- for source in kcc_sources() %}
        {%- if source.contacts %}
            {%- do models.append({
                'model': source.contacts['model'],
                'channels': source.contacts.get('channels', []),
                'source': source.name,
            }) %}
        {%- endif %}
    {%- endfor %}
    {{ return(models) }}
{% endmacro %}

{#
    contract_models: the models registered for a contract with a union model
    (macros/staging/contracts.sql, contract_registry_keys: call_leg, counter_visit,
    email_message, form_submission), one per source whose kcc_sources entry names one
    under the contract's key: [{model, source}], in registry order. Switched-off sources
    included, as in call_leg_models().
#}
{% macro contract_models(contract) %}
    {%- set registry_key = contract_registry_keys()[contract] %}
    {%- set models = [] %}
    {%- for source in kcc_sources() %}
        {%- if source[registry_key] %}
            {%- do models.append({'model': source[registry_key], 'source': source.name}) %}
        {%- endif %}
    {%- endfor %}
    {{ return(models) }}
{% endmacro %}

{# counter_visit_models: the models on the counter_visit contract (kcc_sources `counter_visits`). #}
{% macro counter_visit_models() %}{{ return(contract_models('counter_visit')) }}{% endmacro %}

{# email_message_models: the models on the email_message contract (kcc_sources `email_messages`). #}
{% macro email_message_models() %}{{ return(contract_models('email_message')) }}{% endmacro %}

{# form_submission_models: the models on the form_submission contract (kcc_sources `form_submissions`). #}
{% macro form_submission_models() %}{{ return(contract_models('form_submission')) }}{% endmacro %}

{#
    contract_sources: the names of the sources registered for a contract with a union
    model (contract_models), e.g. contract_sources('counter_visit') = ['balie'] in the
    demo: what a channel's KPIs need rows from.
#}
{% macro contract_sources(contract) %}
    {{ return(contract_models(contract) | map(attribute='source') | list) }}
{% endmacro %}
