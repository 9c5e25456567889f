{#
    kpi_contributions_summed: the closing select of every contribution model
    (docs/kpi-engine.md): the union of its KPI CTEs (`relation`) pre-summed per
    kpi_code x anchor_date x period_grain x channel_key, typed once. The same result as
    one row per item; a count keeps its denominator null (sum over nulls).
    channel_key: a literal channel for a family on one channel (telefoon, balie), when
    the CTEs carry no channel_key column. has_period_grain: false when the CTEs carry no
    period_grain column (additive rows only).
#}
{% macro kpi_contributions_summed(relation, channel_key=none, has_period_grain=true) %}
    {%- set group_columns = ['kpi_code', 'anchor_date'] %}
    {%- if has_period_grain %}{% do group_columns.append('period_grain') %}{% endif %}
    {%- if not channel_key %}{% do group_columns.append('channel_key') %}{% endif %}
    select
        cast(kpi_code as {{ type_text() }}) as kpi_code,
        cast(anchor_date as date) as anchor_date,
        cast({{ 'period_grain' if has_period_grain else 'null' }} as {{ type_text() }}) as period_grain,
        cast({{ "'" ~ channel_key ~ "'" if channel_key else 'channel_key' }} as {{ type_text() }})
            as channel_key,
        cast(sum(numerator) as {{ type_double() }}) as numerator,
        cast(sum(denominator) as {{ type_double() }}) as denominator
    from {{ relation }}
    group by {{ group_columns | join(', ') }}
{% endmacro %}


{#
    kpi_period_ends: one row per period of every grain (kpi_periods over the calendar
    relation or CTE `calendar`) that starts on or before the as-of date, with the day
    its period-end KPIs are judged: the period's last local day, or the as-of date when
    the period is not over yet (kpis.md, backlog KPIs). `as_of` is a relation or CTE
    with one row and column as_of_date (int_as_of_dates_resolved). Every backlog
    consumer (the cases, MOR and e-mail contributions, mart_cases_type_department,
    mart_mor_category_buurt) reads its period ends from here.
#}
{% macro kpi_period_ends(calendar, as_of) %}
    select
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        case
            when periods.period_end < as_of.as_of_date then periods.period_end
            else as_of.as_of_date
        end as evaluated_date
    from (
        {{ kpi_periods(calendar) }}
    ) as periods
    cross join {{ as_of }} as as_of
    where periods.period_start <= as_of.as_of_date
{% endmacro %}
