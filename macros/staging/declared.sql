{#
    Declared sources (docs/adding-a-source.md): an export file described in its sources
    YAML instead of programmed. The declaration is the table's `config.meta.declared`
    (key, time zone, moments, contract and its fields) and each column's
    `config.meta` (format, type, code list, personal kind), read through graph.sources.

        base_<source>__<file>.sql   {{ declared_base('<source>', '<file>') }}
        stg_<source>__<file>.sql    {{ latest_records(ref('base_<source>__<file>'), [key]) }}
        stg_<source>__contacts.sql  {{ declared_contract('<source>', '<file>') }}

    Private by default: a column is selected as it is only when its meta says
    `personal: safe`; an identifier of a known kind becomes a keyed pseudonym `<name>_key`,
    a postcode its four-digit area `<name>_area`, free text, names, addresses and birth dates
    are dropped, and a column without a kind is pseudonymised as an identifier of its own.
    A `question:` left anywhere in the declaration stops the build (check_declarations
    runs on-run-start) with the file and the question.
#}

{# The graph node of a declared table; none while dbt parses (the graph is empty then). #}
{% macro declared_node(source_name, table_name) %}
    {%- set node = graph.get('sources', {}).get(
        'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) %}
    {{- return(node if node else none) -}}
{% endmacro %}

{% macro declaration_of(node) %}
    {{- return(node.get('config', {}).get('meta', {}).get('declared') or node.get('meta', {}).get('declared') or {}) -}}
{% endmacro %}

{# A column's meta: dbt 1.11 keeps it under config.meta (older files: meta). #}
{% macro declared_column_meta(column) %}
    {%- set meta = {} %}
    {%- do meta.update(column.get('meta') or {}) %}
    {%- do meta.update((column.get('config') or {}).get('meta') or {}) %}
    {{- return(meta) -}}
{% endmacro %}

{# Every `question:` in a value of the declaration, as "where: question". #}
{% macro declared_questions(value, where) %}
    {%- set found = [] %}
    {%- if value is mapping %}
        {%- for key, item in value.items() %}
            {%- if key == 'question' %}
                {%- do found.append(where ~ ': ' ~ item) %}
            {%- else %}
                {%- do found.extend(declared_questions(item, where ~ '.' ~ key)) %}
            {%- endif %}
        {%- endfor %}
    {%- elif value is iterable and value is not string %}
        {%- for item in value %}{% do found.extend(declared_questions(item, where)) %}{% endfor %}
    {%- endif %}
    {{- return(found) -}}
{% endmacro %}

{# Refuses (a compile error naming the file and each question) a declaration with a
   question left in it. #}
{% macro check_declared_node(node) %}
    {%- set questions = declared_questions(declaration_of(node), node.source_name ~ '.' ~ node.name) %}
    {%- for name, column in node.get('columns', {}).items() %}
        {%- do questions.extend(declared_questions(declared_column_meta(column), node.name ~ '.' ~ name)) %}
    {%- endfor %}
    {%- if questions %}
        {{ exceptions.raise_compiler_error(
            node.original_file_path ~ ": the declaration of " ~ node.source_name ~ "." ~ node.name
            ~ " has " ~ questions | length ~ " unanswered question(s); answer each and remove its"
            ~ " `question:`:\n  " ~ questions | join("\n  ")) }}
    {%- endif %}
{% endmacro %}

{# on-run-start: every declared table, before any model builds. #}
{% macro check_declarations() %}
    {%- if execute %}
        {%- for node in graph.get('sources', {}).values() %}
            {%- do check_declared_node(node) %}
        {%- endfor %}
    {%- endif %}
    select 1
{% endmacro %}

{# The name a raw column gets in the models: meta `as`, else the header name lower-cased. #}
{% macro declared_name(name, meta) %}
    {{- return(meta.get('as') or name | lower) -}}
{% endmacro %}

{# A format as the declaration writes it (DD-MM-YYYY, HH:MM, ...) as a strptime format. #}
{% macro declared_strptime_format(format) %}
    {%- set known = {
        'YYYY-MM-DD': '%Y-%m-%d', 'DD-MM-YYYY': '%d-%m-%Y', 'D-M-YYYY': '%d-%m-%Y',
        'DD/MM/YYYY': '%d/%m/%Y', 'D/M/YYYY': '%d/%m/%Y', 'MM/DD/YYYY': '%m/%d/%Y',
        'YYYYMMDD': '%Y%m%d', 'DD.MM.YYYY': '%d.%m.%Y',
        'HH:MM': '%H:%M', 'H:MM': '%H:%M', 'HH:MM:SS': '%H:%M:%S', 'H:MM:SS': '%H:%M:%S',
        'HHMM': '%H%M',
    } %}
    {%- set parts = [] %}
    {%- for part in format.split(' ') %}
        {%- if part not in known %}
            {{ exceptions.raise_compiler_error(
                "declared format '" ~ format ~ "': '" ~ part ~ "' is not one of " ~ known.keys() | join(', ')
                ~ " (ISO-8601 for a timestamp with offset, ISO-8601 UTC for one with Z)") }}
        {%- endif %}
        {%- do parts.append(known[part]) %}
    {%- endfor %}
    {{- return(parts | join(' ')) -}}
{% endmacro %}

{% macro declared_is_time(format) %}
    {{- return(format is string and format.startswith('H')) -}}
{% endmacro %}

{# A local wall-clock timestamp in the declared zone (default: var local_time_zone). #}
{% macro declared_local_timestamp(expression, format, time_zone) %}
    {%- set parsed = try_strptime(expression, declared_strptime_format(format)) %}
    {%- if time_zone and time_zone != var('local_time_zone') %}
        {{- return("timezone('" ~ time_zone ~ "', " ~ parsed ~ ")") -}}
    {%- endif %}
    {{- return(from_local_timestamp(parsed)) -}}
{% endmacro %}

{# The parsed value of one safe column with a format or type, or none for plain text. #}
{% macro declared_parsed(quoted, meta, time_zone) %}
    {%- set format = meta.get('format') %}
    {%- set type = meta.get('type') %}
    {%- if format in ['ISO-8601', 'ISO-8601 offset'] %}
        {{- return(parse_ts_offset(quoted)) -}}
    {%- elif format == 'ISO-8601 UTC' %}
        {{- return(parse_ts_utc(quoted)) -}}
    {%- elif format and ' ' in format %}
        {{- return(declared_local_timestamp('trim(' ~ quoted ~ ')', format, time_zone)) -}}
    {%- elif format and not declared_is_time(format) %}
        {{- return(parse_date('trim(' ~ quoted ~ ')', declared_strptime_format(format))) -}}
    {%- elif type == 'integer' %}
        {{- return(parse_int(quoted)) -}}
    {%- elif type == 'decimal' %}
        {{- return(parse_decimal(quoted)) -}}
    {%- elif type == 'boolean' %}
        {{- return(parse_bool(quoted)) -}}
    {%- endif %}
    {{- return(none) -}}
{% endmacro %}

{#
    declared_base: the base model of a declared file: raw_rows, parsed and checked as
    declared, personal columns pseudonymised or dropped, then the lineage and the reject
    reason as in every base model (select_lineage_and_rejects).
#}
{% macro declared_base(source_name, table_name) %}
    {%- set source_rows = raw_rows(source_name, table_name) %}
    {%- set node = declared_node(source_name, table_name) %}
    {%- if node is none %}
        {#- Parsing: the graph is empty; raw_rows above recorded the dependencies. #}
        {{- return('select 1 as parsing_only') -}}
    {%- endif %}
    {%- do check_declared_node(node) %}
    {%- set declared = declaration_of(node) %}
    {%- set time_zone = declared.get('time_zone') %}
    {%- set keys = declared.get('key') %}
    {%- set keys = [keys] if keys is string else (keys or []) %}
    {%- set columns = [] %}
    {%- for name, column in node.get('columns', {}).items() %}
        {%- do columns.append({'raw': name, 'sql': adapter.quote(name), 'meta': declared_column_meta(column)}) %}
    {%- endfor %}
    {%- set checks = [check_truncated()] %}
    {%- for key in keys %}
        {%- do checks.append({'reason': 'missing_id', 'column': key,
            'failed': "nullif(trim(" ~ adapter.quote(key) ~ "), '') is null"}) %}
    {%- endfor %}
    {%- set parsed = [] %}
    {%- set selected = [] %}
    {%- for column in columns %}
        {%- set meta = column.meta %}
        {%- set name = declared_name(column.raw, meta) %}
        {%- set personal = 'safe' if column.raw in keys else (meta.get('personal') or 'identifier') %}
        {%- set text = "nullif(trim(" ~ column.sql ~ "), '')" %}
        {%- if personal == 'safe' %}
            {%- set expression = declared_parsed(column.sql, meta, time_zone) %}
            {%- if declared_is_time(meta.get('format')) %}
                {#- A time of day alone is read in a moment (declared.moments). #}
            {%- elif expression %}
                {%- do parsed.append(expression ~ ' as _parsed_' ~ name) %}
                {%- do selected.append('_parsed_' ~ name ~ ' as ' ~ name) %}
                {%- if meta.get('type') in ['integer', 'decimal'] %}
                    {%- do checks.append({'reason': 'invalid_number', 'column': column.raw,
                        'failed': text ~ ' is not null and _parsed_' ~ name ~ ' is null'}) %}
                {%- else %}
                    {%- do checks.append({'reason': 'invalid_timestamp', 'column': column.raw,
                        'failed': ('_parsed_' ~ name ~ ' is null') if meta.get('required')
                            else (text ~ ' is not null and _parsed_' ~ name ~ ' is null')}) %}
                {%- endif %}
            {%- else %}
                {%- do selected.append(text ~ ' as ' ~ name) %}
            {%- endif %}
            {%- if meta.get('codes') %}
                {%- set quoted = [] %}
                {%- for value in meta.codes %}{% do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") %}{% endfor %}
                {%- do checks.append({'reason': 'unknown_code', 'column': column.raw,
                    'failed': text ~ ' is not null and ' ~ text ~ ' not in (' ~ quoted | join(', ') ~ ')'}) %}
            {%- endif %}
        {%- elif personal == 'bsn' %}
            {%- do selected.append(pseudonymise_bsn(column.sql) ~ ' as ' ~ name ~ '_key') %}
        {%- elif personal == 'phone' %}
            {%- do selected.append(pseudonymise(normalise_phone(column.sql), 'phone') ~ ' as ' ~ name ~ '_key') %}
        {%- elif personal == 'email' %}
            {%- do selected.append(pseudonymise(normalise_email(column.sql), 'email') ~ ' as ' ~ name ~ '_key') %}
        {%- elif personal == 'staff_email' %}
            {%- do selected.append(pseudonymise(normalise_email(column.sql), 'staff') ~ ' as ' ~ name ~ '_key') %}
        {%- elif personal == 'staff_number' %}
            {%- do selected.append(pseudonymise("'" ~ source_name ~ "-staff:' || " ~ text, 'staff') ~ ' as ' ~ name ~ '_key') %}
        {%- elif personal == 'postcode' %}
            {%- do selected.append(postcode_area(column.sql) ~ ' as ' ~ name ~ '_area') %}
        {%- elif personal in ['free_text', 'name', 'address', 'birth_date'] %}
            {#- Dropped: no use downstream that outweighs the risk. #}
        {%- else %}
            {#- An identifier of its own kind (a handle, an account number), or an
                undeclared column: a keyed pseudonym, never the value. #}
            {%- do selected.append(pseudonymise('lower(' ~ text ~ ')', source_name ~ '_' ~ name) ~ ' as ' ~ name ~ '_key') %}
        {%- endif %}
    {%- endfor %}
    {%- set metas = {} %}
    {%- for column in columns %}{% do metas.update({column.raw: column.meta}) %}{% endfor %}
    {%- for moment, parts in (declared.get('moments') or {}).items() %}
        {%- set date_meta = metas.get(parts.date, {}) %}
        {%- set time_meta = metas.get(parts.time, {}) %}
        {%- set raw_date = "trim(" ~ adapter.quote(parts.date) ~ ")" %}
        {%- set raw_time = "trim(" ~ adapter.quote(parts.time) ~ ")" %}
        {%- set expression = declared_local_timestamp(
            raw_date ~ " || ' ' || " ~ raw_time,
            date_meta.get('format', 'YYYY-MM-DD') ~ ' ' ~ time_meta.get('format', 'HH:MM'),
            time_zone) %}
        {%- do parsed.append(expression ~ ' as _parsed_' ~ moment ~ '_at') %}
        {%- do selected.append('_parsed_' ~ moment ~ '_at as ' ~ moment ~ '_at') %}
        {%- set given = "nullif(" ~ raw_time ~ ", '') is not null" %}
        {%- do checks.append({'reason': 'invalid_timestamp', 'column': parts.time,
            'failed': ('_parsed_' ~ moment ~ '_at is null') if parts.get('required')
                else (given ~ ' and _parsed_' ~ moment ~ '_at is null')}) %}
        {%- if parts.get('after') %}
            {%- do checks.append(check_order('_parsed_' ~ parts.after ~ '_at', '_parsed_' ~ moment ~ '_at', parts.time)) %}
        {%- endif %}
    {%- endfor %}
    with source as (
        {{ source_rows }}
    ),

    parsed as (
        select
            {%- for expression in parsed %}
            {{ expression }},
            {%- endfor %}
            *
        from source
    ),

    validated as (
        select
            {%- for expression in selected %}
            {{ expression }},
            {%- endfor %}
            {{ select_lineage_and_rejects(checks) }}
        from parsed
    )

    select * from validated
{% endmacro %}

{# One contract column from its declared field: a staged column's name, or a mapping. #}
{% macro declared_field(field) %}
    {%- if field is string %}
        {{- return('records.' ~ field) -}}
    {%- elif field is mapping and 'value' in field %}
        {%- set value = field.value %}
        {%- if value is none %}{{ return('null') }}
        {%- elif value is sameas true or value is sameas false %}{{ return(value | string | lower) }}
        {%- elif value is number %}{{ return(value | string) }}
        {%- else %}{{ return("'" ~ (value | replace("'", "''")) ~ "'") }}
        {%- endif %}
    {%- elif field is mapping and 'when' in field %}
        {%- set quoted = [] %}
        {%- for value in field.get('in') or field.get('not_in') or [] %}{% do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") %}{% endfor %}
        {%- set test = 'records.' ~ field.when ~ (' not in (' if 'not_in' in field else ' in (') ~ (quoted | join(', ') or "null") ~ ')' %}
        {{- return('coalesce(' ~ test ~ ', false)') -}}
    {%- elif field is mapping and 'map' in field %}
        {%- set cases = [] %}
        {%- for value, result in field['values'].items() %}
            {%- do cases.append("when '" ~ (value | string | replace("'", "''")) ~ "' then " ~ declared_field({'value': result})) %}
        {%- endfor %}
        {{- return('case records.' ~ field.map ~ ' ' ~ cases | join(' ') ~ ' else ' ~ declared_field({'value': field.get('else')}) ~ ' end') -}}
    {%- elif field is mapping and 'seconds' in field %}
        {{- return(seconds_between('records.' ~ field.seconds[0], 'records.' ~ field.seconds[1])) -}}
    {%- elif field is mapping and 'local_date' in field %}
        {{- return(local_date('records.' ~ field.local_date)) -}}
    {%- elif field is mapping and 'department' in field %}
        {{- return(department_key('records.' ~ field.department)) -}}
    {%- elif field is mapping and 'sql' in field %}
        {{- return('(' ~ field.sql ~ ')') -}}
    {%- endif %}
    {{ exceptions.raise_compiler_error(
        "declared field " ~ field ~ ": use a column name, or {value: ...}, {when: <column>, in: [...]},"
        ~ " {map: <column>, values: {...}}, {seconds: [<from>, <to>]}, {local_date: <column>},"
        ~ " {department: <column>} or {sql: ...}") }}
{% endmacro %}

{#
    declared_contract: the model of a declared file on its contract (contract_columns),
    every contract column cast to the contract's type: a declared field, else null.
    The staged model is the file's `staged` entry in kcc_sources.
#}
{% macro declared_contract(source_name, table_name) %}
    {%- set registered = [] %}
    {%- for file in var('kcc_sources', {}).get(source_name, {}).get('files', []) if file.file == table_name %}
        {%- do registered.append(file.staged) %}
    {%- endfor %}
    {%- set staged = registered[0] if registered else 'stg_' ~ source_name ~ '__' ~ table_name %}
    {%- set records = ref(staged) %}
    {#- A declared field may name a department (department_key reads the seed). #}
    {%- set departments = ref('departments') %}
    {%- set node = declared_node(source_name, table_name) %}
    {%- if node is none %}
        {{- return('select 1 as parsing_only') -}}
    {%- endif %}
    {%- do check_declared_node(node) %}
    {%- set declared = declaration_of(node) %}
    {%- set fields = declared.get('fields') or {} %}
    {%- set contract = declared.get('contract') %}
    {%- if not contract %}
        {{ exceptions.raise_compiler_error(node.original_file_path ~ ": " ~ source_name ~ "." ~ table_name
            ~ " declares no contract (config.meta.declared.contract)") }}
    {%- endif %}
    {%- set contract_names = [] %}
    {%- for column in contract_columns(contract) %}{% do contract_names.append(column[0]) %}{% endfor %}
    {%- for name in fields if name not in contract_names %}
        {{ exceptions.raise_compiler_error(node.original_file_path ~ ": field " ~ name
            ~ " is not a column of contract " ~ contract ~ " (" ~ contract_names | join(', ') ~ ")") }}
    {%- endfor %}
    with records as (
        select * from {{ records }}
    ),

    contract as (
        select
            -- Lineage beyond the contract: the union models select the contract's columns.
            records.gemeente_code,
            {%- for name, data_type in contract_columns(contract) %}
            {%- set sql_type = type_text() if data_type == 'varchar' else data_type %}
            cast({{ declared_field(fields[name]) if name in fields else 'null' }} as {{ sql_type }}) as {{ name }}
            {%- if not loop.last %},{% endif %}
            {%- endfor %}
        from records
    )

    select * from contract
{% endmacro %}
