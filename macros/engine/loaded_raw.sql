{#
    The raw layer of the engines that cannot read export folders in place (PostgreSQL,
    Spark): a loader (klantcontact load postgres for PostgreSQL) fills schema `raw`
    before dbt runs (docs/engines.md, "Raw layer"):
      raw.<source>__<file>  the contract columns (text) in contract order, then _file,
                            _record_number, _line_number, _is_truncated
      raw.export_files      the file inventory, the columns of stg_raw_exports__files
      raw.public_holidays   int_public_holidays_listed
    The last two are the dbt source `loaded_raw` (models/staging/raw_exports/loaded/).
#}

{# Whether the engine runs dbt Python models (the inventory and the holidays): DuckDB does;
   PostgreSQL and Spark (session mode) do not, and read what the loader computed with the
   same Python code. The Python models themselves are disabled in dbt_project.yml by
   target.type, because dbt_project.yml cannot call a macro. #}
{% macro engine_runs_python_models() %}
    {{- return(adapter.dispatch('engine_runs_python_models', 'klantcontact')()) -}}
{% endmacro %}
{% macro default__engine_runs_python_models() %}{{ return(true) }}{% endmacro %}
{% macro postgres__engine_runs_python_models() %}{{ return(false) }}{% endmacro %}
{% macro spark__engine_runs_python_models() %}{{ return(false) }}{% endmacro %}

{# The relation raw.<source>__<file> of a loaded engine, in the database dbt connects to. #}
{% macro loaded_raw_relation(source_name, table_name) %}
    {{- return(api.Relation.create(schema='raw', identifier=source_name ~ '__' ~ table_name)) -}}
{% endmacro %}

{#
    loaded_raw_rows: raw_rows (macros/staging/read_raw.sql) of a loaded engine, with the
    same columns and lineage as DuckDB's read_csv version: the contract columns (named in
    lower case, as DuckDB's case-insensitive names are used in the models), gemeente_code, _file,
    _export_date, _file_version, _loaded_at, _record_number, _line_number, _is_truncated,
    _file_records.
    Only files the inventory marks is_read are in the raw table; the loader counts the
    lines, so line_break_columns is not needed here.

    A plain table, not incremental: the loader truncates and loads every file again on
    each run, so there is nothing an incremental model could skip, and the table always
    equals DuckDB's full refresh.
#}
{% macro loaded_raw_rows(source_name, table_name) %}
    {{ config(materialized='table') }}
    {#- The contract source stays the base model's parent in the DAG (lineage, docs). #}
    {%- set contract_source = source(source_name, table_name) %}
    {%- set node = graph.get('sources', {}).get(
        'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name, {}) %}
    {%- set columns = node.get('columns', {}).keys() | list %}
    select
        {%- for column in columns %}
        raw_read.{{ adapter.quote(column) }} as {{ column | lower }},
        {%- endfor %}
        {{ gemeente_code() }} as gemeente_code,
        raw_read._file,
        cast({{ dbt.split_part('raw_read._file', "'/'", 2) }} as date) as _export_date,
        files.file_version as _file_version,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ type_timestamp() }}) as _loaded_at,
        cast(raw_read._record_number as bigint) as _record_number,
        cast(raw_read._line_number as bigint) as _line_number,
        raw_read._is_truncated,
        count(*) over (partition by raw_read._file) as _file_records
    from {{ loaded_raw_relation(source_name, table_name) }} as raw_read
    left join {{ source('loaded_raw', 'export_files') }} as files
        on raw_read._file = files.file_path
    {%- if not source_is_enabled(source_name) %}
    -- Switched off in kcc_sources (perhaps by --vars, after the loader ran): no rows, as
    -- on DuckDB.
    where false
    {%- endif %}
{% endmacro %}

{# raw_rows on PostgreSQL: the loaded raw table. #}
{% macro postgres__raw_rows(source_name, table_name, line_break_columns=[]) %}
    {{- loaded_raw_rows(source_name, table_name) -}}
{% endmacro %}

{#
    raw_export_file_paths: a query with one column, file_path, naming every file under
    raw_dir/<source>/<folder>/ (no file is read). DuckDB lists the folders with glob();
    a loaded engine reads the inventory the loader wrote, which lists every CSV file of
    the enabled sources' folders (the models using this keep only enabled sources).
    Every file counts, not only CSV: a real system's export may be JSON, XLSX or a zip.
#}
{% macro raw_export_file_paths() %}
    {{- return(adapter.dispatch('raw_export_file_paths', 'klantcontact')()) -}}
{% endmacro %}
{#- With / between folders on every system, so the models need no backslash literal
    (Spark's parser reads '\' as an escaped quote). #}
{% macro default__raw_export_file_paths() %}
    select replace(file, '\', '/') as file_path
    from glob({{ raw_glob_literal('/*/*/*') }})
{% endmacro %}
{% macro postgres__raw_export_file_paths() %}
    select file_path
    from {{ source('loaded_raw', 'export_files') }}
{% endmacro %}

{#
    raw_export_folders: every listed export file (raw_export_file_paths) with its source
    (the folder above the date folder) and its export date (null when the folder is not a
    real date). Shared by int_as_of_dates_resolved and source_freshness.
#}
{% macro raw_export_folders() %}
    select
        {{ regex_extract(
            'file_path', '([^/]+)/[0-9]{4}-[0-9]{2}-[0-9]{2}/[^/]+$', 1
        ) }} as source_name,
        {{ try_cast_text(regex_extract(
            'file_path', '/([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]+$', 1
        ), 'date') }} as export_date
    from ({{ raw_export_file_paths() }}) as export_files
{% endmacro %}

{#
    columns_except: a select list of every column except `excluded`: DuckDB
    `* exclude (...)`; elsewhere the columns named one by one (PostgreSQL and Spark have no
    star exclusion), read from `relation` when the model is compiled. A select over a CTE
    that already dropped columns of `relation` names them in `dropped_before` (only the
    explicit list needs them).
#}
{% macro columns_except(relation, excluded, dropped_before=[]) %}
    {{- return(adapter.dispatch('columns_except', 'klantcontact')(relation, excluded, dropped_before)) -}}
{% endmacro %}
{% macro default__columns_except(relation, excluded, dropped_before) -%}
    * exclude ({{ excluded | join(', ') }})
{%- endmacro %}
{% macro postgres__columns_except(relation, excluded, dropped_before) -%}
    {%- set names = [] %}
    {%- set skip = (excluded + dropped_before) | map('lower') | list %}
    {%- for column in (adapter.get_columns_in_relation(relation) if execute else []) %}
        {%- if column.name | lower not in skip %}
            {%- do names.append(adapter.quote(column.name)) %}
        {%- endif %}
    {%- endfor %}
    {{- names | join(', ') if names else '*' -}}
{%- endmacro %}

{#
    unnest_zipped: select-list items that turn a row with equally long arrays into one row
    per position: `position_alias` (1-based) and each array's element as its alias
    (arrays: [[column, alias], ...]). A row with empty arrays gives no row. DuckDB and
    PostgreSQL both zip parallel unnests in a select list; the position comes from
    range() / generate_subscripts().
#}
{% macro unnest_zipped(position_alias, arrays) %}
    {{- return(adapter.dispatch('unnest_zipped', 'klantcontact')(position_alias, arrays)) -}}
{% endmacro %}
{% macro default__unnest_zipped(position_alias, arrays) -%}
    unnest(range(1, len({{ arrays[0][0] }}) + 1)) as {{ position_alias }},
    {%- for column, alias in arrays %}
    unnest({{ column }}) as {{ alias }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
{% macro postgres__unnest_zipped(position_alias, arrays) -%}
    cast(generate_subscripts({{ arrays[0][0] }}, 1) as bigint) as {{ position_alias }},
    {%- for column, alias in arrays %}
    unnest({{ column }}) as {{ alias }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{# Number of elements of an array (0 for an empty one). #}
{% macro array_size(expression) %}
    {{- return(adapter.dispatch('array_size', 'klantcontact')(expression)) -}}
{% endmacro %}
{% macro default__array_size(expression) -%}
    len({{ expression }})
{%- endmacro %}
{% macro postgres__array_size(expression) -%}
    cardinality({{ expression }})
{%- endmacro %}
