-- mart_telephony_half_hour summed to the local day equals kpi_values' day rows (all
-- channels) of the telephony KPIs it carries: offered, queued, the service level
-- (answered within the threshold / queued), queue abandonment (abandoned / offered),
-- handled and the average speed of answer. One row per KPI and day that differs.
{% set mart = ref('mart_telephony_half_hour') %}
{% set kpi_codes = [
    'tel_offered', 'tel_queued', 'tel_service_level', 'tel_queue_abandoned', 'tel_handled', 'tel_asa'
] %}

with figures as (
    {{ kpi_figure('tel_offered', mart, 'call_date', 'offered') }}
    union all
    {{ kpi_figure('tel_queued', mart, 'call_date', 'queued') }}
    union all
    {{ kpi_figure('tel_service_level', mart, 'call_date', 'answered_within_threshold', 'queued') }}
    union all
    {{ kpi_figure('tel_queue_abandoned', mart, 'call_date', 'abandoned', 'offered') }}
    union all
    {{ kpi_figure('tel_handled', mart, 'call_date', 'answered') }}
    union all
    {{ kpi_figure('tel_asa', mart, 'call_date', 'wait_s_sum', 'answered') }}
),

{{ kpi_values_mismatches('figures', kpi_codes, 'day') }}
