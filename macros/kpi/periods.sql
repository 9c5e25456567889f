{#
    kpi_periods: one row per period of every grain (day, ISO week, month, quarter, year)
    that the given calendar relation covers, with its first and last day. Period-end KPIs
    (backlogs) evaluate their items at each period's end; the relation needs date_day,
    week_start, month_start, quarter_start and year_start (columns of
    int_calendar_days_classified and dim_date). grains:
    only these grains (default all five).
#}
{% macro kpi_periods(calendar, grains=none) %}
    {%- for grain, start_column in [
        ('day', 'date_day'), ('week', 'week_start'), ('month', 'month_start'),
        ('quarter', 'quarter_start'), ('year', 'year_start')
    ] if grains is none or grain in grains %}
        select
            '{{ grain }}' as period_grain,
            {{ start_column }} as period_start,
            max(date_day) as period_end
        from {{ calendar }}
        group by {{ start_column }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{% endmacro %}
