{#
    Functions whose name or behaviour differs between DuckDB, PostgreSQL and Spark
    (docs/engines.md lists each difference). Every model and macro calls these instead of
    an engine's own function; default__ is DuckDB, the embedded default.

    Regular expressions are written in the subset the three engines read alike (RE2,
    PostgreSQL ARE, Java): classes like \d and \s, bounded repeats, no look-around, no
    quote. Spark gets them as raw literals r'...', whose backslashes its parser keeps.
#}

{# PostgreSQL writes a word boundary \y (its \b is a backspace). #}
{% macro postgres_regex(pattern) %}{{ return(pattern | replace('\\b', '\\y')) }}{% endmacro %}

{# The whole text matches the pattern. #}
{% macro regex_full_match(expression, pattern) %}
    {{- return(adapter.dispatch('regex_full_match', 'klantcontact')(expression, pattern)) -}}
{% endmacro %}
{% macro default__regex_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}
{% macro postgres__regex_full_match(expression, pattern) -%}
    ({{ expression }} ~ '^(?:{{ postgres_regex(pattern) }})$')
{%- endmacro %}
{% macro spark__regex_full_match(expression, pattern) -%}
    ({{ expression }} rlike r'^(?:{{ pattern }})$')
{%- endmacro %}

{# Some part of the text matches the pattern (anchor with ^ / $ where needed). #}
{% macro regex_contains(expression, pattern) %}
    {{- return(adapter.dispatch('regex_contains', 'klantcontact')(expression, pattern)) -}}
{% endmacro %}
{% macro default__regex_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern }}')
{%- endmacro %}
{% macro postgres__regex_contains(expression, pattern) -%}
    ({{ expression }} ~ '{{ postgres_regex(pattern) }}')
{%- endmacro %}
{% macro spark__regex_contains(expression, pattern) -%}
    ({{ expression }} rlike r'{{ pattern }}')
{%- endmacro %}

{# The text of capture group `group` (0: the whole match) of the first match; '' when the
   pattern does not match (DuckDB's and Spark's behaviour), null for a null text. #}
{% macro regex_extract(expression, pattern, group=0) %}
    {{- return(adapter.dispatch('regex_extract', 'klantcontact')(expression, pattern, group)) -}}
{% endmacro %}
{% macro default__regex_extract(expression, pattern, group) -%}
    regexp_extract({{ expression }}, '{{ pattern }}', {{ group }})
{%- endmacro %}
{% macro postgres__regex_extract(expression, pattern, group) -%}
    case when {{ expression }} is not null then coalesce(
        {%- if group == 0 %}
        (regexp_match({{ expression }}, '({{ postgres_regex(pattern) }})'))[1],
        {%- else %}
        (regexp_match({{ expression }}, '{{ postgres_regex(pattern) }}'))[{{ group }}],
        {%- endif %}
        ''
    ) end
{%- endmacro %}
{% macro spark__regex_extract(expression, pattern, group) -%}
    regexp_extract({{ expression }}, r'{{ pattern }}', {{ group }})
{%- endmacro %}

{# Every match replaced; `replacement` is literal text (no group references). #}
{% macro regex_replace_all(expression, pattern, replacement) %}
    {{- return(adapter.dispatch('regex_replace_all', 'klantcontact')(expression, pattern, replacement)) -}}
{% endmacro %}
{% macro default__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}
{% macro postgres__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ postgres_regex(pattern) }}', '{{ replacement }}', 'g')
{%- endmacro %}
{% macro spark__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, r'{{ pattern }}', r'{{ replacement }}')
{%- endmacro %}

{#
    Text to a number, date or instant; null when the text is not one (never an error).
    kind: integer, bigint, double, date, timestamptz (ISO-8601 with Z or an offset).
#}
{% macro try_cast_text(expression, kind) %}
    {{- return(adapter.dispatch('try_cast_text', 'klantcontact')(expression, kind)) -}}
{% endmacro %}
{% macro default__try_cast_text(expression, kind) -%}
    try_cast({{ expression }} as {{ kind }})
{%- endmacro %}
{% macro spark__try_cast_text(expression, kind) -%}
    {%- if kind == 'timestamptz' -%}
    try_to_timestamp({{ expression }})
    {%- else -%}
    try_cast({{ expression }} as {{ 'int' if kind == 'integer' else kind }})
    {%- endif -%}
{%- endmacro %}
{# PostgreSQL has no safe cast: functions of our own (create_engine_functions, run at the
   start of every run) catch the cast's error. #}
{% macro postgres__try_cast_text(expression, kind) -%}
    {{ target.schema }}_fn.try_{{ kind }}({{ expression }})
{%- endmacro %}

{#
    A wall-clock timestamp from text in a strptime format (%Y %m %d %H %M %S and literal
    characters); null when the text does not fit the format or is not a real date/time.
#}
{% macro try_strptime(expression, format) %}
    {{- return(adapter.dispatch('try_strptime', 'klantcontact')(expression, format)) -}}
{% endmacro %}
{% macro default__try_strptime(expression, format) -%}
    try_strptime({{ expression }}, '{{ format }}')
{%- endmacro %}
{% macro postgres__try_strptime(expression, format) -%}
    {{ target.schema }}_fn.try_strptime({{ expression }}, '{{ format }}')
{%- endmacro %}
{% macro spark__try_strptime(expression, format) -%}
    {%- set java = format | replace('%Y', 'yyyy') | replace('%m', 'MM') | replace('%d', 'dd')
        | replace('%H', 'HH') | replace('%M', 'mm') | replace('%S', 'ss') -%}
    try_to_timestamp({{ expression }}, '{{ java }}')
{%- endmacro %}

{# The wall clock in the municipality's zone (var local_time_zone) of an instant. #}
{% macro to_local_timestamp(expression) %}
    {{- return(adapter.dispatch('to_local_timestamp', 'klantcontact')(expression)) -}}
{% endmacro %}
{% macro default__to_local_timestamp(expression) -%}
    timezone('{{ var("local_time_zone") }}', {{ expression }})
{%- endmacro %}
{% macro postgres__to_local_timestamp(expression) -%}
    ({{ expression }} at time zone '{{ var("local_time_zone") }}')
{%- endmacro %}
{% macro spark__to_local_timestamp(expression) -%}
    from_utc_timestamp({{ expression }}, '{{ var("local_time_zone") }}')
{%- endmacro %}

{# The instant of a wall-clock time in the municipality's zone; in the hour that occurs
   twice in autumn the engines agree on the first (summer-time) one. #}
{% macro from_local_timestamp(expression) %}
    {{- return(adapter.dispatch('from_local_timestamp', 'klantcontact')(expression)) -}}
{% endmacro %}
{% macro default__from_local_timestamp(expression) -%}
    timezone('{{ var("local_time_zone") }}', {{ expression }})
{%- endmacro %}
{% macro postgres__from_local_timestamp(expression) -%}
    ({{ expression }} at time zone '{{ var("local_time_zone") }}')
{%- endmacro %}
{% macro spark__from_local_timestamp(expression) -%}
    to_utc_timestamp({{ expression }}, '{{ var("local_time_zone") }}')
{%- endmacro %}

{# SHA-256 of a text as 64 lower-case hex digits. #}
{% macro sha256_hex(expression) %}
    {{- return(adapter.dispatch('sha256_hex', 'klantcontact')(expression)) -}}
{% endmacro %}
{% macro default__sha256_hex(expression) -%}
    sha256({{ expression }})
{%- endmacro %}
{% macro postgres__sha256_hex(expression) -%}
    encode(sha256(convert_to({{ expression }}, 'UTF8')), 'hex')
{%- endmacro %}
{% macro spark__sha256_hex(expression) -%}
    sha2({{ expression }}, 256)
{%- endmacro %}

{# A timestamp as text: format is a strptime format (%Y %m %d %H %M). #}
{% macro format_timestamp(expression, format) %}
    {{- return(adapter.dispatch('format_timestamp', 'klantcontact')(expression, format)) -}}
{% endmacro %}
{% macro default__format_timestamp(expression, format) -%}
    strftime({{ expression }}, '{{ format }}')
{%- endmacro %}
{% macro postgres__format_timestamp(expression, format) -%}
    {%- set pg = format | replace('%Y', 'YYYY') | replace('%m', 'MM') | replace('%d', 'DD')
        | replace('%H', 'HH24') | replace('%M', 'MI') | replace('%S', 'SS') | replace('T', '"T"') -%}
    to_char({{ expression }}, '{{ pg }}')
{%- endmacro %}
{% macro spark__format_timestamp(expression, format) -%}
    {%- set java = format | replace('%Y', 'yyyy') | replace('%m', 'MM') | replace('%d', 'dd')
        | replace('%H', 'HH') | replace('%M', 'mm') | replace('%S', 'ss') | replace('T', "'T'") -%}
    date_format({{ expression }}, "{{ java }}")
{%- endmacro %}


{# An instant plus a number of seconds; null when either is null. dbt.dateadd is not used
   here: on Spark it fails on a null instant (assert_not_null) and drops fractions. #}
{% macro add_seconds(expression, seconds) %}
    {{- return(adapter.dispatch('add_seconds', 'klantcontact')(expression, seconds)) -}}
{% endmacro %}
{% macro default__add_seconds(expression, seconds) -%}
    {{ expression }} + to_seconds({{ seconds }})
{%- endmacro %}
{% macro postgres__add_seconds(expression, seconds) -%}
    {{ expression }} + ({{ seconds }}) * interval '1 second'
{%- endmacro %}
{% macro spark__add_seconds(expression, seconds) -%}
    {{ expression }} + make_dt_interval(0, 0, 0, {{ seconds }})
{%- endmacro %}
