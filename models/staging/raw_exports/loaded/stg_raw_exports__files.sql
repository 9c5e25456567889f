-- stg_raw_exports__files on an engine without dbt Python models (PostgreSQL, Spark): the
-- loader ran the Python model itself (klantcontact.raw.python_models) and loaded its
-- result into raw.export_files, from which the loaded raw tables were filled. On DuckDB
-- the Python model next to this folder runs instead (docs/engines.md).
{{ config(enabled=not engine_runs_python_models(), materialized='table') }}
{#- The loader inspects the sources dbt_project.yml switches on; a run that switches one
    off (--vars) leaves its files out, as the Python model does. #}
{%- set sources = [] %}
{%- if execute %}
    {%- for node in graph.sources.values() %}
        {%- if node.package_name == project_name and node.config.meta.get('delimiter')
            and source_is_enabled(node.source_name) and node.source_name not in sources %}
            {%- do sources.append(node.source_name) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

select
    file_path,
    source_name,
    table_name,
    export_date,
    size_bytes,
    file_version,
    contract_version,
    physical_lines,
    encoding,
    header_columns,
    read_columns,
    is_read,
    read_path,
    fault_kinds,
    fault_severities,
    fault_messages,
    format_name
from {{ source('loaded_raw', 'export_files') }}
where source_name in ('{{ sources | sort | join("', '") }}')
