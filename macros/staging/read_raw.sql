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
      gemeente_code   CBS code of the municipality (var municipality_cbs_code, macro
                      gemeente_code()): keeps rows apart when several municipalities
                      are pooled (docs/multi-municipality.md)
      _file           path below raw_dir, e.g. telephony/2025-01-03/dialogues.csv
      _file_version   the delivery of that file (stg_raw_exports__files.file_version)
      _loaded_at      start of the dbt run that read the file (run_started_at, UTC):
                      latest_records re-derives the keys of rows loaded after its
                      table's latest row
      _export_date    the export folder's date
      _record_number  1 for the first data record of the file
      _line_number    physical line where the record starts (header = line 1);
                      quoted line breaks in earlier records are counted, which is
                      why callers name the columns that may hold them
      _is_truncated   the record has fewer fields than the header: read_csv pads
                      missing fields with the sentinel null, while empty fields read as ''
#}
{% macro raw_rows(source_name, table_name, line_break_columns=[]) %}
    {{- return(adapter.dispatch('raw_rows', 'klantcontact')(
        source_name, table_name, line_break_columns)) -}}
{% endmacro %}

{#- DuckDB reads the export files in place; the loaded engines' version is
    loaded_raw_rows (macros/engine/loaded_raw.sql). #}
{% macro default__raw_rows(source_name, table_name, line_break_columns=[]) %}
    {%- set source_relation = source(source_name, table_name) %}
    {%- set inventory = ref('stg_raw_exports__files') %}
    {#- Base models are tables holding only parsed, pseudonymised rows: the raw files are
        read once per build, and a daily run reads only files whose current version it does
        not hold (new export folders, re-delivered files, another raw_dir). A file's rows
        are replaced as a whole, and rows of any other version, or of a file no longer
        readable, are deleted after the run: the table equals a full refresh. #}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='_file',
        on_schema_change='fail',
        post_hook="delete from {{ this }} where _file || '|' || _file_version not in"
            ~ " (select file_path || '|' || file_version"
            ~ " from {{ ref('stg_raw_exports__files') }} where is_read)"
    ) }}
    {%- set node = graph.get('sources', {}).get(
        'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name, {}) %}
    {%- set columns = node.get('columns', {}).keys() | list %}
    {%- set loaded = this if is_incremental() else none %}
    {%- set groups = raw_file_groups(inventory, source_name, table_name, loaded)
        if execute else none %}
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
            {#- A real system's export may not supply every contract column
                (klantcontact.raw.formats): those are null. #}
            {%- if column in group.columns %}
            {{ adapter.quote(column) }},
            {%- else %}
            cast(null as {{ type_text() }}) as {{ adapter.quote(column) }},
            {%- endif %}
            {%- endfor %}
            filename,
            ordinality,
            {{ adapter.quote(group.columns | last) }} is null as _is_truncated
        from read_csv(
            [{% for path in group.paths %}{{ sql_string_literal(path) }}{% if not loop.last %}, {% endif %}{% endfor %}],
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
            cast(null as {{ type_text() }}) as {{ adapter.quote(column) }},
            {%- endfor %}
            cast(null as {{ type_text() }}) as filename,
            cast(null as bigint) as ordinality,
            cast(null as boolean) as _is_truncated
        where false
    {%- endif %}
    {%- if groups is not none %}
    ),

    file_versions as (
        select
            read_path as _read_path,
            file_version as _file_version
        from {{ inventory }}
    {%- endif %}
    )

    select
        raw_read.* exclude (filename, ordinality, _is_truncated),
        {{ gemeente_code() }} as gemeente_code,
        regexp_extract(
            replace(raw_read.filename, '\', '/'), '([^/]+/[0-9]{4}-[0-9]{2}-[0-9]{2}/[^/]+)$', 1
        ) as _file,
        cast(
            regexp_extract(
                replace(raw_read.filename, '\', '/'), '/([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]+$', 1
            ) as date
        ) as _export_date,
        {{ '_file_version' if groups is not none else 'cast(null as ' ~ type_text() ~ ')' }} as _file_version,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ type_timestamp() }}) as _loaded_at,
        raw_read.ordinality - min(raw_read.ordinality) over (partition by raw_read.filename) + 1
            as _record_number,
        {% if line_break_columns %}
        raw_read.ordinality - min(raw_read.ordinality) over (partition by raw_read.filename) + 2
        + coalesce(sum(
            {%- for column in line_break_columns %}
            length(coalesce(raw_read.{{ column }}, ''))
            - length(replace(coalesce(raw_read.{{ column }}, ''), chr(10), ''))
            {%- if not loop.last %} +{% endif %}
            {%- endfor %}
        ) over (
            partition by raw_read.filename order by raw_read.ordinality
            rows between unbounded preceding and 1 preceding
        ), 0) as _line_number,
        {% else %}
        raw_read.ordinality - min(raw_read.ordinality) over (partition by raw_read.filename) + 2
            as _line_number,
        {% endif %}
        raw_read._is_truncated
    from raw_read
    {%- if groups is not none %}
    left join file_versions
        on raw_read.filename = file_versions._read_path
    {%- endif %}
{% endmacro %}


{#
    raw_file_groups (DuckDB only): the readable files of one export file type from the inventory,
    grouped by their header's column order (contract names and _unexpected_<n>, so
    never a comma): a list of {columns, paths}, or none when
    the inventory has not been built in this database. With `loaded` (the base table
    of an incremental run) only the files whose current version it does not hold.
#}
{% macro raw_file_groups(inventory, source_name, table_name, loaded=none) %}
    {%- if load_relation(inventory) is none %}
        {{ return(none) }}
    {%- endif %}
    {%- set files = run_query(
        "select array_to_string(read_columns, ',') as columns, read_path"
        ~ " from " ~ inventory
        ~ " where source_name = " ~ sql_string_literal(source_name)
        ~ " and table_name = " ~ sql_string_literal(table_name)
        ~ " and is_read"
        ~ (" and not exists (select 1 from " ~ loaded ~ " as loaded where loaded._file"
            ~ " = file_path and loaded._file_version = file_version)" if loaded else "")
        ~ " order by file_path") %}
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
