{#
    Re-deriving by key (docs/incremental.md): an intermediate model whose rows each derive
    from the input rows of one key (a call from its legs) keeps a fingerprint of those
    inputs, _inputs_fingerprint, on each row. A daily run computes every key's fingerprint
    again, which costs one hash per input row, and re-derives only the keys whose
    fingerprint differs from the one held, or that are new. Keys without input rows any
    more are deleted after the run. The fingerprint covers every column of the input rows
    and the whole of each small reference table the model reads (a queue reclassified in
    the seed changes every call's fingerprint), so any change a full build would see
    re-derives the key, whichever delivery brought it.

    On DuckDB the model is incremental (delete+insert on its key). PostgreSQL and Spark load
    every export again on each run (docs/engines.md): the model is a table there, and the
    fingerprint is null.
#}

{#
    rederived_by_key_config: the model's config. key: its key column; inputs: the models it
    derives from, each {model, key, where}: the expression giving an input row's key (default
    the key column), and the condition an input row meets to count (default every row). A
    held key that no input row gives any more is deleted after the run.
#}
{% macro rederived_by_key_config(key, inputs) %}
    {%- if target.type == 'duckdb' %}
        {%- set gone = [] %}
        {%- for input in inputs %}
            {%- set condition = '(' ~ input.where ~ ') and ' if input.where else '' %}
            {%- do gone.append(
                "not exists (select 1 from {{ ref('" ~ input.model ~ "') }} as inputs where "
                ~ condition ~ "(" ~ (input.key or 'inputs.' ~ key) ~ ") = held." ~ key ~ ")"
            ) %}
        {%- endfor %}
        {{ config(
            materialized='incremental',
            incremental_strategy='delete+insert',
            unique_key=key,
            on_schema_change='fail',
            post_hook="delete from {{ this }} as held where " ~ gone | join(' and ')
        ) }}
    {%- else %}
        {{ config(materialized='table') }}
    {%- endif %}
{% endmacro %}

{#
    row_hash: a 64-bit hash of every column of a row (the row's alias); null where the
    model is not incremental.
#}
{% macro row_hash(row_alias) %}
    {{- return(adapter.dispatch('row_hash', 'klantcontact')(row_alias)) -}}
{% endmacro %}

{% macro default__row_hash(row_alias) -%}
    cast(null as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro duckdb__row_hash(row_alias) -%}
    hash({{ row_alias }})
{%- endmacro %}

{#
    inputs_fingerprint: a 64-bit fingerprint of a key's input rows and of the reference
    relations (CTE names) the model reads whole. hashes: the input rows' row_hash inside a
    `group by <key>` (aggregate=true), or the one upstream fingerprint of the key
    (aggregate=false). Null where the model is not incremental.
#}
{% macro inputs_fingerprint(hashes, references=[], aggregate=true) %}
    {{- return(adapter.dispatch('inputs_fingerprint', 'klantcontact')(hashes, references, aggregate)) -}}
{% endmacro %}

{% macro default__inputs_fingerprint(hashes, references, aggregate) -%}
    cast(null as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro duckdb__inputs_fingerprint(hashes, references, aggregate) -%}
    {#- A sum of the row hashes: independent of row order, changed by any row's change,
        and unlike bit_xor not cancelled by a row that occurs twice. -#}
    hash(
        {% if aggregate %}sum({{ hashes }}){% else %}{{ hashes }}{% endif %}
        {%- for reference in references %},
        (select sum(hash(reference_rows)) from {{ reference }} as reference_rows)
        {%- endfor %}
    )
{%- endmacro %}

{#
    rederives_changed_keys: whether this run derives only the changed keys (an incremental
    run). A unit test has no `this`: it derives every key of its given rows.
#}
{% macro rederives_changed_keys() %}
    {{- return(this is not none and is_incremental()) -}}
{% endmacro %}

{#
    rederived_keys: the keys to derive, their fingerprints and _derived_at (this run's
    start), from a CTE `fingerprints` (key, _inputs_fingerprint). A full build derives
    every key; a daily run only the keys whose fingerprint is not the one held (a new key
    has none).
#}
{% macro rederived_keys(fingerprints, key) %}
    {%- if rederives_changed_keys() %}
        select
            {{ fingerprints }}.{{ key }},
            {{ fingerprints }}._inputs_fingerprint,
            {{ loaded_at() }} as _derived_at
        from {{ fingerprints }}
        left join {{ this }} as held
            on {{ fingerprints }}.{{ key }} = held.{{ key }}
        where held._inputs_fingerprint is distinct from {{ fingerprints }}._inputs_fingerprint
    {%- else %}
        select
            {{ key }},
            _inputs_fingerprint,
            {{ loaded_at() }} as _derived_at
        from {{ fingerprints }}
    {%- endif %}
{% endmacro %}

{#
    rederived_rows: the rows of a CTE whose key is to be derived: on a full build all of
    them (every key is, and a join would only cost time), on a daily run those whose key
    is in the CTE `rederived`.
#}
{% macro rederived_rows(rows, key) %}
    {%- if rederives_changed_keys() %}
        select {{ rows }}.*
        from {{ rows }}
        inner join rederived
            on {{ rows }}.{{ key }} = rederived.{{ key }}
    {%- else %}
        select * from {{ rows }}
    {%- endif %}
{% endmacro %}
