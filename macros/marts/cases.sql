{#
    Macros of the case side of the conformed layer (meldingen, zaken, callbacks,
    surveys). They build on conformed.sql (working_days_after, working_days_between,
    department_key) and follow docs/conformed-model.md.

    Cross-database unless stated otherwise: the date arithmetic goes through dbt's
    cross-database macros (dbt.dateadd); only local_day_end_at is DuckDB syntax
    (timezone()), and it is used in intermediate models only.
#}

{#
    date_plus_term: a calendar date plus an ISO-8601 date duration already split into
    months (years x 12 + months) and days (weeks x 7 + days), as stg_zaken__* parse
    them. Months are added first, then days, as ISO 8601 applies a duration's parts
    from the largest to the smallest; adding months clamps to the month's last day
    (31 January + P1M = 28 February). A null part counts as 0; a null date stays null.
    Example: date_plus_term('2025-01-31', 14, 1) = 2025-03-14.
#}
{% macro date_plus_term(date_expression, days_expression, months_expression) %}
    cast(
        {{ dbt.dateadd(
            'day',
            'coalesce(' ~ days_expression ~ ', 0)',
            dbt.dateadd('month', 'coalesce(' ~ months_expression ~ ', 0)', date_expression)
        ) }}
        as date
    )
{% endmacro %}

{#
    due_date_after: the due date of a term counted from a local start date, per the
    docs/kpi-engine.md conventions: when uses_calendar_days, the start date plus N calendar days;
    else the N-th working day strictly after the start date (working_days_after, a join
    on int_calendar_days_classified.working_day_number; N = 0 is the start date itself).
    Null when the term is null.
#}
{% macro due_date_after(start_date, term_days, uses_calendar_days) %}
    case
        when {{ term_days }} is null then null
        when {{ uses_calendar_days }}
            then cast({{ dbt.dateadd('day', term_days, start_date) }} as date)
        else {{ working_days_after(start_date, term_days) }}
    end
{% endmacro %}

{#
    subject_on: the subject of a value of one mapped source system on a local date,
    honouring the validity columns of seed subject_mappings (valid_from / valid_to,
    inclusive, empty = since always / open-ended); when two rows are valid the later
    valid_from wins. `onbekend` when no row applies.
#}
{% macro subject_on(source_system, value_expression, on_date) %}
    {{- return(adapter.dispatch('subject_on', 'klantcontact')(source_system, value_expression, on_date)) -}}
{% endmacro %}

{% macro default__subject_on(source_system, value_expression, on_date) %}
    coalesce(
        (
            select max(mappings.subject)
            from {{ ref('subject_mappings') }} as mappings
            where mappings.source_system = '{{ source_system }}'
                and mappings.source_value = {{ value_expression }}
                and coalesce(mappings.valid_from, cast('1900-01-01' as date))
                = (
                    select max(coalesce(candidates.valid_from, cast('1900-01-01' as date)))
                    from {{ ref('subject_mappings') }} as candidates
                    where candidates.source_system = '{{ source_system }}'
                        and candidates.source_value = {{ value_expression }}
                        and (candidates.valid_from is null or candidates.valid_from <= {{ on_date }})
                        and (candidates.valid_to is null or {{ on_date }} <= candidates.valid_to)
                )
        ),
        'onbekend'
    )
{% endmacro %}

{#
    channel_for: channel_code for a channel name as an export writes it, from seed
    channel_mappings (source systems kcs_kanaal, kto_kanaal, signalen_source, ...);
    `onbekend` when unmapped. fallback_system is tried when source_system has no row
    for the value (used for zaken.communicatiekanaal, which shares most of the KISS
    vocabulary).
#}
{% macro channel_for(source_system, value_expression, fallback_system=none) %}
    coalesce(
        (
            select max(mappings.channel_code)
            from {{ ref('channel_mappings') }} as mappings
            where mappings.source_system = '{{ source_system }}'
                and mappings.source_value = {{ value_expression }}
        ),
        {% if fallback_system %}
        (
            select max(fallback_mappings.channel_code)
            from {{ ref('channel_mappings') }} as fallback_mappings
            where fallback_mappings.source_system = '{{ fallback_system }}'
                and fallback_mappings.source_value = {{ value_expression }}
        ),
        {% endif %}
        'onbekend'
    )
{% endmacro %}

{#
    kpi_parameter: a column (default `value`) of the kpi_parameters row in use
    (int_kpi_parameters_selected: the chosen norm profile or the municipality's own seed) of
    one parameter_code that is valid on a local date (valid_from <= date <= valid_to,
    valid_to empty = open-ended); the latest valid_from wins when rows overlap. Null
    when no row applies.
#}
{% macro kpi_parameter(parameter_code, on_date, column='value') %}
    {{- return(adapter.dispatch('kpi_parameter', 'klantcontact')(parameter_code, on_date, column)) -}}
{% endmacro %}

{% macro default__kpi_parameter(parameter_code, on_date, column='value') %}
    (
        select max(parameters.{{ column }})
        from {{ ref('int_kpi_parameters_selected') }} as parameters
        where parameters.parameter_code = '{{ parameter_code }}'
            and parameters.valid_from = (
                select max(candidates.valid_from)
                from {{ ref('int_kpi_parameters_selected') }} as candidates
                where candidates.parameter_code = '{{ parameter_code }}'
                    and candidates.valid_from <= {{ on_date }}
                    and (candidates.valid_to is null or {{ on_date }} <= candidates.valid_to)
            )
    )
{% endmacro %}

{#
    local_day_end_at: the instant a local date ends, i.e. local midnight at
    the start of the next day, as timestamptz. "The state at the end of local day d"
    is the state valid at this instant (docs/kpi-engine.md, backlog KPIs).
#}
{% macro local_day_end_at(date_expression) %}
    {{ from_local_timestamp(
        'cast(cast(' ~ dbt.dateadd('day', 1, date_expression) ~ ' as date) as ' ~ type_timestamp() ~ ')'
    ) }}
{% endmacro %}
