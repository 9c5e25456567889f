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
    {%- set snapshot_key = node.get('config', {}).get('meta', {}).get('snapshot_key') %}
    {%- set loaded = this if is_incremental() else none %}
    {%- if snapshot_key and execute and load_relation(inventory) is not none %}
        {{ snapshot_raw_rows(node, columns, snapshot_key, inventory, loaded, line_break_columns) }}
    {%- else %}
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
        {{ raw_csv_union(groups, columns, node) }}
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
        {{ raw_file_lineage('raw_read.filename') }},
        {{ '_file_version' if groups is not none else 'cast(null as ' ~ type_text() ~ ')' }} as _file_version,
        {{ loaded_at() }} as _loaded_at,
        raw_read.ordinality - min(raw_read.ordinality) over (partition by raw_read.filename) + 1
            as _record_number,
        {{ raw_line_number('raw_read', line_break_columns, 'raw_read.filename') }} as _line_number,
        raw_read._is_truncated,
        count(*) over (partition by raw_read.filename) as _file_records
    from raw_read
    {%- if groups is not none %}
    left join file_versions
        on raw_read.filename = file_versions._read_path
    {%- endif %}
    {%- endif %}
{% endmacro %}


{#
    snapshot_raw_rows (DuckDB only): raw_rows of a snapshot export, a file type every export
    folder of which holds the whole history again (Signalen's and the case system's full
    dumps; meta `snapshot_key` in the sources YAML names the record's id column).

    Parsing, validating and pseudonymising a record costs far more than reading it, and a
    monthly dump repeats nearly every record of the month before. So each dump is first
    scanned narrowly (export date, position, id, a hash of every contract column), and only
    the records that differ from the previous dump are read in full and passed on:
      a record is unchanged when its id occurs exactly once in its dump and exactly once
      in the previous dump of the same file type, with the same hash (DuckDB's 64-bit
      hash of all contract columns, compared within one id only);
      every other record is kept, and so is each dump's first record, so that every dump
      read leaves at least one row behind (the daily run's mark that it was read).
    The latest dump holding a record in its current form is then not the row's _file: that
    is the dump where the record took that form. latest_records still stages the same values
    for every id as from all rows, since a dropped record repeats a kept one exactly.
    _file_records counts every record of the file, kept or not (source_reconciliation).

    A daily run scans only the new dumps and the latest dump already read (their
    predecessor), and reads in full only the changed records of the new ones. When a dump
    other than the newest arrives late, is re-delivered or removed, the whole file type is
    scanned again, which gives the rows a full refresh gives.
#}
{% macro snapshot_raw_rows(node, columns, snapshot_key, inventory, loaded, line_break_columns) %}
    {%- set plan = snapshot_file_plan(inventory, node.source_name, node.name, loaded) %}
    with scanned as (
        {%- for group in plan.read + plan.previous %}
        select
            {{ export_date_of('filename') }} as _dump_date,
            {{ 'true' if loop.index > plan.read | length else 'false' }} as _is_previous,
            ordinality,
            {{ raw_column(snapshot_key, group) }} as _snapshot_key,
            hash(
                {%- for column in columns %}
                {{ raw_column(column, group) }}{% if not loop.last %},{% endif %}
                {%- endfor %}
            ) as _record_hash,
            {%- set texts = [] %}
            {%- for column in line_break_columns %}
                {%- do texts.append(raw_column(column, group)) %}
            {%- endfor %}
            {{ quoted_line_breaks(texts) if texts else '0' }} as _line_breaks
        from {{ raw_csv_scan(group, node) }}
        union all
        {%- endfor %}
        select
            cast(null as date) as _dump_date,
            cast(null as boolean) as _is_previous,
            cast(null as bigint) as ordinality,
            cast(null as {{ type_text() }}) as _snapshot_key,
            cast(null as ubigint) as _record_hash,
            cast(null as bigint) as _line_breaks
        where false
    ),

    -- Position, line and record count per dump: of every record, kept or not.
    numbered as (
        select
            _dump_date,
            _is_previous,
            ordinality,
            _snapshot_key,
            _record_hash,
            ordinality - min(ordinality) over (partition by _dump_date) + 1 as _record_number,
            ordinality - min(ordinality) over (partition by _dump_date) + 2
            + coalesce(sum(_line_breaks) over (
                partition by _dump_date order by ordinality
                rows between unbounded preceding and 1 preceding
            ), 0) as _line_number,
            count(*) over (partition by _dump_date) as _file_records,
            count(*) over (partition by _dump_date, _snapshot_key) as _key_records
        from scanned
    ),

    dumps as (
        select
            _dump_date,
            lag(_dump_date) over (order by _dump_date) as _previous_dump_date
        from (select distinct _dump_date from numbered) as dump_dates
    ),

    -- An id occurring more than once in a dump is always kept: which of its lines wins
    -- is for latest_records to decide, from all of them.
    single_records as (
        select
            _dump_date,
            _snapshot_key,
            _record_hash
        from numbered
        where _key_records = 1
    ),

    unchanged_records as (
        select
            current_dump._dump_date,
            current_dump._snapshot_key
        from single_records as current_dump
        inner join dumps
            on current_dump._dump_date = dumps._dump_date
        inner join single_records as previous_dump
            on
                dumps._previous_dump_date = previous_dump._dump_date
                and current_dump._snapshot_key = previous_dump._snapshot_key
                and current_dump._record_hash = previous_dump._record_hash
    ),

    kept as (
        select
            numbered._dump_date,
            numbered.ordinality,
            numbered._record_number,
            numbered._line_number,
            numbered._file_records
        from numbered
        left join unchanged_records
            on
                numbered._dump_date = unchanged_records._dump_date
                and numbered._snapshot_key = unchanged_records._snapshot_key
        where
            not numbered._is_previous
            and (unchanged_records._dump_date is null or numbered._record_number = 1)
    ),

    raw_read as (
        {{ raw_csv_union(plan.read, columns, node) }}
    ),

    file_versions as (
        select
            read_path as _read_path,
            file_version as _file_version
        from {{ inventory }}
    )

    select
        raw_read.* exclude (filename, ordinality, _is_truncated),
        {{ raw_file_lineage('raw_read.filename') }},
        file_versions._file_version,
        {{ loaded_at() }} as _loaded_at,
        kept._record_number,
        kept._line_number,
        raw_read._is_truncated,
        kept._file_records
    from raw_read
    inner join kept
        on
            {{ export_date_of('raw_read.filename') }} = kept._dump_date
            and raw_read.ordinality = kept.ordinality
    left join file_versions
        on raw_read.filename = file_versions._read_path
{% endmacro %}


{#
    snapshot_file_plan (DuckDB only): which dumps of a snapshot file type snapshot_raw_rows
    reads, as {read: groups, previous: groups} (groups as raw_file_groups gives them).
    Without `loaded` (a full build), every readable dump. With it (the base table of a daily
    run): the dumps it does not hold yet, and as `previous` the newest dump it holds; or
    every readable dump again when a held dump is gone or re-delivered, or a new one is not
    newer than every held dump (the comparison with the previous dump would be wrong).
#}
{% macro snapshot_file_plan(inventory, source_name, table_name, loaded=none) %}
    {%- set files = run_query(
        "select array_to_string(read_columns, ',') as columns, read_path, file_path,"
        ~ " file_version, cast(export_date as varchar) as export_date"
        ~ " from " ~ inventory
        ~ " where source_name = " ~ sql_string_literal(source_name)
        ~ " and table_name = " ~ sql_string_literal(table_name)
        ~ " and is_read order by export_date, file_path").rows %}
    {%- set read = [] %}
    {%- set previous = [] %}
    {%- if loaded is none %}
        {%- do read.extend(files) %}
    {%- else %}
        {%- set held = run_query(
            "select distinct _file || '|' || _file_version as held_version,"
            ~ " cast(_export_date as varchar) as export_date from " ~ loaded).rows %}
        {%- set held_versions = [] %}
        {%- set held_dates = [''] %}
        {%- for row in held %}
            {%- do held_versions.append(row['held_version']) %}
            {%- do held_dates.append(row['export_date']) %}
        {%- endfor %}
        {%- set newest_held = held_dates | max %}
        {%- set read_versions = [] %}
        {%- set new = [] %}
        {%- set late = [] %}
        {%- for file in files %}
            {%- set version = file['file_path'] ~ '|' ~ file['file_version'] %}
            {%- do read_versions.append(version) %}
            {%- if version not in held_versions %}
                {%- do new.append(file) %}
                {%- if file['export_date'] <= newest_held %}
                    {%- do late.append(file) %}
                {%- endif %}
            {%- endif %}
        {%- endfor %}
        {%- set gone = [] %}
        {%- for version in held_versions if version not in read_versions %}
            {%- do gone.append(version) %}
        {%- endfor %}
        {%- set rescan = gone or late %}
        {%- if rescan %}
            {%- do read.extend(files) %}
        {%- elif new %}
            {%- do read.extend(new) %}
            {%- for file in files if (file['file_path'] ~ '|' ~ file['file_version']) in held_versions
                and file['export_date'] == newest_held %}
                {%- do previous.append(file) %}
            {%- endfor %}
        {%- endif %}
    {%- endif %}
    {{ return({'read': group_by_header(read), 'previous': group_by_header(previous)}) }}
{% endmacro %}


{# group_by_header: inventory rows (columns, read_path) as [{columns, paths}], one group per
   column order, in the order the files come. #}
{% macro group_by_header(files) %}
    {%- set groups = {} %}
    {%- for file in files %}
        {%- do groups.setdefault(file['columns'], []).append(file['read_path']) %}
    {%- endfor %}
    {%- set result = [] %}
    {%- for columns, paths in groups.items() %}
        {%- do result.append({'columns': columns.split(','), 'paths': paths}) %}
    {%- endfor %}
    {{ return(result) }}
{% endmacro %}


{# raw_column: a contract column as a group of files supplies it, null when it does not
   (a real system's export may not supply every contract column: klantcontact.raw.formats). #}
{% macro raw_column(column, group) -%}
    {%- if column in group.columns -%}
        {{ adapter.quote(column) }}
    {%- else -%}
        cast(null as {{ type_text() }})
    {%- endif -%}
{%- endmacro %}


{# raw_csv_scan: DuckDB's read_csv over one group of files, every column text, with each
   record's file and position. #}
{% macro raw_csv_scan(group, node) -%}
        read_csv(
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
{%- endmacro %}


{# raw_csv_union: the contract columns, file, position and truncation flag of every record of
   the groups; zero rows with those columns when there is no group. #}
{% macro raw_csv_union(groups, columns, node) %}
        {%- for group in groups %}
        select
            {%- for column in columns %}
            {{ raw_column(column, group) }} as {{ adapter.quote(column) }},
            {%- endfor %}
            filename,
            ordinality,
            {{ adapter.quote(group.columns | last) }} is null as _is_truncated
        from {{ raw_csv_scan(group, node) }}
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
{%- endmacro %}


{# raw_file_lineage: gemeente_code, _file and _export_date of a record read from filename. #}
{% macro raw_file_lineage(filename) -%}
        {{ gemeente_code() }} as gemeente_code,
        regexp_extract(
            replace({{ filename }}, '\', '/'), '([^/]+/[0-9]{4}-[0-9]{2}-[0-9]{2}/[^/]+)$', 1
        ) as _file,
        {{ export_date_of(filename) }} as _export_date
{%- endmacro %}


{# export_date_of: the export folder's date of a file path (<source>/<YYYY-MM-DD>/<file>). #}
{% macro export_date_of(filename) -%}
        cast(
            regexp_extract(
                replace({{ filename }}, '\', '/'), '/([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]+$', 1
            ) as date
        )
{%- endmacro %}


{# quoted_line_breaks: the line breaks inside the text expressions (quoted fields), summed. #}
{% macro quoted_line_breaks(texts) -%}
    {%- for text in texts -%}
        (length(coalesce({{ text }}, '')) - length(replace(coalesce({{ text }}, ''), chr(10), '')))
        {%- if not loop.last %} + {% endif -%}
    {%- endfor -%}
{%- endmacro %}


{# loaded_at: the start of this dbt run (UTC), the moment every row it reads is loaded. #}
{% macro loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ type_timestamp() }})
{%- endmacro %}


{# raw_line_number: the physical line where a record of relation starts (header = line 1),
   counting the quoted line breaks of the records before it in its file. #}
{% macro raw_line_number(relation, line_break_columns, filename) -%}
        {%- if line_break_columns %}
        {{ relation }}.ordinality - min({{ relation }}.ordinality) over (partition by {{ filename }}) + 2
        {%- set texts = [] %}
        {%- for column in line_break_columns %}
            {%- do texts.append(relation ~ '.' ~ column) %}
        {%- endfor %}
        + coalesce(sum({{ quoted_line_breaks(texts) }}) over (
            partition by {{ filename }} order by {{ relation }}.ordinality
            rows between unbounded preceding and 1 preceding
        ), 0)
        {%- else %}
        {{ relation }}.ordinality - min({{ relation }}.ordinality) over (partition by {{ filename }}) + 2
        {%- endif %}
{%- endmacro %}


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
    {{ return(group_by_header(files.rows)) }}
{% endmacro %}
