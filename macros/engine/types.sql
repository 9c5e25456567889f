{#
    Type names differ between the engines (docs/engines.md): DuckDB's `varchar` is Spark's
    `string` (Spark wants a length with varchar), DuckDB's `double` is PostgreSQL's
    `double precision`, and Spark has one `timestamp` for instants, shown in the session
    time zone (UTC, profiles.yml). Models cast with these macros, never with a type name
    only one engine knows.
#}

{% macro type_text() %}{{ return(adapter.dispatch('type_text', 'klantcontact')()) }}{% endmacro %}
{% macro default__type_text() %}varchar{% endmacro %}
{% macro spark__type_text() %}string{% endmacro %}

{% macro type_double() %}{{ return(adapter.dispatch('type_double', 'klantcontact')()) }}{% endmacro %}
{% macro default__type_double() %}double{% endmacro %}
{% macro postgres__type_double() %}double precision{% endmacro %}

{# An instant (UTC inside, local dates are derived explicitly). #}
{% macro type_timestamptz() %}{{ return(adapter.dispatch('type_timestamptz', 'klantcontact')()) }}{% endmacro %}
{% macro default__type_timestamptz() %}timestamptz{% endmacro %}
{% macro spark__type_timestamptz() %}timestamp{% endmacro %}

{# A wall-clock time without zone (a local time of day, run_started_at). Spark's `timestamp`
   too: with the session in UTC it keeps the wall clock as given. #}
{% macro type_timestamp() %}{{ return(adapter.dispatch('type_timestamp', 'klantcontact')()) }}{% endmacro %}
{% macro default__type_timestamp() %}timestamp{% endmacro %}
