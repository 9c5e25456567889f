-- One row per raw row that failed validation: where it is and why, no row content.
{% for file in staged_files() %}
    select
        '{{ file.source }}' as source_name,
        '{{ file.file }}' as file_name,
        _file as file_path,
        _export_date as export_date,
        _line_number as line_number,
        _record_number as record_number,
        cast({{ file.record_id }} as {{ type_text() }}) as record_id,
        _reject_reason as reason,
        _reject_column as column_name
    from {{ ref(file.base) }}
    where _reject_reason is not null
    {% if not loop.last %}union all{% endif %}
{% endfor %}
