{#
    get_where_subquery: the relation a generic data test reads (dbt calls this macro for
    every generic test; the project's version replaces dbt's). As in dbt, a test's `where`
    config filters the tested model. On top of that, a daily run (`make daily`, var
    data_tests_scope = 'run') tests only what it wrote: a test of an incremental model that
    carries the lineage column _loaded_at (or _derived_at) reads only the rows this run
    loaded (or derived). Tables the
    run rebuilds in full are tested whole, and `make build`, `make test` and CI test every
    row (the default scope 'all'). docs/incremental.md, "Tests on a daily run".
#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set scope = run_scope_condition() -%}
    {%- if scope -%}
        {%- do conditions.append(scope) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{#
    run_scope_condition: on a daily run, the condition `_loaded_at = <this run's start>` for a
    test of an incremental model with a _loaded_at column (the base and staging tables:
    their rows keep the moment their file was read), or `_derived_at = <this run's start>`
    for one with a _derived_at column (the intermediate models re-derived by key, whose
    rows keep the run that derived them); none otherwise. The staged row of a
    record whose newer delivery was removed keeps its older _loaded_at and is tested by the
    next full-scope run.
#}
{% macro run_scope_condition() -%}
    {%- set scope = var('data_tests_scope', 'all') -%}
    {%- if scope not in ['all', 'run'] -%}
        {%- do exceptions.raise_compiler_error(
            "var data_tests_scope must be 'all' or 'run', not '" ~ scope ~ "'") -%}
    {%- endif -%}
    {%- if scope != 'run' or not execute -%}
        {%- do return(none) -%}
    {%- endif -%}
    {#- A structural test (conforms_to_contract reads the model's columns, not its rows)
        needs the relation itself. #}
    {%- if (model.get('test_metadata') or {}).get('name') in ['conforms_to_contract'] -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.get('attached_node') or '') -%}
    {%- if tested and tested.config.materialized == 'incremental' -%}
        {%- for column in ['_loaded_at', '_derived_at'] if column in tested.columns -%}
            {%- do return(column ~ ' = ' ~ loaded_at()) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- do return(none) -%}
{%- endmacro %}
