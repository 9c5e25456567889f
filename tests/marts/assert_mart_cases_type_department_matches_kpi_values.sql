-- mart_cases_type_department summed over zaaktypes and departments equals kpi_values'
-- month rows (all channels) of the cases KPIs: closed, on time against the planned and
-- the legal end, mean throughput and the backlog past its planned end at the month's
-- end. One row per KPI and month that differs.
{% set mart = ref('mart_cases_type_department') %}
{% set kpi_codes = [
    'case_closed', 'case_on_time_norm', 'case_on_time_legal', 'case_throughput', 'case_open_overdue'
] %}

with figures as (
    {{ kpi_figure('case_closed', mart, 'month_start', 'closed') }}
    union all
    {{ kpi_figure('case_on_time_norm', mart, 'month_start', 'closed_on_time_norm', 'closed_with_planned_end') }}
    union all
    {{ kpi_figure('case_on_time_legal', mart, 'month_start', 'closed_on_time_legal', 'closed_with_legal_end') }}
    union all
    {{ kpi_figure(
        'case_throughput', mart, 'month_start', 'throughput_calendar_days_sum', 'closed_with_throughput'
    ) }}
    union all
    {{ kpi_figure('case_open_overdue', mart, 'month_start', 'overdue_at_month_end', 'open_at_month_end') }}
),

{{ kpi_values_mismatches('figures', kpi_codes, 'month') }}
