{#
    kpi_contribution_models: the contribution models (docs/kpi-engine.md) that
    kpi_values unions, one per KPI family. Adding a family = one quoted model name on
    a line of its own below; kpi_values and its roll-up test pick it up.
#}
{% macro kpi_contribution_models() %}
    {{ return([
        'kpi_contributions_telephony',
        'kpi_contributions_balie',
        'kpi_contributions_cross_channel',
        'kpi_contributions_email_forms',
        'kpi_contributions_web',
        'kpi_contributions_kcc',
        'kpi_contributions_mor',
        'kpi_contributions_cases',
        'kpi_contributions_kto',
    ]) }}
{% endmacro %}

{#
    kpi_required_sources: the sources each KPI needs, as groups of alternatives: every
    group needs at least one of its sources with staged rows. A KPI whose sources are
    missing (switched off in kcc_sources, or no exports) is absent from kpi_values by
    design, and assert_every_kpi_at_every_grain does not expect it. Returns
    {'families': {family: groups}, 'kpis': {kpi_code: groups}}; a KPI listed under
    `kpis` follows that entry instead of its family's. A family not listed needs
    nothing. A fork extends var kpi_required_sources (same shape) instead of editing
    this macro.
#}
{% macro kpi_required_sources() %}
    {#- Every system registered for the call leg, counter visit, e-mail and form contracts,
        Signalen and KISS, the registered channels. #}
    {%- set counter_sources = contract_sources('counter_visit') %}
    {%- set email_sources = contract_sources('email_message') %}
    {%- set form_sources = contract_sources('form_submission') %}
    {%- set contact_sources = call_leg_sources() + counter_sources + email_sources
        + form_sources + ['mor', 'kcs'] %}
    {%- for contact_model in channel_contact_models() %}
        {%- do contact_sources.append(contact_model.source) %}
    {%- endfor %}
    {#- Contacts with a subject: calls get theirs only from a KISS registration. #}
    {%- set subject_sources = [] %}
    {%- for source_name in contact_sources if source_name not in call_leg_sources() %}
        {%- do subject_sources.append(source_name) %}
    {%- endfor %}
    {%- set requirements = {
        'families': {
            'telephony': [call_leg_sources()],
            'balie': [counter_sources],
            'email': [email_sources],
            'forms': [form_sources],
            'web': [['web']],
            'mor': [['mor']],
            'cases': [['zaken']],
            'kcc': [['kcs']],
            'kto': [['kto']],
            'cross_channel': [contact_sources],
        },
        'kpis': {
            'repeat_contact': [subject_sources],
            'resolved_first_contact': [subject_sources],
            'channel_switch': [subject_sources],
            'preferred_channel_share': [subject_sources],
            'digital_share': [form_sources + ['mor']],
            'frm_quality': [form_sources, ['zaken']],
        },
    } %}
    {%- set overrides = var('kpi_required_sources', {}) %}
    {%- do requirements.families.update(overrides.get('families', {})) %}
    {%- do requirements.kpis.update(overrides.get('kpis', {})) %}
    {{ return(requirements) }}
{% endmacro %}

{#
    kpi_required_inputs: KPIs that need more than their sources' rows: a column some
    exports of the source do not carry. Matomo has no page feedback and (per keyword) no
    result count, Open Formulieren's exports hold completed submissions only, KISS and
    Open Klant record no aantal_vragen, klacht or returned task. The repeat-contact KPIs
    need a contact whose customer and subject are both known (a KISS question title not in
    subject_mappings has no subject); tel_transfer_reached a call transferred to a
    department. Such a KPI
    is absent from kpi_values without that input, and assert_every_kpi_at_every_grain
    expects it only when `relation` (a model) has a row meeting `condition`.
#}
{% macro kpi_required_inputs() %}
    {%- set form_starts = {'relation': 'int_form_submissions_flagged', 'condition': 'is_started'} %}
    {%- set outcome = {'relation': 'int_contact_moments_unioned', 'condition': 'has_outcome'} %}
    {%- set customer_and_subject = {
        'relation': 'fact_contact',
        'condition': "customer_key <> 'onbekend' and subject_key <> 'onbekend'",
    } %}
    {{ return({
        'web_useful': {
            'relation': 'fact_web_page_day',
            'condition': 'feedback_useful_yes is not null or feedback_useful_no is not null',
        },
        'web_search_no_result': {
            'relation': 'fact_web_search_day',
            'condition': 'has_no_result is not null',
        },
        'frm_started': form_starts,
        'frm_completion': form_starts,
        'frm_quality': form_starts,
        'tel_transfer_reached': {
            'relation': 'int_calls_judged', 'condition': 'is_transfer_to_department',
        },
        'repeat_contact': customer_and_subject,
        'resolved_first_contact': customer_and_subject,
        'channel_switch': customer_and_subject,
        'kcc_direct_resolved': outcome,
        'kcc_referred_internal': outcome,
        'kcc_referred_external': outcome,
        'kcc_second_line': outcome,
        'kcc_answer_kb': outcome,
        'kcc_answer_other_system': outcome,
        'kcc_question_ratio': {
            'relation': 'int_contact_moments_unioned', 'condition': 'has_question_count',
        },
        'kcc_complaints': {
            'relation': 'int_contact_moments_unioned', 'condition': 'has_complaint_flag',
        },
        'kcc_referral_wrong': {
            'relation': 'int_internal_tasks_unioned', 'condition': 'has_return_status',
        },
    }) }}
{% endmacro %}

{#
    required_sources_present: SQL conditions (each starting with `and`) that hold when
    every group of a kpi_required_sources entry has a source in the relation or CTE
    `present` (a column source_name).
#}
{% macro required_sources_present(groups, present) %}
    {%- for group in groups if group %}
        and exists (
            select 1 from {{ present }}
            where source_name in (
                {%- for source_name in group %}'{{ source_name }}'{% if not loop.last %}, {% endif %}{% endfor -%}
            )
        )
    {%- endfor %}
{% endmacro %}
