-- The raw export contract as a table: every column each export file must have, in
-- file order, with the file's delimiter. Rendered from the sources YAML
-- (models/staging/*/_*__sources.yml), so the YAML stays the one place that defines a
-- file; stg_raw_exports__files checks every file's header against it.
{%- set tables = [] %}
{%- if execute %}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') %}
        {%- if node.package_name == project_name and node.config.meta.get('delimiter')
            and source_is_enabled(node.source_name) %}
            {%- do tables.append(node) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

with expected_columns as (
    {%- for node in tables %}
        {%- set table_loop = loop %}
        {%- for column in node.columns.values() %}
            select
                '{{ node.source_name }}' as source_name,
                '{{ node.name }}' as table_name,
                '{{ node.name }}.csv' as file_name,
                '{{ node.config.meta.delimiter }}' as field_delimiter,
                {{ 'true' if node.config.meta.get('multiline') else 'false' }} as is_multiline,
                {{ loop.index }} as column_position,
                '{{ column.name }}' as column_name
            {%- if not (table_loop.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
    {%- if not tables %}
    -- At parse time the graph is not loaded yet.
        select
            cast(null as {{ type_text() }}) as source_name,
            cast(null as {{ type_text() }}) as table_name,
            cast(null as {{ type_text() }}) as file_name,
            cast(null as {{ type_text() }}) as field_delimiter,
            cast(null as boolean) as is_multiline,
            cast(null as integer) as column_position,
            cast(null as {{ type_text() }}) as column_name
        where false
    {%- endif %}
)

select
    source_name,
    table_name,
    file_name,
    field_delimiter,
    is_multiline,
    column_position,
    column_name
from expected_columns
