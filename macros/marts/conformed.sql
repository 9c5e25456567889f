{#
    Lookups shared by the conformed layer (docs/conformed-model.md).
#}

{#
    working_days_after: the due date N working days after a local start date, per
    docs/kpi-engine.md: the N-th working day strictly after the start date; N = 0 is the start
    date itself. A join on the running working-day number of int_calendar_days_classified
    (the calendar dim_date publishes; intermediate models call this macro), not a loop.
#}
{% macro working_days_after(start_date, working_days) %}
    {{- return(adapter.dispatch('working_days_after', 'klantcontact')(start_date, working_days)) -}}
{% endmacro %}

{% macro default__working_days_after(start_date, working_days) %}
    (
        select
            case
                when {{ working_days }} = 0 then {{ start_date }}
                else min(due_day.date_day)
            end
        from {{ ref('int_calendar_days_classified') }} as start_day
        inner join {{ ref('int_calendar_days_classified') }} as due_day
            on due_day.working_day_number = start_day.working_day_number + {{ working_days }}
            and due_day.is_working_day
        where start_day.date_day = {{ start_date }}
    )
{% endmacro %}

{#
    working_days_between: working days after the start date up to and including the
    end date (same day = 0), per docs/kpi-engine.md "working days elapsed".
#}
{% macro working_days_between(start_date, end_date) %}
    (
        select max(end_day.working_day_number) - max(start_day.working_day_number)
        from {{ ref('int_calendar_days_classified') }} as start_day,
            {{ ref('int_calendar_days_classified') }} as end_day
        where start_day.date_day = {{ start_date }} and end_day.date_day = {{ end_date }}
    )
{% endmacro %}

{#
    department_key for a department name as the exports write it; onbekend when unknown.
    The lookup reads a derived table whose columns cannot collide with the caller's, so
    an unqualified argument such as department_name is never captured by the seed.
#}
{% macro department_key(name_expression) %}
    coalesce(
        (
            select max(department_lookup.lookup_department_code)
            from (
                select
                    department_code as lookup_department_code,
                    lower(department_name) as lookup_department_name
                from {{ ref('departments') }}
            ) as department_lookup
            where department_lookup.lookup_department_name = lower(trim({{ name_expression }}))
        ),
        'onbekend'
    )
{% endmacro %}

{#
    gemeente_code: the CBS gemeentecode of the municipality this build is for (dbt var
    municipality_cbs_code), as a typed literal. Every staging row (raw_rows), fact and
    KPI mart carries it, so tables of several municipalities can be unioned into one
    (models/pooled, docs/multi-municipality.md) and stay apart. Checked here because it
    is written into SQL: four digits, as inside CBS buurt and wijk codes.
#}
{% macro gemeente_code() %}
    {%- set code = var('municipality_cbs_code') | string %}
    {%- if not modules.re.fullmatch('[0-9]{4}', code) %}
        {{ exceptions.raise_compiler_error(
            "var municipality_cbs_code must be a CBS gemeentecode of 4 digits, e.g. '0307'"
            ~ " (quote it, or YAML reads 0307 as a number); got '" ~ code ~ "'") }}
    {%- endif %}
    {{- "cast('" ~ code ~ "' as " ~ type_text() ~ ")" -}}
{% endmacro %}


{#
    most_frequent_value: the body of a CTE holding, per key of `relation`, the value seen
    most often (ties: the alphabetically last, so rebuilds are stable); rows whose key or
    value is null do not count. Columns key_column and value_column.
#}
{% macro most_frequent_value(relation, key_column, value_column) %}
    select
        {{ key_column }},
        {{ value_column }}
    from (
        select
            {{ key_column }},
            {{ value_column }},
            row_number() over (
                partition by {{ key_column }}
                order by count(*) desc, {{ value_column }} desc
            ) as value_rank
        from {{ relation }}
        where {{ key_column }} is not null and {{ value_column }} is not null
        group by {{ key_column }}, {{ value_column }}
    ) as ranked_values
    where value_rank = 1
{% endmacro %}
