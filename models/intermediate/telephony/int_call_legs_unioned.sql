-- int_call_legs_unioned: one row per call leg of every telephony vendor, on the call_leg
-- contract (macros/staging/contracts.sql, the shape of stg_telephony__dialogue_legs).
-- The vendors are the kcc_sources entries with `call_legs` (dbt_project.yml): a fork
-- adds a vendor by adding its staging model and that entry, not by editing this model.
{%- set leg_columns = [] %}
{%- for name, data_type in call_leg_contract() %}{% do leg_columns.append(name) %}{% endfor %}
{%- set vendors = call_leg_models() %}

with
{%- for vendor in vendors %}
    {{ vendor.source }}_legs as (
        select
            {%- for column in leg_columns %}
                {{ column }},
            {%- endfor %}
            '{{ vendor.source }}' as source_system
        from {{ ref(vendor.model) }}
    ),
{% endfor %}

unioned as (
    {%- for vendor in vendors %}
        select * from {{ vendor.source }}_legs
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
    {%- if not vendors %}
    -- No telephony vendor registered: zero legs with the contract's columns.
    select
        {%- for column in leg_columns %}
        cast(null as {{ type_text() }}) as {{ column }},
        {%- endfor %}
        cast(null as {{ type_text() }}) as source_system
    where false
    {%- endif %}
)

select * from unioned
