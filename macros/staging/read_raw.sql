{#
    raw_rows: every row of a raw export source with its lineage.

    The source relation is a DuckDB read_csv over all export folders (see the
    sources YAML); it yields `filename` and, through `with ordinality`, a global
    scan counter. From those we derive:
      _file           path below raw_dir, e.g. telephony/2025-01-03/dialogues.csv
      _export_date    the export folder's date
      _record_number  1 for the first data record of the file
      _line_number    physical line where the record starts (header = line 1);
                      quoted line breaks in earlier records are counted, which is
                      why callers name the columns that may hold them
      _is_truncated   the record has fewer fields than the header: read_csv pads
                      missing fields with null, while empty fields read as ''
#}
{% macro raw_rows(source_relation, last_column, line_break_columns=[]) %}
    select
        * exclude (filename, ordinality),
        regexp_extract(
            replace(filename, '\', '/'), '([^/]+/[0-9]{4}-[0-9]{2}-[0-9]{2}/[^/]+)$', 1
        ) as _file,
        cast(
            regexp_extract(
                replace(filename, '\', '/'), '/([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]+$', 1
            ) as date
        ) as _export_date,
        ordinality - min(ordinality) over (partition by filename) + 1 as _record_number,
        {% if line_break_columns %}
        ordinality - min(ordinality) over (partition by filename) + 2
        + coalesce(sum(
            {%- for column in line_break_columns %}
            length(coalesce({{ column }}, '')) - length(replace(coalesce({{ column }}, ''), chr(10), ''))
            {%- if not loop.last %} +{% endif %}
            {%- endfor %}
        ) over (
            partition by filename order by ordinality
            rows between unbounded preceding and 1 preceding
        ), 0) as _line_number,
        {% else %}
        ordinality - min(ordinality) over (partition by filename) + 2 as _line_number,
        {% endif %}
        {{ last_column }} is null as _is_truncated
    from {{ source_relation }}
{% endmacro %}
