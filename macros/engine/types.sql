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

{#
    normalised_type_name: an engine's name of a column type (adapter.get_columns_in_relation,
    or a contract's DuckDB name) in DuckDB's spelling, lower case, so contracts written in
    DuckDB names (macros/staging/contracts.sql) compare on every engine.
#}
{% macro normalised_type_name(type_name) %}
    {{- return(adapter.dispatch('normalised_type_name', 'klantcontact')(type_name | lower | trim)) -}}
{% endmacro %}
{% macro default__normalised_type_name(type_name) %}{{ return(type_name) }}{% endmacro %}
{% macro postgres__normalised_type_name(type_name) %}
    {%- set names = {
        'text': 'varchar', 'character varying': 'varchar', 'double precision': 'double',
        'timestamp without time zone': 'timestamp', 'int4': 'integer', 'int8': 'bigint',
        'float8': 'double', 'bool': 'boolean', 'timestamptz': 'timestamp with time zone',
    } %}
    {%- if type_name.startswith('character varying(') %}{{ return('varchar') }}{% endif %}
    {%- if type_name.startswith('numeric') %}{{ return(type_name | replace('numeric', 'decimal')) }}{% endif %}
    {{- return(names.get(type_name, type_name)) -}}
{% endmacro %}
