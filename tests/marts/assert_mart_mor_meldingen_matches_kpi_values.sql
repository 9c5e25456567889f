-- mart_mor_meldingen summed per day equals kpi_values' day rows (all channels) of the MOR
-- KPIs whose per-melding flag it carries: duplicates, repeat locations and rerouted over
-- the meldingen created that day, on time and reopened over the meldingen closed that
-- day. Day rows are the finest grain, so every coarser period agrees too. One row per
-- KPI and day that differs.
{% set mart = ref('mart_mor_meldingen') %}
{% set kpi_codes = [
    'mor_duplicate_share', 'mor_repeat_location', 'mor_rerouted', 'mor_on_time', 'mor_reopened'
] %}

with figures as (
    {{ kpi_figure(
        'mor_duplicate_share', mart, 'created_date', 'case when is_duplicate then 1 else 0 end', '1'
    ) }}
    union all
    {{ kpi_figure(
        'mor_repeat_location', mart, 'created_date', 'case when is_repeat_location then 1 else 0 end', '1'
    ) }}
    union all
    {{ kpi_figure('mor_rerouted', mart, 'created_date', 'case when is_rerouted then 1 else 0 end', '1') }}
    union all
    {{ kpi_figure(
        'mor_on_time', mart, 'closed_date', 'case when is_closed_on_time then 1 else 0 end', '1',
        where='is_closed'
    ) }}
    union all
    {{ kpi_figure(
        'mor_reopened', mart, 'closed_date', 'case when is_reopened then 1 else 0 end', '1',
        where='is_closed'
    ) }}
),

{{ kpi_values_mismatches('figures', kpi_codes, 'day') }}
