{#
    kpi_contributions_summed: the closing select of every contribution model
    (docs/kpi-engine.md): the union of its KPI CTEs (`relation`, each in the shape
    kpi_contribution builds) pre-summed per kpi_code x anchor_date x period_grain x
    channel_key and typed once. The same result as one row per item; a count keeps its
    denominator null (a sum over nulls).
#}
{% macro kpi_contributions_summed(relation) %}
    select
        cast(kpi_code as {{ type_text() }}) as kpi_code,
        cast(anchor_date as date) as anchor_date,
        cast(period_grain as {{ type_text() }}) as period_grain,
        cast(channel_key as {{ type_text() }}) as channel_key,
        cast(sum(numerator) as {{ type_double() }}) as numerator,
        cast(sum(denominator) as {{ type_double() }}) as denominator
    from {{ relation }}
    group by kpi_code, anchor_date, period_grain, channel_key
{% endmacro %}


{#
    kpi_contribution: one KPI's contribution rows (docs/kpi-engine.md), one per item of
    `items` (a CTE, optionally narrowed by `where`): the KPI code, the item's anchor
    date, its channel (a column or a quoted literal) and its numerator and denominator
    expressions (denominator none: a count, whose denominator stays null). Additive rows
    (period_grain null) unless period_grain is given. The shorthands below name the
    usual shapes: kpi_count (1 per item), kpi_share (1 when a condition holds, else 0,
    over the items) and kpi_mean (a value over the items).
#}
{% macro kpi_contribution(
    kpi_code, items, anchor_date, numerator, denominator=1, where=none,
    channel_key='channel_key', period_grain=none
) %}
    select
        '{{ kpi_code }}' as kpi_code,
        {{ anchor_date }} as anchor_date,
        {{ period_grain if period_grain else 'cast(null as ' ~ type_text() ~ ')' }} as period_grain,
        {{ channel_key }} as channel_key,
        cast({{ numerator }} as {{ type_double() }}) as numerator,
        cast({{ 'null' if denominator is none else denominator }} as {{ type_double() }}) as denominator
    from {{ items }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
{% endmacro %}

{% macro kpi_count(kpi_code, items, anchor_date, where=none, channel_key='channel_key') %}
    {{ kpi_contribution(kpi_code, items, anchor_date, 1, none, where, channel_key) }}
{% endmacro %}

{#- kpi_share: in_denominator, when given, is the condition for an item to count in the
    denominator (else every item counts). -#}
{% macro kpi_share(
    kpi_code, items, anchor_date, condition, where=none, channel_key='channel_key',
    in_denominator=none
) %}
    {{ kpi_contribution(
        kpi_code, items, anchor_date,
        'case when ' ~ condition ~ ' then 1 else 0 end',
        'case when ' ~ in_denominator ~ ' then 1 else 0 end' if in_denominator else 1,
        where, channel_key
    ) }}
{% endmacro %}

{% macro kpi_mean(
    kpi_code, items, anchor_date, value, where=none, channel_key='channel_key',
    in_denominator=none
) %}
    {{ kpi_contribution(
        kpi_code, items, anchor_date, value,
        'case when ' ~ in_denominator ~ ' then 1 else 0 end' if in_denominator else 1,
        where, channel_key
    ) }}
{% endmacro %}


{#
    kpi_period_ends: one row per period of every grain (kpi_periods over
    int_calendar_days_classified, the calendar dim_date publishes, or
    the relation or CTE `calendar`) that starts on or before the as-of date, with the day
    its period-end KPIs are judged: the period's last local day, or the as-of date when
    the period is not over yet (docs/kpi-engine.md, backlog KPIs). `as_of` is a relation or CTE
    with one row and column as_of_date (int_as_of_dates_resolved). Every backlog
    consumer (the cases, MOR and e-mail contributions, mart_cases_type_department,
    mart_mor_category_buurt) reads its period ends from here; grains narrows them (the
    monthly marts: ['month']).
#}
{% macro kpi_period_ends(as_of, calendar=none, grains=none) %}
    select
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        case
            when periods.period_end < as_of.as_of_date then periods.period_end
            else as_of.as_of_date
        end as evaluated_date
    from (
        {{ kpi_periods(calendar or ref('int_calendar_days_classified'), grains) }}
    ) as periods
    cross join {{ as_of }} as as_of
    where periods.period_start <= as_of.as_of_date
{% endmacro %}


{#
    open_zaken_at_period_ends: the backlog rule of zaken, once for the KPI
    case_open_overdue, mart_cases_type_department and mart_cases_open_period_end. One row
    per zaak and period end (`period_ends`, from kpi_period_ends) at which the zaak is
    open: registered on or before the evaluated day and without an einddatum on or before
    it (a zaak is open until its einddatum). is_overdue: its planned end is before that
    day; is_overdue_legal: its legal end (fact_case.legal_due_date) is before that day; a
    zaak without such an end is open but never overdue against it. `zaken` is a relation
    or CTE with registered_date, closed_date, planned_due_date and legal_due_date;
    `columns` are the zaak columns the consumer keeps.
#}
{% macro open_zaken_at_period_ends(zaken, period_ends, columns) %}
    select
        {%- for column in columns %}
        {{ zaken }}.{{ column }},
        {%- endfor %}
        {{ period_ends }}.period_grain,
        {{ period_ends }}.period_start,
        {{ period_ends }}.period_end,
        {{ period_ends }}.evaluated_date,
        coalesce({{ zaken }}.planned_due_date < {{ period_ends }}.evaluated_date, false) as is_overdue,
        coalesce({{ zaken }}.legal_due_date < {{ period_ends }}.evaluated_date, false)
            as is_overdue_legal
    from {{ zaken }}
    inner join {{ period_ends }}
        on
            {{ zaken }}.registered_date <= {{ period_ends }}.evaluated_date
            and (
                {{ zaken }}.closed_date is null
                or {{ zaken }}.closed_date > {{ period_ends }}.evaluated_date
            )
{% endmacro %}
