-- One row per raw export file type: raw rows = staged + quarantined + duplicates removed.
{% for file in staged_files() %}
    select
        '{{ file.source }}' as source_name,
        '{{ file.file }}' as file_name,
        (select count(*) from {{ source(file.source, file.file) }}) as raw_rows,
        (select count(*) from {{ ref(file.staged) }}) as staged_rows,
        (
            select count(*) from {{ ref('quarantined_rows') }}
            where source_name = '{{ file.source }}' and file_name = '{{ file.file }}'
        ) as quarantined_rows,
        (
            select count(*) from {{ ref(file.base) }}
            where _reject_reason is null
        )
        - (
            select count(*) from (
                select distinct {{ file.key | join(', ') }}
                from {{ ref(file.base) }}
                where _reject_reason is null
            )
        ) as duplicates_removed
    {% if not loop.last %}union all{% endif %}
{% endfor %}
