-- int_as_of_dates_resolved: one row, the as-of date of the build (docs/kpi-engine.md "Due but not
-- done"): the latest export folder date over all sources, or dbt var as_of_date when set.
-- A table, so the date is fixed at build time (a view would re-list the folders
-- relative to whoever queries it).
{{ config(materialized='table') }}
{%- set sources = [] %}
{%- for file in staged_files() %}
    {%- if file.source not in sources %}{% do sources.append(file.source) %}{% endif %}
{%- endfor %}

with export_folders as (
    -- Listed without reading them (DuckDB's glob; the loaded inventory elsewhere).
    {{ raw_export_folders() }}
),

latest_export as (
    select
        max(export_date) as latest_export_date,
        count(distinct source_name) as source_count
    from export_folders
    where source_name in ('{{ sources | join("', '") }}')
),

resolved as (
    select
        latest_export_date,
        source_count,
        {% if var('as_of_date', none) %}
            cast('{{ var("as_of_date") }}' as date) as as_of_date,
            true as is_overridden
        {% else %}
            latest_export_date as as_of_date,
            false as is_overridden
        {% endif %}
    from latest_export
)

select
    as_of_date,
    is_overridden,
    latest_export_date,
    source_count
from resolved
