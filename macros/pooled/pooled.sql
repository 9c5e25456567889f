{#
    pooled_municipalities: dbt var pooled_municipalities as a list of CBS codes (a YAML
    list, or one string with the codes separated by commas or spaces). Each must be four
    digits: a code becomes part of a schema name.
#}
{% macro pooled_municipalities() %}
    {%- set given = var('pooled_municipalities', []) %}
    {%- if given is string %}
        {%- set given = given.replace(',', ' ').split() %}
    {%- endif %}
    {%- set codes = [] %}
    {%- for code in given %}
        {%- if not modules.re.fullmatch('[0-9]{4}', code | string) %}
            {{ exceptions.raise_compiler_error(
                "var pooled_municipalities holds '" ~ code ~ "': every entry must be a CBS"
                ~ " gemeentecode of 4 digits in quotes, e.g. ['0307', '0344']") }}
        {%- endif %}
        {%- if code | string not in codes %}
            {%- do codes.append(code | string) %}
        {%- endif %}
    {%- endfor %}
    {{ return(codes) }}
{% endmacro %}


{#
    pooled_relations: for every pooled municipality its relation <identifier> in its own
    schema set (municipality_schema_prefix ~ custom_schema, e.g. gm0307_kpi.kpi_values), as
    a list of {gemeente_code, schema_prefix, relation}. Fails with a message naming the
    municipality and the relation when it has not been built into this database.
#}
{% macro pooled_relations(custom_schema, identifier) %}
    {%- set found = [] %}
    {%- for code in pooled_municipalities() %}
        {%- set prefix = municipality_schema_prefix(code) %}
        {%- set relation = api.Relation.create(
            database=target.database, schema=prefix ~ custom_schema, identifier=identifier) %}
        {%- if execute %}
            {%- set built = adapter.get_relation(
                database=target.database, schema=prefix ~ custom_schema, identifier=identifier) %}
            {%- if built is none %}
                {{ exceptions.raise_compiler_error(
                    "pooled_municipalities lists " ~ code ~ ", but " ~ relation
                    ~ " does not exist in this database: build municipality " ~ code
                    ~ " into it first with schema prefix " ~ prefix
                    ~ " (klantcontact pool; docs/multi-municipality.md)") }}
            {%- endif %}
            {%- set relation = built %}
        {%- endif %}
        {%- do found.append({'gemeente_code': code, 'schema_prefix': prefix, 'relation': relation}) %}
    {%- endfor %}
    {{ return(found) }}
{% endmacro %}
