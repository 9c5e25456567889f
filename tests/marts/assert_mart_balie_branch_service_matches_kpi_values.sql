-- mart_balie_branch_service summed to the local day equals kpi_values' day rows (all
-- channels) of the counter KPIs: visits, no-shows, wait within the norm, mean wait,
-- mean service time and left unserved. One row per KPI and day that differs.
{% set mart = ref('mart_balie_branch_service') %}
{% set kpi_codes = [
    'bal_visits', 'bal_no_show', 'bal_wait_within_norm', 'bal_wait_avg', 'bal_service_time',
    'bal_left_unserved'
] %}

with figures as (
    {{ kpi_figure('bal_visits', mart, 'visit_date', 'arrived_visits') }}
    union all
    {{ kpi_figure('bal_no_show', mart, 'visit_date', 'no_shows', 'appointments_not_cancelled') }}
    union all
    {{ kpi_figure('bal_wait_within_norm', mart, 'visit_date', 'waited_within_norm', 'arrived_visits') }}
    union all
    {{ kpi_figure('bal_wait_avg', mart, 'visit_date', 'wait_s_sum', 'called_visits') }}
    union all
    {{ kpi_figure('bal_service_time', mart, 'visit_date', 'service_s_sum', 'served_visits') }}
    union all
    {{ kpi_figure('bal_left_unserved', mart, 'visit_date', 'left_unserved', 'arrived_visits') }}
),

{{ kpi_values_mismatches('figures', kpi_codes, 'day') }}
