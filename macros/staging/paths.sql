{#
    sql_string_literal: a value as an SQL string literal, its single quotes doubled. Every
    path and file name that reaches SQL goes through it: an export folder may be called
    /data/gemeente's exports/raw, and pasted between quotes as it stands it would end the
    literal early. DuckDB and PostgreSQL read backslashes in a literal as themselves.
#}
{% macro sql_string_literal(value) %}
    {{- return("'" ~ (value | string | replace("'", "''")) ~ "'") -}}
{% endmacro %}

{#
    raw_dir: the folder of the export sources, env var KCC_RAW_DIR or else dbt var raw_dir.
#}
{% macro raw_dir() %}
    {{- return(env_var('KCC_RAW_DIR', var('raw_dir'))) -}}
{% endmacro %}

{#
    raw_path_literal: a path below raw_dir (e.g. '/*/*/*') as an SQL string literal.
#}
{% macro raw_path_literal(below) %}
    {{- return(sql_string_literal(raw_dir() ~ below)) -}}
{% endmacro %}
