-- One row per raw export file type: raw rows = staged + quarantined + duplicates removed.
-- Raw rows are the records of the readable files (_file_records of the base model, which
-- reads exactly those files); the files skipped are counted beside them and listed in
-- raw_file_faults. A snapshot export's base model keeps only the records that changed
-- since the previous dump: the unchanged copies are duplicates of a row it holds.
with files as (
    select * from {{ ref('stg_raw_exports__files') }}
),

file_counts as (
    select
        source_name,
        table_name,
        sum(case when is_read then 1 else 0 end) as files_read,
        sum(case when is_read then 0 else 1 end) as files_skipped
    from files
    group by source_name, table_name
),

row_counts as (
    {% for file in staged_files() %}
        select
            '{{ file.source }}' as source_name,
            '{{ file.file }}' as file_name,
            (
                select coalesce(sum(file_records), 0) from (
                    select max(_file_records) as file_records
                    from {{ ref(file.base) }}
                    group by _file
                ) as files_read
            ) as raw_rows,
            (select count(*) from {{ ref(file.staged) }}) as staged_rows,
            (
                select count(*) from {{ ref('quarantined_rows') }}
                where source_name = '{{ file.source }}' and file_name = '{{ file.file }}'
            ) as quarantined_rows,
            (select count(*) from {{ ref(file.base) }}) as held_rows,
            (
                select count(*) from {{ ref(file.base) }}
                where _reject_reason is null
            ) as valid_rows,
            (
                select count(*) from (
                    select distinct {{ file.key | join(', ') }}
                    from {{ ref(file.base) }}
                    where _reject_reason is null
                ) as distinct_keys
            ) as valid_keys
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    row_counts.source_name,
    row_counts.file_name,
    row_counts.raw_rows,
    row_counts.staged_rows,
    row_counts.quarantined_rows,
    -- Another row of the record is staged: a later export or line of it, or (raw rows the
    -- base model does not hold) an unchanged copy in a later dump.
    row_counts.valid_rows - row_counts.valid_keys
    + row_counts.raw_rows - row_counts.held_rows as duplicates_removed,
    coalesce(file_counts.files_read, 0) as files_read,
    coalesce(file_counts.files_skipped, 0) as files_skipped
from row_counts
left join file_counts
    on
        row_counts.source_name = file_counts.source_name
        and row_counts.file_name = file_counts.table_name
