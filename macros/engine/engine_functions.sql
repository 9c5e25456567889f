{#
    create_engine_functions: functions an engine lacks, created by the on-run-start hook
    (dbt_project.yml) before any model runs. DuckDB and Spark have safe casts and
    try_strptime of their own: nothing to create. PostgreSQL gets schema
    `<target.schema>_fn` with plpgsql functions that return null where the cast or parse
    fails (try_cast_text, try_strptime in macros/engine/functions.sql call them).
    They catch the error in an exception block, a subtransaction, which PostgreSQL refuses
    inside a parallel query: so they are parallel unsafe (the demo size's base models got
    parallel plans and failed while the fixture's did not).
#}
{% macro create_engine_functions() %}
    {{- return(adapter.dispatch('create_engine_functions', 'klantcontact')()) -}}
{% endmacro %}

{# An empty hook runs nothing. #}
{% macro default__create_engine_functions() %}{% endmacro %}

{#
    engine_session_settings: planner settings, a pre-hook of every model. PostgreSQL
    estimates a join of two CTEs on several equal columns at one row and then joins them
    in a nested loop: kpi_values at the demo size took over ten minutes that way, 6 s with
    hash joins. The warehouse has no indexes, so a nested loop only wins on tiny inputs;
    with it switched off PostgreSQL still uses one where nothing else can join (a join on
    ranges only). `set`, not `set local`: tests on the same connection benefit too.
#}
{% macro engine_session_settings() %}
    {{- return(adapter.dispatch('engine_session_settings', 'klantcontact')()) -}}
{% endmacro %}

{% macro default__engine_session_settings() %}{% endmacro %}

{% macro postgres__engine_session_settings() %}set enable_nestloop = off{% endmacro %}

{% macro postgres__create_engine_functions() %}
{%- set fn = target.schema ~ '_fn' %}
create schema if not exists {{ fn }};

-- DuckDB's try_cast to integer/bigint: spaces around, '_' between digits, and a decimal or
-- exponent rounded half away from zero ('12.5' -> 13, '1e3' -> 1000); hexadecimal '0x10'
-- (unsigned, no spaces) is 16; null when out of range or not a number.
{%- for kind in ['integer', 'bigint'] %}
create or replace function {{ fn }}.try_{{ kind }}(value text) returns {{ kind }}
language plpgsql immutable parallel unsafe as $fn$
declare
    cleaned text := regexp_replace(regexp_replace(value, '^\s+|\s+$', '', 'g'), '(\d)_(?=\d)', '\1', 'g');
    digits text;
begin
    if value ~ '^0[xX][0-9a-fA-F_]+$' then
        digits := replace(substr(value, 3), '_', '');
        if length(digits) > 15 then
            return null;
        end if;
        return (('x' || lpad(digits, 16, '0'))::bit(64)::bigint)::{{ kind }};
    end if;
    if cleaned ~ '^[+-]?\d+$' then
        return cleaned::{{ kind }};
    end if;
    return round(cleaned::numeric)::{{ kind }};
exception when others then
    return null;
end
$fn$;
{%- endfor %}

-- DuckDB's try_cast to double ('1_000', 'nan', 'inf' included; hexadecimal is not a double).
create or replace function {{ fn }}.try_double(value text) returns double precision
language plpgsql immutable parallel unsafe as $fn$
begin
    if value ~ '0[xX]' then
        return null;
    end if;
    return regexp_replace(regexp_replace(value, '^\s+|\s+$', '', 'g'), '(\d)_(?=\d)', '\1', 'g')::double precision;
exception when others then
    return null;
end
$fn$;

-- DuckDB's try_cast to date reads only year-month-day; PostgreSQL's date input would also
-- take '20250101' or 'Jan 1 2025', so the shape is checked first.
create or replace function {{ fn }}.try_date(value text) returns date
language plpgsql immutable parallel unsafe as $fn$
begin
    if value !~ '^\s*\d{1,4}-\d{1,2}-\d{1,2}\s*$' then
        return null;
    end if;
    return value::date;
exception when others then
    return null;
end
$fn$;

-- Callers check the ISO-8601 shape first (parse_ts_utc, parse_ts_offset): only impossible
-- values (2025-02-30, 25:00) are left to fail here.
create or replace function {{ fn }}.try_timestamptz(value text) returns timestamptz
language plpgsql stable parallel unsafe as $fn$
begin
    return value::timestamptz;
exception when others then
    return null;
end
$fn$;

-- DuckDB's try_strptime for %Y %m %d %H %M %S and literal characters: %Y takes 1-4 digits,
-- the others 1-2; a space in the format matches any run of white space, and white space
-- around the value is ignored; fields missing from the format are 1900-01-01 00:00:00;
-- an impossible date or time (31-02, 24:00, :60) gives null.
create or replace function {{ fn }}.try_strptime(value text, format text) returns timestamp
language plpgsql immutable parallel unsafe as $fn$
declare
    v_pattern text := '';
    v_fields text[] := '{}';
    v_at integer := 1;
    v_symbol text;
    v_parts text[];
    v_year integer := 1900;
    v_month integer := 1;
    v_day integer := 1;
    v_hour integer := 0;
    v_minute integer := 0;
    v_second integer := 0;
begin
    while v_at <= length(format) loop
        v_symbol := substr(format, v_at, 1);
        if v_symbol = '%' then
            v_symbol := substr(format, v_at + 1, 1);
            if v_symbol not in ('Y', 'm', 'd', 'H', 'M', 'S') then
                -- A format the project does not use: an error, never a silent null.
                raise exception 'try_strptime: %% % is not supported', v_symbol;
            end if;
            v_fields := v_fields || v_symbol;
            v_pattern := v_pattern || case when v_symbol = 'Y' then '(\d{1,4})' else '(\d{1,2})' end;
            v_at := v_at + 2;
        else
            v_pattern := v_pattern || case
                when v_symbol ~ '\s' then '\s+'
                when v_symbol ~ '\w' then v_symbol
                else '\' || v_symbol
            end;
            v_at := v_at + 1;
        end if;
    end loop;
    v_parts := regexp_match(value, '^\s*' || v_pattern || '\s*$');
    if v_parts is null then
        return null;
    end if;
    for v_field in 1 .. coalesce(array_length(v_fields, 1), 0) loop
        case v_fields[v_field]
            when 'Y' then v_year := v_parts[v_field]::integer;
            when 'm' then v_month := v_parts[v_field]::integer;
            when 'd' then v_day := v_parts[v_field]::integer;
            when 'H' then v_hour := v_parts[v_field]::integer;
            when 'M' then v_minute := v_parts[v_field]::integer;
            else v_second := v_parts[v_field]::integer;
        end case;
    end loop;
    if v_hour > 23 or v_minute > 59 or v_second > 59 then
        return null;
    end if;
    if v_year = 0 then
        v_year := -1;  -- DuckDB's year 0 is 1 BC, which make_timestamp calls -1
    end if;
    begin
        return make_timestamp(v_year, v_month, v_day, v_hour, v_minute, v_second);
    exception when others then
        return null;  -- 31-02, year 0
    end;
end
$fn$;
{% endmacro %}
