{#
    Custom schemas are used as they are (staging, core, kpi, reference) instead of
    dbt's default <target_schema>_<custom>, so analysts query core.fact_contact.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
