{#
    kpi_values_mismatches: the body of a data test that holds a wide mart to kpi_values.
    It continues the test's `with` after the CTE `figures`, a CTE or relation with columns kpi_code, period_start, numerator and
    denominator: the mart's figures summed to the KPI's grain (rows of one KPI and
    period are summed again here). Compared with the kpi_values rows of the given
    period_grain and channel_key (default `alle`, all channels together) for the listed
    kpi_codes; a period present on one side only counts as 0 on the other, so a day or
    month the mart misses fails too unless the KPI's figures are 0 there.
    only_figure_periods: compare only the periods the figures have (a mart of one
    period, e.g. the as-of date). Returns one row per KPI and period that differs.
#}
{% macro kpi_values_mismatches(figures, kpi_codes, period_grain, channel_key='alle', only_figure_periods=false) %}
    mart_figures as (
        select
            kpi_code,
            period_start,
            sum(numerator) as numerator,
            sum(denominator) as denominator
        from {{ figures }}
        group by kpi_code, period_start
    ),

    kpi_figures as (
        select
            kpi_code,
            period_start,
            numerator,
            denominator
        from {{ ref('kpi_values') }}
        where
            period_grain = '{{ period_grain }}'
            and channel_key = '{{ channel_key }}'
            and kpi_code in ('{{ kpi_codes | join("', '") }}')
            {% if only_figure_periods %}
                and period_start in (select period_start from mart_figures)
            {% endif %}
    ),

    compared as (
        select
            coalesce(mart_figures.kpi_code, kpi_figures.kpi_code) as kpi_code,
            coalesce(mart_figures.period_start, kpi_figures.period_start) as period_start,
            mart_figures.numerator as mart_numerator,
            kpi_figures.numerator as kpi_numerator,
            mart_figures.denominator as mart_denominator,
            kpi_figures.denominator as kpi_denominator
        from mart_figures
        full outer join kpi_figures
            on
                mart_figures.kpi_code = kpi_figures.kpi_code
                and mart_figures.period_start = kpi_figures.period_start
    )

    select * from compared
    where
        abs(coalesce(mart_numerator, 0) - coalesce(kpi_numerator, 0)) > 1e-6
        or abs(coalesce(mart_denominator, 0) - coalesce(kpi_denominator, 0)) > 1e-6
{% endmacro %}


{#
    kpi_figure: one KPI's figure from a wide mart for kpi_values_mismatches: numerator and
    denominator expressions summed per period (the mart's period column), as a select to
    union with the mart's other KPIs. denominator none: a count (its denominator is null).
#}
{% macro kpi_figure(kpi_code, mart, period_column, numerator, denominator=none, where=none) %}
    select
        '{{ kpi_code }}' as kpi_code,
        {{ period_column }} as period_start,
        sum({{ numerator }}) as numerator,
        {% if denominator %}sum({{ denominator }}){% else %}cast(null as {{ type_double() }}){% endif %}
            as denominator
    from {{ mart }}
    {% if where %}where {{ where }}{% endif %}
    group by {{ period_column }}
{% endmacro %}
