{#
    conforms_to_contract: fails with one row per contract column the model lacks or holds
    with another type. The contracts (macros/staging/contracts.sql) are what a source
    maps its export onto to join the conformed layer: call_leg (a telephony vendor) and
    channel_contact (a new channel). Extra columns, such as lineage, are allowed. Type names
    are compared in DuckDB's spelling on every engine (normalised_type_name).
#}
{% test conforms_to_contract(model, contract) %}
{%- set problems = [] %}
{%- if execute %}
    {%- set actual = {} %}
    {%- for column in adapter.get_columns_in_relation(model) %}
        {%- do actual.update({column.name | lower: normalised_type_name(column.dtype)}) %}
    {%- endfor %}
    {%- for name, data_type in contract_columns(contract) %}
        {%- if name not in actual %}
            {%- do problems.append((name, data_type, 'missing')) %}
        {%- elif actual[name] != normalised_type_name(data_type) %}
            {%- do problems.append((name, data_type, actual[name])) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}
{%- for name, expected_type, found in problems %}
select
    '{{ name }}' as column_name,
    '{{ expected_type }}' as contract_type,
    '{{ found }}' as found
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- if not problems %}
select
    cast(null as {{ type_text() }}) as column_name,
    cast(null as {{ type_text() }}) as contract_type,
    cast(null as {{ type_text() }}) as found
where false
{%- endif %}
{% endtest %}
