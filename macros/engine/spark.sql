{#
    Differences that only Spark (or Spark and PostgreSQL) needs, as dispatched macros;
    default__ is DuckDB's SQL, unchanged. docs/spark.md lists each one.
#}

{#
    The shared macros of the loaded engines (macros/engine/loaded_raw.sql) on Spark.
#}

{#- Spark's parquet tables have no delete: every base model is rebuilt as a whole on each
    run (docs/spark.md), which equals DuckDB's incremental table after a full refresh. #}
{% macro spark__raw_rows(source_name, table_name, line_break_columns=[]) %}
    {{- loaded_raw_rows(source_name, table_name) -}}
{% endmacro %}

{% macro spark__raw_export_file_paths() %}
    select file_path
    from {{ source('loaded_raw', 'export_files') }}
{% endmacro %}

{# Spark 4 has DuckDB's star exclusion, spelt `except`. #}
{% macro spark__columns_except(relation, excluded, dropped_before) -%}
    * except ({{ excluded | join(', ') }})
{%- endmacro %}

{# One generator in the select list: inline() of the zipped arrays, each element a struct
   with the position and every array's element under its alias (arrays_zip names the
   fields after the array columns). #}
{% macro spark__unnest_zipped(position_alias, arrays) -%}
    inline(transform(
        arrays_zip({% for column, alias in arrays %}{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}),
        (entry, position) -> named_struct(
            '{{ position_alias }}', cast(position + 1 as bigint),
            {%- for column, alias in arrays %}
            '{{ alias }}', entry.{{ column }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        )
    ))
{%- endmacro %}

{% macro spark__array_size(expression) -%}
    size({{ expression }})
{%- endmacro %}

{# Spark's catalogue names in DuckDB's spelling (normalised_type_name, macros/engine/types.sql):
   Spark's one timestamp is an instant, DuckDB's timestamp with time zone. #}
{% macro spark__normalised_type_name(type_name) %}
    {%- set names = {
        'string': 'varchar', 'int': 'integer', 'timestamp': 'timestamp with time zone',
        'timestamp_ntz': 'timestamp',
    } %}
    {{- return(names.get(type_name, type_name)) -}}
{% endmacro %}

{#
    latest_records (macros/staging/validation.sql) on Spark: a table rebuilt from the whole
    base model on every run, since Spark's parquet tables have no delete for the
    incremental delete+insert (that equals DuckDB's table after a full refresh). No
    `select * exclude` and no `qualify`: the columns are listed from the base model.
#}
{% macro spark__latest_records(base_relation, key_columns) %}
    {{ config(materialized='table') }}
    {%- set dropped = ['_reject_reason', '_reject_column', '_is_truncated', '_file_records'] %}
    {%- set columns = [] %}
    {%- if execute %}
        {%- for column in adapter.get_columns_in_relation(base_relation) %}
            {%- if column.name | lower not in dropped %}
                {%- do columns.append(adapter.quote(column.name)) %}
            {%- endif %}
        {%- endfor %}
    {%- endif %}
    {%- if not columns %}
        {%- do columns.append('*') %}
    {%- endif %}
    with ranked as (
        select
            {{ columns | join(',\n            ') }},
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _export_date desc, _record_number desc
            ) as _latest_rank
        from {{ base_relation }}
        where _reject_reason is null
    )

    select {{ columns | join(', ') }}
    from ranked
    where _latest_rank = 1
{% endmacro %}

{#
    Snapshots on Spark's parquet tables. dbt-spark's snapshot merges into the table,
    which needs Delta Lake, Iceberg or Hudi (their jars are not in pyspark). This
    materialization keeps dbt's snapshot semantics (the same strategies, staging query,
    dbt_scd_id, dbt_valid_from/_to and hard_deletes handling, dbt's own macros) and
    replaces only the merge: the next version of the whole table is written to a work
    table (the old rows with dbt_valid_to set where dbt's merge would set it, plus the
    new versions) and then copied over the snapshot with insert overwrite. The
    history is the one DuckDB keeps; a snapshot table here is small (seed history).
#}
{% materialization snapshot, adapter='spark' %}
    {%- set target_table = model.get('alias', model.get('name')) -%}
    {%- set strategy_name = config.get('strategy') -%}
    {%- set grant_config = config.get('grants') -%}
    {% set target_relation_exists, target_relation = get_or_create_relation(
        database=none, schema=model.schema, identifier=target_table, type='table') -%}

    {% if not adapter.check_schema_exists(model.database, model.schema) %}
        {% do create_schema(model.schema) %}
    {% endif %}
    {%- if not target_relation.is_table -%}
        {% do exceptions.relation_wrong_type(target_relation, 'table') %}
    {%- endif -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {% set strategy_macro = strategy_dispatch(strategy_name) %}
    {% set strategy = strategy_macro(model, "snapshotted_data", "source_data", model['config'], target_relation_exists) %}

    {% if not target_relation_exists %}
        {% set build_sql = build_snapshot_table(strategy, model['compiled_code']) %}
        {% call statement('main') %}
            {{ create_table_as(False, target_relation, build_sql) }}
        {% endcall %}
    {% else %}
        {% set columns = config.get("snapshot_table_column_names") or get_snapshot_table_column_names() %}
        {{ adapter.valid_snapshot_target(target_relation, columns) }}
        {% set staging_table = spark_build_snapshot_staging_table(strategy, sql, target_relation) %}
        {#- Not the staging query's own columns (dbt_change_type, dbt_unique_key and, for a
            key of several columns, dbt_unique_key_1, _2, ...). #}
        {% set missing_columns = [] %}
        {% for column in adapter.get_missing_columns(staging_table, target_relation) %}
            {% if not (column.name | lower).startswith('dbt_unique_key')
                and column.name | lower != 'dbt_change_type' %}
                {% do missing_columns.append(column) %}
            {% endif %}
        {% endfor %}
        {% do create_columns(target_relation, missing_columns) %}
        {% set target_columns = adapter.get_columns_in_relation(target_relation) %}
        {% set next_relation = api.Relation.create(
            schema=target_relation.schema, identifier=target_table ~ '__dbt_next', type='table') %}
        {% do adapter.drop_relation(next_relation) %}
        {% call statement('build_next_snapshot') %}
            {{ create_table_as(False, next_relation, spark_snapshot_next_version(
                target_relation, staging_table, target_columns, columns)) }}
        {% endcall %}
        {% call statement('main') %}
            insert overwrite table {{ target_relation }}
            select * from {{ next_relation }}
        {% endcall %}
        {% do adapter.drop_relation(next_relation) %}
    {% endif %}

    {% set should_revoke = should_revoke(target_relation_exists, full_refresh_mode) %}
    {% do apply_grants(target_relation, grant_config, should_revoke) %}
    {% do persist_docs(target_relation, model) %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {% if staging_table is defined %}
        {% do post_snapshot(staging_table) %}
    {% endif %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- What dbt's snapshot_merge_sql leaves in the table, as a query: every held row, closed
    (dbt_valid_to from the staging row) when it is current and the staging query updates
    or deletes it, then the staging query's inserts, in the table's column order. #}
{% macro spark_snapshot_next_version(target, staging, target_columns, names) %}
    with changes as (
        select {{ names.dbt_scd_id }} as change_scd_id, {{ names.dbt_valid_to }} as change_valid_to
        from {{ staging }}
        where dbt_change_type in ('update', 'delete')
    )

    select
        {%- for column in target_columns %}
        {%- if column.name | lower == names.dbt_valid_to | lower %}
        case
            when held.{{ names.dbt_valid_to }} is null and changes.change_scd_id is not null
                then changes.change_valid_to
            else held.{{ names.dbt_valid_to }}
        end as {{ adapter.quote(column.name) }}
        {%- else %}
        held.{{ adapter.quote(column.name) }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ target }} as held
    left join changes
        on held.{{ names.dbt_scd_id }} = changes.change_scd_id

    union all

    select
        {%- for column in target_columns %}
        inserts.{{ adapter.quote(column.name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ staging }} as inserts
    where inserts.dbt_change_type = 'insert'
{% endmacro %}

{#
    Type names in YAML (seed column_types, the marts' contract data_type) are DuckDB's,
    the project's default engine. On Spark they are translated where dbt turns them into
    SQL: seeds' create table and inserts, and dbt's cast() that builds the contract's
    empty-schema query; the contract is then checked as everywhere, on Spark's own types.
#}
{% macro spark_type_name(type_name) %}
    {%- set names = {
        'varchar': 'string',
        'text': 'string',
        'integer': 'int',
        'timestamp with time zone': 'timestamp',
        'timestamptz': 'timestamp',
        'double precision': 'double',
    } -%}
    {{- return(names.get(type_name | trim | lower, type_name)) -}}
{% endmacro %}

{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ spark_type_name(type) }})
{%- endmacro %}

{#- dbt-spark's seed macros (1.11), with column_types translated by spark_type_name. #}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                {%- set type = spark_type_name(column_override.get(col_name, inferred_type)) -%}
                {%- set column_name = (col_name | string) -%}
                {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
        {{ partition_cols(label="partitioned by") }}
        {{ clustered_cols(label="clustered by") }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}

{#- Rows as literals, not dbt-spark's bindings: in session mode those render None as
    'None' and do not escape a quote in a text (seeds hold both). #}
{% macro spark__load_csv_rows(model, agate_table) %}
    {% set batch_size = get_batch_size() %}
    {% set column_override = model['config'].get('column_types', {}) %}
    {% set types = [] %}
    {% for col_name in agate_table.column_names %}
        {% do types.append(spark_type_name(
            column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)))) %}
    {% endfor %}
    {% set statements = [] %}
    {% for chunk in agate_table.rows | batch(batch_size) %}
        {% set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    cast({{ spark_seed_literal(value) }} as {{ types[loop.index0] }})
                    {%- if not loop.last %},{%- endif %}
                {%- endfor -%})
                {%- if not loop.last %},{%- endif %}
            {%- endfor %}
        {% endset %}
        {% do adapter.add_query(sql, abridge_sql_log=True) %}
        {% if loop.index0 == 0 %}
            {% do statements.append(sql) %}
        {% endif %}
    {% endfor %}
    {{ return(statements[0]) }}
{% endmacro %}

{#- A seed value as a Spark literal; a quote is chr(39), which reads the same whatever
    spark.sql.parser.escapedStringLiterals says. #}
{% macro spark_seed_literal(value) %}
    {%- if value is none -%}
        {{- return('null') -}}
    {%- elif value is sameas true or value is sameas false -%}
        {{- return('true' if value else 'false') -}}
    {%- elif value is number -%}
        {{- return("'" ~ value ~ "'") -}}
    {%- else -%}
        {{- return("'" ~ (value | string | replace("'", "' || chr(39) || '")) ~ "'") -}}
    {%- endif -%}
{% endmacro %}

{#- dbt-spark adds a contract's not-null constraints with ALTER COLUMN ... SET NOT NULL,
    which only Delta tables support (its own check reads file_format, unset here, as
    delta). On parquet tables the not_null data tests are the check, as on DuckDB. #}
{% macro spark__persist_constraints(relation, model) %}
{% endmacro %}

{#
    Lookups by validity date (macros/marts/*.sql) on Spark, whose correlated subqueries
    may reference the outer query only one level deep and only in WHERE: one subquery
    each, same result. max_by picks the row with the latest valid_from; the seeds' tests
    keep (code, valid_from) unique, so that is the one row the default's nested
    max(valid_from) subquery selects.
#}
{% macro spark__subject_on(source_system, value_expression, on_date) %}
    coalesce(
        (
            select max_by(mappings.subject, coalesce(mappings.valid_from, cast('1900-01-01' as date)))
            from {{ ref('subject_mappings') }} as mappings
            where mappings.source_system = '{{ source_system }}'
                and mappings.source_value = {{ value_expression }}
                and (mappings.valid_from is null or mappings.valid_from <= {{ on_date }})
                and (mappings.valid_to is null or {{ on_date }} <= mappings.valid_to)
        ),
        'onbekend'
    )
{% endmacro %}

{#- kpi_parameter on Spark: the parameter's few rows in use (int_kpi_parameters_selected),
    read when the model compiles, become one case expression (latest valid_from first). A correlated subquery
    per use, repeated in every CTE that reads the column, grew Spark's plans until the
    driver ran out of memory (kpi_contributions_balie). #}
{% macro spark__kpi_parameter(parameter_code, on_date, column='value') %}
    {%- set relation = ref('int_kpi_parameters_selected') %}
    {%- if not execute %}
        {{- return('cast(null as string)') -}}
    {%- endif %}
    {%- set data_type = (adapter.get_columns_in_relation(relation)
        | selectattr('name', 'equalto', column) | first).data_type %}
    {%- set rows = run_query(
        "select cast(valid_from as string) as valid_from, cast(valid_to as string) as valid_to,"
        ~ " cast(" ~ column ~ " as string) as parameter_value from " ~ relation
        ~ " where parameter_code = '" ~ parameter_code ~ "' order by valid_from desc").rows %}
    {%- if not rows %}
        {{- return('cast(null as ' ~ data_type ~ ')') -}}
    {%- endif %}
    cast(case
        {%- for row in rows %}
        when date'{{ row['valid_from'] }}' <= {{ on_date }}
            {%- if row['valid_to'] %} and {{ on_date }} <= date'{{ row['valid_to'] }}'{% endif %}
            then {{ spark_seed_literal(row['parameter_value']) }}
        {%- endfor %}
    end as {{ data_type }})
{% endmacro %}

{#- The start date itself for 0 working days outside the subquery, and the outer columns
    in its WHERE only: Spark allows them nowhere else in a subquery. #}
{% macro spark__working_days_after(start_date, working_days) %}
    case
        when {{ working_days }} = 0 then {{ start_date }}
        else (
            select min(due_day.date_day)
            from {{ ref('int_calendar_days_classified') }} as start_day,
                {{ ref('int_calendar_days_classified') }} as due_day
            where start_day.date_day = {{ start_date }}
                and due_day.working_day_number = start_day.working_day_number + {{ working_days }}
                and due_day.is_working_day
        )
    end
{% endmacro %}

{#
    reachable_identifiers: the body of the CTE `reachable` of int_customers_resolved:
    (identifier_key, reached_key) for every identifier of `identifiers` that is not
    ignored and every identifier reachable from it over `links` (from_key, to_key),
    itself included. DuckDB and PostgreSQL recurse with `union`, which drops pairs
    already found, so the recursion stops at the fixed point.
#}
{% macro reachable_identifiers(identifiers, links) %}
    {{- return(adapter.dispatch('reachable_identifiers', 'klantcontact')(identifiers, links)) -}}
{% endmacro %}
{% macro default__reachable_identifiers(identifiers, links) %}
    select
        identifier_key,
        identifier_key as reached_key
    from {{ identifiers }}
    where not is_ignored

    union

    select
        reachable.identifier_key,
        {{ links }}.to_key as reached_key
    from reachable
    inner join {{ links }}
        on reachable.reached_key = {{ links }}.from_key
{% endmacro %}

{#- Spark's recursive CTEs take only `union all`, which never reaches a fixed point on
    links that run both ways. Instead the pairs are squared: round r joins the pairs of
    round r - 1 to themselves (distinct), so it holds every path of up to 2^r links. Six
    rounds reach 64 links; a component wider than that stops the build (raise_error)
    rather than splitting a customer in two. #}
{% macro spark__reachable_identifiers(identifiers, links, rounds=6) %}
    with pairs_0 as (
        select
            identifier_key,
            identifier_key as reached_key
        from {{ identifiers }}
        where not is_ignored

        union

        select
            from_key as identifier_key,
            to_key as reached_key
        from {{ links }}
    ),
    {%- for round in range(1, rounds + 1) %}

    pairs_{{ round }} as (
        select distinct
            near.identifier_key,
            far.reached_key
        from pairs_{{ round - 1 }} as near
        inner join pairs_{{ round - 1 }} as far
            on near.reached_key = far.identifier_key
    ),
    {%- endfor %}

    fixed_point as (
        select
            case
                when (select count(*) from pairs_{{ rounds }}) <> (select count(*) from pairs_{{ rounds - 1 }})
                    then raise_error('int_customers_resolved: a component spans more than {{ 2 ** (rounds - 1) }} links')
            end as failure
    )

    select
        pairs_{{ rounds }}.identifier_key,
        pairs_{{ rounds }}.reached_key
    from pairs_{{ rounds }}
    cross join fixed_point
    where fixed_point.failure is null
{% endmacro %}
