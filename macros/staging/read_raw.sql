{#
    raw_rows: every row of one raw export file type, with its lineage.

    Reads the files stg_raw_exports__files marked readable, grouped by header: one
    DuckDB read_csv per group of files with the same column order, each column named
    after the contract (models/staging/*/_*__sources.yml), unexpected columns dropped.
    Files with a file-level fault are announced by quality.raw_file_faults; the errors
    among them fail the test assert_raw_files_are_readable, while every other file and
    source still builds. Without the inventory (parsing, linting, `dbt
    compile` on an empty database) the source's own read_csv over all folders is used.

    Lineage columns:
      _file           path below raw_dir, e.g. telephony/2025-01-03/dialogues.csv
      _export_date    the export folder's date
      _record_number  1 for the first data record of the file
      _line_number    physical line where the record starts (header = line 1);
                      quoted line breaks in earlier records are counted, which is
                      why callers name the columns that may hold them
      _is_truncated   the record has fewer fields than the header: read_csv pads
                      missing fields with the sentinel null, while empty fields read as ''
#}
{% macro raw_rows(source_name, table_name, line_break_columns=[]) %}
    {%- set source_relation = source(source_name, table_name) %}
    {%- set inventory = ref('stg_raw_exports__files') %}
    {%- set node = graph.get('sources', {}).get(
        'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name, {}) %}
    {%- set columns = node.get('columns', {}).keys() | list %}
    {%- set groups = raw_file_groups(inventory, source_name, table_name) if execute else none %}
    with raw_read as (
    {%- if groups is none %}
        select
            * exclude (filename, ordinality),
            filename,
            ordinality,
            {{ adapter.quote(columns | last if columns else 'filename') }} is null as _is_truncated
        from {{ source_relation }}
    {%- else %}
        {%- for group in groups %}
        select
            {%- for column in columns %}
            {{ adapter.quote(column) }},
            {%- endfor %}
            filename,
            ordinality,
            {{ adapter.quote(group.columns | last) }} is null as _is_truncated
        from read_csv(
            [{% for path in group.paths %}'{{ path | replace("'", "''") }}'{% if not loop.last %}, {% endif %}{% endfor %}],
            columns = {
                {%- for column in group.columns %}
                '{{ column }}': 'varchar'{% if not loop.last %},{% endif %}
                {%- endfor %}
            },
            delim = '{{ node.config.meta.delimiter }}',
            quote = '"',
            escape = '"',
            header = true,
            auto_detect = false,
            filename = true,
            null_padding = true,
            nullstr = '<missing-field>',
            encoding = 'utf-8'
            {%- if node.config.meta.get('multiline') %},
            parallel = false
            {%- endif %}
        ) with ordinality
        union all
        {%- endfor %}
        -- No readable file at all is a valid state (a source switched off or not
        -- yet exported): zero rows with the contract's columns.
        select
            {%- for column in columns %}
            cast(null as varchar) as {{ adapter.quote(column) }},
            {%- endfor %}
            cast(null as varchar) as filename,
            cast(null as bigint) as ordinality,
            cast(null as boolean) as _is_truncated
        where false
    {%- endif %}
    )

    select
        * exclude (filename, ordinality, _is_truncated),
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
        _is_truncated
    from raw_read
{% endmacro %}


{#
    raw_file_groups: the readable files of one export file type from the inventory,
    grouped by their header's column order (contract names and _unexpected_<n>, so
    never a comma): a list of {columns, paths}, or none when
    the inventory has not been built in this database.
#}
{% macro raw_file_groups(inventory, source_name, table_name) %}
    {%- if load_relation(inventory) is none %}
        {{ return(none) }}
    {%- endif %}
    {%- set files = run_query(
        "select array_to_string(read_columns, ',') as columns, read_path"
        ~ " from " ~ inventory
        ~ " where source_name = '" ~ source_name ~ "' and table_name = '" ~ table_name ~ "'"
        ~ " and is_read order by file_path") %}
    {%- set groups = {} %}
    {%- for file in files.rows %}
        {%- do groups.setdefault(file['columns'], []).append(file['read_path']) %}
    {%- endfor %}
    {%- set result = [] %}
    {%- for columns, paths in groups.items() %}
        {%- do result.append({'columns': columns.split(','), 'paths': paths}) %}
    {%- endfor %}
    {{ return(result) }}
{% endmacro %}
