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

{#
    kpi_family_sources: the sources a KPI family needs, as groups of alternatives:
    every group needs at least one of its sources with staged rows. A KPI whose family
    lacks its sources (switched off in kcc_sources, or no exports) is absent from
    kpi_values by design, and assert_every_kpi_at_every_grain does not expect it.
    A family not listed needs nothing. A fork adding a family or a contact source
    extends var kpi_family_sources (same shape) instead of editing this macro.
#}
{% macro kpi_family_sources() %}
    {%- set contact_sources = ['telephony', 'cxone', 'balie', 'email', 'web', 'mor', 'kcs'] %}
    {%- for contact_model in channel_contact_models() %}
        {%- do contact_sources.append(contact_model.source) %}
    {%- endfor %}
    {%- set defaults = {
        'telephony': [call_leg_sources()],
        'balie': [['balie']],
        'email': [['email']],
        'forms': [['web']],
        'web': [['web']],
        'mor': [['mor']],
        'cases': [['zaken']],
        'kcc': [['kcs']],
        'kto': [['kto']],
        'cross_channel': [contact_sources],
    } %}
    {%- do defaults.update(var('kpi_family_sources', {})) %}
    {{ return(defaults) }}
{% endmacro %}
