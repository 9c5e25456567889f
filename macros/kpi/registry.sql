{#
    kpi_contribution_models: the contribution models (docs/kpi-engine.md) that
    kpi_values unions, one per KPI family. Adding a family = one quoted model name on
    a line of its own below; kpi_values and its roll-up test pick it up.
#}
{% macro kpi_contribution_models() %}
    {{ return([
        'int_kpi_telephony_contributions',
        'int_kpi_balie_contributions',
        'int_kpi_cross_channel_contributions',
        'int_kpi_email_forms_contributions',
        'int_kpi_web_contributions',
        'int_kpi_kcc_contributions',
        'int_kpi_mor_contributions',
        'int_kpi_cases_contributions',
        'int_kpi_kto_contributions',
    ]) }}
{% endmacro %}
