-- The quality report per source: the table behind the report `make build` prints, for
-- dashboards. Files, rows (raw = staged + quarantined + duplicates removed), the
-- quarantine per reason, file-level faults and freshness, one row per source folder.
-- Failed tests are in quality.build_test_results, written after the build.
with reconciliation as (
    select * from {{ ref('source_reconciliation') }}
),

quarantined as (
    select * from {{ ref('quarantined_rows') }}
),

file_faults as (
    -- Not quality.raw_file_faults: a failing readability test on it would skip this
    -- report, the one place that shows what the build read after all.
    select * from {{ ref('stg_raw_exports__file_faults') }}
),

freshness as (
    select * from {{ ref('source_freshness') }}
),

rows_per_source as (
    select
        source_name,
        sum(files_read) as files_read,
        sum(files_skipped) as files_skipped,
        sum(raw_rows) as raw_rows,
        sum(staged_rows) as staged_rows,
        sum(quarantined_rows) as quarantined_rows,
        sum(duplicates_removed) as duplicates_removed
    from reconciliation
    group by source_name
),

{% set reasons = reject_reason_order() %}
quarantine_per_reason as (
    select
        source_name,
        {%- for reason in reasons %}
            sum(case when reason = '{{ reason }}' then 1 else 0 end) as quarantined_{{ reason }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from quarantined
    group by source_name
),

faults_per_source as (
    select
        source_name,
        sum(case when severity = 'error' then 1 else 0 end) as file_errors,
        sum(case when severity = 'warning' then 1 else 0 end) as file_warnings
    from file_faults
    group by source_name
)

select
    freshness.source_name,
    coalesce(rows_per_source.files_read, 0) as files_read,
    coalesce(rows_per_source.files_skipped, 0) as files_skipped,
    coalesce(faults_per_source.file_errors, 0) as file_errors,
    coalesce(faults_per_source.file_warnings, 0) as file_warnings,
    coalesce(rows_per_source.raw_rows, 0) as raw_rows,
    coalesce(rows_per_source.staged_rows, 0) as staged_rows,
    coalesce(rows_per_source.quarantined_rows, 0) as quarantined_rows,
    {%- for reason in reasons %}
        coalesce(quarantine_per_reason.quarantined_{{ reason }}, 0) as quarantined_{{ reason }},
    {%- endfor %}
    coalesce(rows_per_source.duplicates_removed, 0) as duplicates_removed,
    freshness.latest_export_date,
    freshness.days_since_latest_export,
    freshness.status as freshness_status
from freshness
left join rows_per_source
    on freshness.source_name = rows_per_source.source_name
left join quarantine_per_reason
    on freshness.source_name = quarantine_per_reason.source_name
left join faults_per_source
    on freshness.source_name = faults_per_source.source_name
