-- mart_telephony_queue_period: the telephony KPIs that belong to a queue, per first-line
-- queue and period (day, ISO week, month, quarter, year), with the norms of kpi_values.
-- Analysts compare queues against the norm without rebuilding the KPIs: the counts are
-- mart_telephony_half_hour's (the one place a call is placed in a queue) summed over the
-- half hours, each KPI takes the numerator and denominator its definition names, and the
-- norm comes from macro kpi_norms_at_period_start, as in kpi_values. Summed over the
-- queues (with `onbekend`) the figures are kpi_values' (channel `alle`).
{#- Per KPI: its numerator and denominator as mart_telephony_half_hour's columns
    (docs/kpi-catalogue.md, Telephony); none: a count. tel_queue_abandoned divides by offered, as the
    KPI does, not by queued. -#}
{%- set queue_kpis = [
    ('tel_offered', 'offered', none),
    ('tel_queued', 'queued', none),
    ('tel_queue_abandoned', 'abandoned', 'offered'),
    ('tel_service_level', 'answered_within_threshold', 'queued'),
    ('tel_handled', 'answered', none),
    ('tel_asa', 'wait_s_sum', 'answered'),
] %}

with half_hours as (
    select
        queue_id,
        call_date,
        offered,
        queued,
        answered,
        answered_within_threshold,
        abandoned,
        wait_s_sum
    from {{ ref('mart_telephony_half_hour') }}
),

kpis as (
    select
        kpi_code,
        unit,
        aggregation
    from {{ ref('dim_kpi') }}
),

periods as (
    {{ kpi_periods(ref('dim_date')) }}
),

queue_days as (
    select
        queue_id,
        call_date,
        sum(offered) as offered,
        sum(queued) as queued,
        sum(answered) as answered,
        sum(answered_within_threshold) as answered_within_threshold,
        sum(abandoned) as abandoned,
        sum(wait_s_sum) as wait_s_sum
    from half_hours
    group by queue_id, call_date
),

-- One row per KPI, queue and day. A day without any call the KPI counts (a count of 0, a
-- denominator of 0) is left out, as kpi_values has no row without contributions: queue
-- `onbekend` (offered calls that reached no first-line queue) keeps tel_offered and
-- tel_queue_abandoned's denominator only.
kpi_days as (
    {% for kpi_code, numerator, denominator in queue_kpis %}
        select
            '{{ kpi_code }}' as kpi_code,
            queue_id,
            call_date,
            '{{ numerator }}' as numerator_measure,
            {{ numerator }} as numerator,
            {% if denominator %}
                '{{ denominator }}' as denominator_measure,
                {{ denominator }} as denominator
            {% else %}
                cast(null as {{ type_text() }}) as denominator_measure,
                cast(null as {{ type_double() }}) as denominator
            {% endif %}
        from queue_days
        where {{ denominator or numerator }} > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

queue_periods as (
    select
        kpi_days.kpi_code,
        periods.period_grain,
        periods.period_start,
        kpi_days.queue_id,
        kpi_days.numerator_measure,
        kpi_days.denominator_measure,
        sum(kpi_days.numerator) as numerator,
        sum(kpi_days.denominator) as denominator
    from kpi_days
    inner join periods
        on kpi_days.call_date between periods.period_start and periods.period_end
    group by
        kpi_days.kpi_code,
        periods.period_grain,
        periods.period_start,
        kpi_days.queue_id,
        kpi_days.numerator_measure,
        kpi_days.denominator_measure
),

-- Valued as kpi_values values a row (macro kpi_value): the numerator for counts, else
-- numerator / denominator. Channel `alle`: kpi_values carries the telephony KPIs for all channels
-- together only, so a queue row takes the norm of that row.
valued as (
    select
        queue_periods.kpi_code,
        queue_periods.period_grain,
        queue_periods.period_start,
        queue_periods.queue_id,
        'alle' as channel_key,
        queue_periods.numerator_measure,
        queue_periods.numerator,
        queue_periods.denominator_measure,
        queue_periods.denominator,
        kpis.unit,
        {{ kpi_value('kpis.aggregation', 'queue_periods.numerator', 'queue_periods.denominator') }}
            as value  -- noqa: RF04
    from queue_periods
    left join kpis
        on queue_periods.kpi_code = kpis.kpi_code
),

applicable_norms as (
    {{ kpi_norms_at_period_start(
        'valued', ['kpi_code', 'period_grain', 'period_start', 'channel_key', 'queue_id']
    ) }}
),

final as (
    select
        {{ gemeente_code() }} as gemeente_code,
        cast(valued.kpi_code as {{ type_text() }}) as kpi_code,
        cast(valued.period_grain as {{ type_text() }}) as period_grain,
        cast(valued.period_start as date) as period_start,
        cast(valued.queue_id as {{ type_text() }}) as queue_id,
        cast(valued.channel_key as {{ type_text() }}) as channel_key,
        cast(valued.numerator_measure as {{ type_text() }}) as numerator_measure,
        cast(valued.numerator as {{ type_double() }}) as numerator,
        cast(valued.denominator_measure as {{ type_text() }}) as denominator_measure,
        cast(valued.denominator as {{ type_double() }}) as denominator,
        cast(valued.value as {{ type_double() }}) as value,  -- noqa: RF04
        cast(valued.unit as {{ type_text() }}) as unit,
        cast(applicable_norms.norm_value as {{ type_double() }}) as norm_value,
        cast(applicable_norms.norm_operator as {{ type_text() }}) as norm_operator,
        cast(applicable_norms.norm_profile as {{ type_text() }}) as norm_profile,
        {{ kpi_meets_norm('valued.value', 'applicable_norms.norm_value', 'applicable_norms.norm_operator') }}
            as meets_norm
    from valued
    left join applicable_norms
        on
            valued.kpi_code = applicable_norms.kpi_code
            and valued.period_grain = applicable_norms.period_grain
            and valued.period_start = applicable_norms.period_start
            and valued.channel_key = applicable_norms.channel_key
            and valued.queue_id = applicable_norms.queue_id
)

select * from final
