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
#}
{% macro latest_records(base_relation, key_columns) %}
    select * exclude (_reject_reason, _reject_column, _is_truncated, _file_version)
    from {{ base_relation }}
    where _reject_reason is null
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _export_date desc, _record_number desc
    ) = 1
{% endmacro %}
