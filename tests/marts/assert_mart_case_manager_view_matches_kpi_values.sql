-- mart_case_manager_view's open and overdue zaken at the as-of date equal kpi_values'
-- case_open_overdue day row of the as-of date (all channels): open zaken (denominator)
-- and those past their planned end (numerator). Meldingen have a KPI of their own at a
-- period's end only (mor_open_overdue), so only the zaak rows are compared. One row when
-- they differ.
{% set mart = ref('mart_case_manager_view') %}

with figures as (
    {{ kpi_figure(
        'case_open_overdue', mart, 'as_of_date', 'overdue_cases', 'open_cases', where="case_kind = 'zaak'"
    ) }}
),

{{ kpi_values_mismatches('figures', ['case_open_overdue'], 'day', only_figure_periods=true) }}
