{#
    kpi_norms_at_period_start: the one rule that gives a KPI row its norm (kpi_values and
    mart_telephony_queue_period both call it). `kpi_rows` is a CTE or relation with the
    columns kpi_code, unit (dim_kpi.unit), period_start and channel_key plus the columns of
    `key_columns`, which identify one row (kpi_values: kpi_code, period_grain,
    period_start, channel_key). Returns the key columns of every row that has a norm with
    norm_value, norm_operator and norm_profile:
    - the current version (dim_service_norm.is_current_version) of the norm valid at the
      period start, the row's channel's own norm before the `alle` norm, and of those the
      latest valid_from;
    - norm_value converted to the KPI's unit, as the source wrote it: a norm in percent on
      a fraction KPI (90 = 0.90), in minutes or hours on a KPI in seconds, ... Working
      days only compare with working days (a calendar term has no fixed number of working
      days); a norm in a unit that cannot be converted is left out: norm_value null, and
      then norm_operator and norm_profile are null too.
    Rows without any norm are absent: left join the result on the key columns.
#}
{% macro kpi_norms_at_period_start(kpi_rows, key_columns) %}
    select
        {%- for column in key_columns %}
        ranked.{{ column }},
        {%- endfor %}
        ranked.norm_value,
        case when ranked.norm_value is not null then ranked.norm_operator end as norm_operator,
        case when ranked.norm_value is not null then ranked.norm_profile end as norm_profile
    from (
        select
            {%- for column in key_columns %}
            {{ kpi_rows }}.{{ column }},
            {%- endfor %}
            norms.norm_operator,
            norms.norm_profile,
            case
                when norms.norm_unit = {{ kpi_rows }}.unit then norms.norm_value
                when {{ kpi_rows }}.unit = 'fraction' and norms.norm_unit = 'percent'
                    then norms.norm_value / 100
                when {{ kpi_rows }}.unit = 'seconds' and norms.norm_unit = 'minutes'
                    then norms.norm_value * 60
                when {{ kpi_rows }}.unit = 'seconds' and norms.norm_unit = 'hours'
                    then norms.norm_value * 3600
                when {{ kpi_rows }}.unit = 'seconds' and norms.norm_unit = 'calendar_days'
                    then norms.norm_value * 86400
                when {{ kpi_rows }}.unit = 'calendar_days' and norms.norm_unit = 'hours'
                    then norms.norm_value / 24
            end as norm_value,
            row_number() over (
                partition by
                    {%- for column in key_columns %}
                    {{ kpi_rows }}.{{ column }}{% if not loop.last %},{% endif %}
                    {%- endfor %}
                order by
                    case when norms.channel_key = {{ kpi_rows }}.channel_key then 0 else 1 end,
                    norms.valid_from desc
            ) as norm_rank
        from {{ kpi_rows }}
        inner join (
            select
                kpi_code,
                channel_key,
                norm_value,
                norm_unit,
                norm_operator,
                norm_profile,
                valid_from,
                valid_to
            from {{ ref('dim_service_norm') }}
            where is_current_version
        ) as norms
            on
                {{ kpi_rows }}.kpi_code = norms.kpi_code
                and ({{ kpi_rows }}.channel_key = norms.channel_key or norms.channel_key = 'alle')
                and {{ kpi_rows }}.period_start >= norms.valid_from
                and (norms.valid_to is null or {{ kpi_rows }}.period_start <= norms.valid_to)
    ) as ranked
    where ranked.norm_rank = 1
{% endmacro %}


{#
    kpi_meets_norm: whether a value meets its norm, with the operators strict as the source
    writes them: ">90%" is not met by exactly 90 %. Null when the value or the norm is
    null. Arguments are SQL expressions (columns of kpi_norms_at_period_start's result and
    the row's value).
#}
{% macro kpi_meets_norm(value, norm_value, norm_operator) %}
    case
        when {{ value }} is null or {{ norm_value }} is null then null
        when {{ norm_operator }} = '>=' then {{ value }} >= {{ norm_value }}
        when {{ norm_operator }} = '<=' then {{ value }} <= {{ norm_value }}
        when {{ norm_operator }} = '>' then {{ value }} > {{ norm_value }}
        when {{ norm_operator }} = '<' then {{ value }} < {{ norm_value }}
    end
{% endmacro %}


{#
    kpi_value: a KPI row's value from its summed numerator and denominator, the one rule
    kpi_values and the per-queue mart share: a count is its numerator, every other
    aggregation (ratio, mean, period-end ratio, distinct ratio) the numerator divided by
    the denominator, null when the denominator is 0. Arguments are SQL expressions.
#}
{% macro kpi_value(aggregation, numerator, denominator) %}
    case
        when {{ aggregation }} = 'count' then {{ numerator }}
        else {{ numerator }} / nullif({{ denominator }}, 0)
    end
{% endmacro %}
