-- mart_forms_form_day summed over the forms equals kpi_values' day rows (all channels) of
-- the form KPIs: started and completed of those started. Days without a known start have
-- no started figure in the mart and no row in kpi_values. One row per KPI and day that
-- differs.
{% set mart = ref('mart_forms_form_day') %}
{% set kpi_codes = ['frm_started', 'frm_completion'] %}

with figures as (
    {{ kpi_figure('frm_started', mart, 'activity_date', 'started', where='started is not null') }}
    union all
    {{ kpi_figure(
        'frm_completion', mart, 'activity_date', 'started_completed', 'started',
        where='started is not null'
    ) }}
),

{{ kpi_values_mismatches('figures', kpi_codes, 'day') }}
