{#
    Custom schemas are used as they are (staging, core, kpi, reference) instead of
    dbt's default <target_schema>_<custom>, so analysts query core.fact_contact.

    Several municipalities in one warehouse (docs/multi-municipality.md): with a schema
    prefix (schema_prefix(), e.g. gm0307_) every custom schema gets it (gm0307_staging,
    gm0307_core, ...), so each municipality keeps a schema set of its own, incremental
    state included. Without one the names stay as above.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ schema_prefix() ~ (custom_schema_name | trim) }}
    {%- endif -%}
{%- endmacro %}


{#
    schema_prefix: env var KCC_SCHEMA_PREFIX, else dbt var schema_prefix, else none ('').
    Lower-case letters, digits and underscores only, as it becomes part of unquoted
    schema names.
#}
{% macro schema_prefix() -%}
    {%- set prefix = env_var('KCC_SCHEMA_PREFIX', var('schema_prefix', '')) | string | trim %}
    {%- if prefix and not modules.re.fullmatch('[a-z0-9_]+', prefix) %}
        {{ exceptions.raise_compiler_error(
            "schema prefix (KCC_SCHEMA_PREFIX or var schema_prefix) may hold only lower-case"
            ~ " letters, digits and underscores, e.g. gm0307_; got '" ~ prefix ~ "'") }}
    {%- endif %}
    {{- return(prefix) -}}
{%- endmacro %}


{#
    municipality_schema_prefix: the schema prefix of one municipality in a pooled
    warehouse, gm<CBS code>_ (gm0307_), as `klantcontact pool` builds it.
#}
{% macro municipality_schema_prefix(gemeente_code) -%}
    {{- return('gm' ~ gemeente_code ~ '_') -}}
{%- endmacro %}
