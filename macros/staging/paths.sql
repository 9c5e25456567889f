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
    glob_escape: a path with glob()'s wildcards made literal ([ * ? each in brackets), so
    a folder called "exports [2025]" is matched as itself.
#}
{% macro glob_escape(path) %}
    {{- return(path | replace('[', '[[]') | replace('*', '[*]') | replace('?', '[?]')) -}}
{% endmacro %}

{#
    raw_glob_literal: a glob pattern below raw_dir (e.g. '/*/*/*') as an SQL string
    literal: raw_dir's own wildcards escaped (glob_escape), its quotes doubled
    (sql_string_literal).
#}
{% macro raw_glob_literal(pattern) %}
    {{- return(sql_string_literal(glob_escape(raw_dir()) ~ pattern)) -}}
{% endmacro %}
