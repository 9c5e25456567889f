{#
    Row validation (docs/raw-validation-contract.md). A staging base model lists its
    checks with the check_* macros; reject_reason() / reject_column() turn the list
    into the first failing reason in the contract's order and the raw column it
    concerns. Rows with a reason go to quarantined_rows, all others are staged.

    Each check is a dict: reason, column (raw column name), failed (SQL condition).
#}

{% macro reject_reason_order() %}
    {{ return([
        'truncated_row', 'missing_id', 'invalid_timestamp', 'invalid_number',
        'out_of_range', 'unknown_code', 'end_before_start'
    ]) }}
{% endmacro %}

{% macro check_truncated() %}
    {{ return({'reason': 'truncated_row', 'column': none, 'failed': '_is_truncated'}) }}
{% endmacro %}

{% macro check_missing(column) %}
    {{ return({
        'reason': 'missing_id', 'column': column,
        'failed': "nullif(trim(" ~ column ~ "), '') is null"
    }) }}
{% endmacro %}

{# parsed: the parsed expression or column; required: an empty value also fails. #}
{% macro check_timestamp(column, parsed, required=true) %}
    {% if required %}
        {% set failed = parsed ~ " is null" %}
    {% else %}
        {% set failed = "nullif(trim(" ~ column ~ "), '') is not null and " ~ parsed ~ " is null" %}
    {% endif %}
    {{ return({'reason': 'invalid_timestamp', 'column': column, 'failed': failed}) }}
{% endmacro %}

{% macro check_number(column, parsed) %}
    {{ return({
        'reason': 'invalid_number', 'column': column,
        'failed': "nullif(trim(" ~ column ~ "), '') is not null and " ~ parsed ~ " is null"
    }) }}
{% endmacro %}

{% macro check_range(column, parsed, low, high) %}
    {{ return({
        'reason': 'out_of_range', 'column': column,
        'failed': "nullif(trim(" ~ column ~ "), '') is not null and coalesce("
            ~ parsed ~ " not between " ~ low ~ " and " ~ high ~ ", true)"
    }) }}
{% endmacro %}

{# values: the allowed codes; required: an empty value also fails. #}
{% macro check_code(column, values, required=true) %}
    {% set quoted = [] %}
    {% for value in values %}{% do quoted.append("'" ~ value ~ "'") %}{% endfor %}
    {% set outside = "coalesce(" ~ column ~ ", '') not in (" ~ quoted | join(", ") ~ ")" %}
    {% if required %}
        {% set failed = outside %}
    {% else %}
        {% set failed = "nullif(" ~ column ~ ", '') is not null and " ~ outside %}
    {% endif %}
    {{ return({'reason': 'unknown_code', 'column': column, 'failed': failed}) }}
{% endmacro %}

{# start / end: parsed expressions; column: the raw end column that is blamed. #}
{% macro check_order(start, end, column) %}
    {{ return({
        'reason': 'end_before_start', 'column': column,
        'failed': end ~ " < " ~ start
    }) }}
{% endmacro %}

{% macro _ordered_checks(checks) %}
    {% set ordered = [] %}
    {% for reason in reject_reason_order() %}
        {% for check in checks if check.reason == reason %}{% do ordered.append(check) %}{% endfor %}
    {% endfor %}
    {{ return(ordered) }}
{% endmacro %}

{% macro reject_reason(checks) %}
    case
        {%- for check in _ordered_checks(checks) %}
        when {{ check.failed }} then '{{ check.reason }}'
        {%- endfor %}
    end
{% endmacro %}

{% macro reject_column(checks) %}
    case
        {%- for check in _ordered_checks(checks) %}
        when {{ check.failed }} then {{ "'" ~ check.column ~ "'" if check.column else 'null' }}
        {%- endfor %}
    end
{% endmacro %}

{#
    latest_records: the staged rows of a base model. Rows with a reject reason are
    left out (they are in quarantined_rows); of the rest, one row per key survives:
    the latest export folder wins, within a file the last line wins.

    Incremental: a daily run re-derives only the keys that can have changed, each from
    all of its rows in the base model, so the table stays equal to a full refresh:
      - keys with a row loaded after this table's latest row (new export folders,
        re-delivered files: the base model gives their rows a later _loaded_at);
      - keys whose row here came from a delivery that is no longer read (a file
        removed or replaced), so another row of the key may win now.
    A key left without any valid row is deleted after the run (post_hook), as a full
    refresh would not stage it. A monthly full dump (mor, zaken) re-derives every key it
    holds; a daily delta export only its own.
#}
{% macro latest_records(base_relation, key_columns) %}
    {{- return(adapter.dispatch('latest_records', 'klantcontact')(base_relation, key_columns)) -}}
{% endmacro %}

{% macro default__latest_records(base_relation, key_columns) %}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=key_columns,
        on_schema_change='fail',
        post_hook="delete from {{ this }} as held where not exists (select 1 from "
            ~ "{{ ref('stg_raw_exports__files') }} as files where files.is_read"
            ~ " and files.file_path = held._file and files.file_version = held._file_version)"
    ) }}
    {%- set keys = key_columns | join(', ') %}
    {%- set validation_columns = ['_reject_reason', '_reject_column', '_is_truncated', '_file_records'] %}
    with valid_rows as (
        select {{ columns_except(base_relation, validation_columns) }}
        from {{ base_relation }}
        where _reject_reason is null
    ),

    {% if is_incremental() %}
    read_files as (
        select
            file_path,
            file_version
        from {{ ref('stg_raw_exports__files') }}
        where is_read
    ),

    changed_keys as (
        select {{ keys }}
        from valid_rows
        -- An empty table (a source without exports until now) takes every row.
        where _loaded_at > (
            select coalesce(max(_loaded_at), cast('0001-01-01' as {{ type_timestamp() }})) from {{ this }}
        )

        union

        select {% for key in key_columns %}held.{{ key }}{% if not loop.last %}, {% endif %}{% endfor %}
        from {{ this }} as held
        where not exists (
            select 1
            from read_files
            where read_files.file_path = held._file and read_files.file_version = held._file_version
        )
    ),

    candidate_rows as (
        select valid_rows.*
        from valid_rows
        inner join changed_keys
            on
            {%- for key in key_columns %}
            valid_rows.{{ key }} is not distinct from changed_keys.{{ key }}
            {%- if not loop.last %} and{% endif %}
            {%- endfor %}
    ),
    {% else %}
    candidate_rows as (
        select * from valid_rows
    ),
    {% endif %}

    -- A subquery instead of DuckDB's qualify, which PostgreSQL and Spark lack.
    ranked as (
        select
            *,
            row_number() over (
                partition by {{ keys }}
                order by _export_date desc, _record_number desc
            ) as _latest_rank
        from candidate_rows
    ),

    latest as (
        select {{ columns_except(base_relation, ['_latest_rank'], validation_columns) }}
        from ranked
        where _latest_rank = 1
    )

    select * from latest
{% endmacro %}

{#
    lineage_columns: the lineage every staged row carries past its base model (gemeente_code
    first, then where it was read from), in the order the union models select them.
#}
{% macro lineage_columns() %}
    {{ return([
        'gemeente_code', '_file', '_file_version', '_loaded_at', '_export_date',
        '_record_number', '_line_number'
    ]) }}
{% endmacro %}

{#
    select_lineage_and_rejects: the closing columns of every base model's validated CTE,
    the lineage raw_rows adds (gemeente_code first) and the first failing check with the
    raw column it concerns. relation qualifies the lineage columns where the CTE joins.
#}
{% macro select_lineage_and_rejects(checks, relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- set lineage = lineage_columns() + ['_is_truncated', '_file_records'] -%}
    {%- for column in lineage %}{{ prefix ~ column }},
        {% endfor -%}
    {{ reject_reason(checks) }} as _reject_reason,
        {{ reject_column(checks) }} as _reject_column
{%- endmacro %}
