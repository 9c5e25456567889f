{#
    unique_combination_of_columns: the primary-key test for models whose key spans
    several columns; fails with each duplicated combination and its count.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
select
    {{ combination_of_columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
