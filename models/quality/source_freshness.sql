-- source_freshness: one row per source folder, how recent its exports are on the as-of
-- date of the build. The folders are listed without reading a file (raw_export_file_paths), like
-- int_as_of_dates_resolved; the warn/error thresholds are read from the sources'
-- freshness config (models/staging/*/_*__sources.yml), so there is one place to change
-- them. Unlike `dbt source freshness`, the age is measured against the as-of date, not
-- the wall clock, so a rebuild of old exports gives the same answer.
{{ config(materialized='table') }}
{%- set sources = [] %}
{%- for file in staged_files() %}
    {%- if file.source not in sources %}{% do sources.append(file.source) %}{% endif %}
{%- endfor %}
{%- set thresholds = {} %}
{%- if execute %}
    {%- for node in graph.sources.values() %}
        {%- if node.package_name == project_name and node.source_name in sources
            and node.freshness and node.freshness.warn_after.count %}
            {%- for kind in ['warn_after', 'error_after'] %}
                {%- set rule = node.freshness[kind] %}
                {%- if rule.period != 'day' %}
                    {{ exceptions.raise_compiler_error(
                        'source_freshness: ' ~ node.source_name ~ ' ' ~ kind
                        ~ ' is in ' ~ rule.period ~ 's; only days are supported') }}
                {%- endif %}
                {#- Several tables of one source: the strictest threshold wins. #}
                {%- set key = node.source_name ~ '.' ~ kind %}
                {%- if key not in thresholds or rule.count < thresholds[key] %}
                    {%- do thresholds.update({key: rule.count}) %}
                {%- endif %}
            {%- endfor %}
        {%- endif %}
    {%- endfor %}
    {%- for source_name in sources %}
        {%- if source_name ~ '.warn_after' not in thresholds %}
            {{ exceptions.raise_compiler_error(
                'source_freshness: source ' ~ source_name ~ ' has no freshness config') }}
        {%- endif %}
    {%- endfor %}
{%- endif %}

with source_thresholds as (
    {%- for source_name in sources %}
        select
            '{{ source_name }}' as source_name,
            {{ thresholds.get(source_name ~ '.warn_after', 'null') }} as warn_after_days,
            {{ thresholds.get(source_name ~ '.error_after', 'null') }} as error_after_days
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

export_folders as (
    -- Listed without reading them (DuckDB's glob; the loaded inventory elsewhere).
    {{ raw_export_folders() }}
),

per_source as (
    select
        source_name,
        count(distinct export_date) as export_folders,
        min(export_date) as first_export_date,
        max(export_date) as latest_export_date
    from export_folders
    where export_date is not null
    group by source_name
),

as_of as (
    select as_of_date
    from {{ ref('int_as_of_dates_resolved') }}
),

measured as (
    select
        source_thresholds.source_name,
        per_source.first_export_date,
        per_source.latest_export_date,
        as_of.as_of_date,
        source_thresholds.warn_after_days,
        source_thresholds.error_after_days,
        coalesce(per_source.export_folders, 0) as export_folders,
        {{ dbt.datediff('per_source.latest_export_date', 'as_of.as_of_date', 'day') }}
            as days_since_latest_export
    from source_thresholds
    cross join as_of
    left join per_source
        on source_thresholds.source_name = per_source.source_name
)

select
    source_name,
    export_folders,
    first_export_date,
    latest_export_date,
    as_of_date,
    days_since_latest_export,
    warn_after_days,
    error_after_days,
    -- Same comparison as dbt's freshness check: warn/stale once the age exceeds the count.
    -- A source without any export folder is stale.
    case
        when latest_export_date is null then 'stale'
        when days_since_latest_export > error_after_days then 'stale'
        when days_since_latest_export > warn_after_days then 'warn'
        else 'fresh'
    end as status
from measured
