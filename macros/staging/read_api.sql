{#
    api_records(source_name, table_name): one row per record of the API pages of one
    resource (`<resource>-<page>.json`, written by `klantcontact extract`; table_name
    `<system>_<resource>`, e.g. openklant_klantcontacten) that the inventory
    (stg_raw_exports__files) marks readable: `record` (JSON) and the lineage columns of
    raw_rows, so base models validate, quarantine and trace records as they do CSV rows.
    DuckDB reads the pages in place with read_json; a KISS page of the old bare-array form
    is read from the inventory's copy in the list envelope. Only DuckDB reads API pages:
    the other engines are loaded from the contract files (docs/engines.md).
#}
{% macro api_records(source_name, table_name) %}
    {%- set inventory = ref('stg_raw_exports__files') %}
    {%- set paths = [] %}
    {%- set sizes = [] %}
    {%- if execute and load_relation(inventory) is not none %}
        {%- set files = run_query(
            "select read_path, size_bytes from " ~ inventory
            ~ " where source_name = " ~ sql_string_literal(source_name)
            ~ " and table_name = " ~ sql_string_literal(table_name)
            ~ " and is_read and format_name like '%_api' order by file_path") %}
        {%- for file in files.rows %}
            {%- do paths.append(file['read_path']) %}
            {%- do sizes.append(file['size_bytes'] | int) %}
        {%- endfor %}
    {%- endif %}
    with api_pages as (
    {%- if paths %}
        select
            filename,
            results
        from read_json(
            [{% for path in paths %}{{ sql_string_literal(path) }}{% if not loop.last %}, {% endif %}{% endfor %}],
            columns = {'results': 'json[]'},
            filename = true,
            format = 'auto',
            -- The largest page, with room for an envelope copy: DuckDB reserves a buffer
            -- of this size per file read, so a fixed large limit runs out of memory on
            -- thousands of small pages, and the default (16 MB) can be too small for a
            -- page of 5,000 KISS contacts.
            maximum_object_size = {{ [sizes | max * 2, 1048576] | max }}
        )
    {%- else %}
        -- No readable page: zero records.
        select
            cast(null as varchar) as filename,
            cast(null as json []) as results
        where false
    {%- endif %}
    ),

    api_records as (
        select
            filename,
            unnest(results) as record,
            generate_subscripts(results, 1) as record_number
        from api_pages
    ),

    file_versions as (
        select
            read_path,
            file_version
        from {{ inventory }}
    )

    select
        api_records.record,
        {{ gemeente_code() }} as gemeente_code,
        regexp_extract(
            replace(api_records.filename, '\', '/'), '([^/]+/[0-9]{4}-[0-9]{2}-[0-9]{2}/[^/]+)$', 1
        ) as _file,
        cast(
            regexp_extract(
                replace(api_records.filename, '\', '/'), '/([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]+$', 1
            ) as date
        ) as _export_date,
        file_versions.file_version as _file_version,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as _loaded_at,
        api_records.record_number as _record_number,
        -- A page has no lines: the record's position in `results` identifies it.
        cast(null as bigint) as _line_number,
        false as _is_truncated,
        count(*) over (partition by api_records.filename) as _file_records
    from api_records
    left join file_versions
        on api_records.filename = file_versions.read_path
{% endmacro %}


{#- json_text(path): a record's field as text, null for JSON null or a missing key. #}
{% macro json_text(path, record='record') -%}
    nullif(trim({{ record }} ->> '{{ path }}'), '')
{%- endmacro %}



{#
    union_all_api_select(model, columns, where=none): on DuckDB, `union all select <columns>
    from <model> [where <where>]` (a model of records delivered by an API); nothing on the
    other engines, where API models are disabled. `columns` are select items (a column or
    `<expr> as <name>`), in the order of the select it is added to; `where` keeps out what
    the contract files already deliver.
#}
{% macro union_all_api_select(model, columns, where=none) %}
    {%- if target.type == 'duckdb' %}
    union all
    select
        {{ columns | join(',\n        ') }}
    from {{ ref(model) }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    {%- endif %}
{% endmacro %}


{#
    latest_api_record(relation, key, columns): `columns` of the one record per `key` from
    the latest extract (export date, then page, then position in the page) among the records
    of `relation`: an API record is in every extract that reads it again (an open zaak, the
    overlap of a daily run) and can be on two pages of one extract when records were
    created while it was paged.
#}
{% macro latest_api_record(relation, key, columns) %}
    select
        {{ columns | join(',\n        ') }}
    from (
        select
            *,
            row_number() over (
                partition by {{ key }}
                order by _export_date desc, _file desc, _record_number desc
            ) as _recency
        from {{ relation }}
    ) as ranked
    where _recency = 1
{% endmacro %}
