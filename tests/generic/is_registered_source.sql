{#
    is_registered_source: fails with every value of the column that is not the name of a
    source in the registry (dbt var kcc_sources) nor one of `also` (e.g. kcs for a
    standalone registration). An accepted_values list would need an edit for every
    source a fork adds.
#}
{% test is_registered_source(model, column_name, also=[]) %}
{%- set names = [] %}
{%- for source in kcc_sources() %}{% do names.append(source.name) %}{% endfor %}
{%- for name in also %}{% do names.append(name) %}{% endfor %}
select
    {{ column_name }} as unregistered_source,
    count(*) as occurrences
from {{ model }}
where
    {{ column_name }} is not null
    {%- if names %}
    and {{ column_name }} not in (
        {%- for name in names %}'{{ name }}'{% if not loop.last %}, {% endif %}{% endfor -%}
    )
    {%- endif %}
group by {{ column_name }}
{% endtest %}
