-- mart_mor_category_buurt summed over categories and buurten equals kpi_values' month
-- rows (all channels) of the MOR KPIs: received, closed on time, mean throughput, the
-- overdue backlog at the month's end, duplicates, repeat locations and rerouted. One row
-- per KPI and month that differs.
{% set mart = ref('mart_mor_category_buurt') %}
{% set kpi_codes = [
    'mor_received', 'mor_on_time', 'mor_throughput', 'mor_open_overdue', 'mor_duplicate_share',
    'mor_repeat_location', 'mor_rerouted'
] %}

with figures as (
    {{ kpi_figure('mor_received', mart, 'month_start', 'received') }}
    union all
    {{ kpi_figure('mor_on_time', mart, 'month_start', 'closed_on_time', 'closed') }}
    union all
    {{ kpi_figure('mor_throughput', mart, 'month_start', 'throughput_working_days_sum', 'closed') }}
    union all
    {{ kpi_figure('mor_open_overdue', mart, 'month_start', 'overdue_at_month_end', 'open_at_month_end') }}
    union all
    {{ kpi_figure('mor_duplicate_share', mart, 'month_start', 'duplicates', 'received') }}
    union all
    {{ kpi_figure('mor_repeat_location', mart, 'month_start', 'repeat_locations', 'received') }}
    union all
    {{ kpi_figure('mor_rerouted', mart, 'month_start', 'rerouted', 'received') }}
),

{{ kpi_values_mismatches('figures', kpi_codes, 'month') }}
