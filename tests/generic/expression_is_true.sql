{#
    expression_is_true: fails for every row where the SQL expression is not true.
    Used where a rule spans columns (reconciliation, end >= start).
#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}
