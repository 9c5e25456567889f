{#
    Parsing macros: every raw value arrives as text. Each parser returns null for a
    value it cannot read, so validation can tell "empty" from "unreadable" by
    comparing the raw text with the parsed value.
#}

{# ISO-8601 in UTC with Z, e.g. 2025-03-03T08:15:02Z (telephony). #}
{% macro parse_ts_utc(column) %}
    case
        when {{ regex_full_match(column, '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z') }}
            then {{ try_cast_text(column, 'timestamptz') }}
    end
{% endmacro %}

{# ISO-8601 with offset, with T or space, optional fraction of 1-6 digits (kcs, forms,
   Signalen), e.g. 2025-03-03T09:15:02+01:00. The offset may be hours only, as PostgreSQL
   writes timestamptz text and so Signalen's datawarehouse dump: 2025-03-12 18:34:12.481233+00,
   2025-03-12 20:05:40+00 (trailing zeros of the fraction trimmed, none when zero). #}
{% macro parse_ts_offset(column) %}
    case
        when {{ regex_full_match(
            column, '\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?'
        ) }}
            then {{ try_cast_text(column, 'timestamptz') }}
    end
{% endmacro %}

{# Wall-clock time in the municipality's zone, in the given strptime format. #}
{% macro parse_ts_local(column, format) %}
    {{ from_local_timestamp(try_strptime(column, format)) }}
{% endmacro %}

{# A calendar date in the given strptime format (default YYYY-MM-DD). #}
{% macro parse_date(column, format='%Y-%m-%d') %}
    cast({{ try_strptime(column, format) }} as date)
{% endmacro %}

{# The local (municipal) calendar date of a timestamptz. #}
{% macro local_date(timestamp_expression) %}
    cast({{ to_local_timestamp(timestamp_expression) }} as date)
{% endmacro %}

{# Whole number, allowing surrounding spaces; null when not a whole number. #}
{% macro parse_int(column) %}
    {{ try_cast_text("nullif(trim(" ~ column ~ "), '')", 'integer') }}
{% endmacro %}

{# Decimal number with a dot; null when not a number. #}
{% macro parse_decimal(column) %}
    {{ try_cast_text("nullif(trim(" ~ column ~ "), '')", 'double') }}
{% endmacro %}

{# Boolean from the spellings the exports use: true/false in any case (Signalen's dump
   writes True/False), t/f (PostgreSQL's boolean text, e.g. Signalen's sla.use_calendar_days),
   ja/nee, 1/0. #}
{% macro parse_bool(column) %}
    case lower(trim({{ column }}))
        when 'true' then true
        when 't' then true
        when 'ja' then true
        when '1' then true
        when 'false' then false
        when 'f' then false
        when 'nee' then false
        when '0' then false
    end
{% endmacro %}

{# Days of an ISO-8601 date duration such as P14D, P8W; months and years as 30/365 days are
   not what municipalities mean, so those go to iso_duration_months. #}
{% macro iso_duration_days(column) %}
    {{- sum_iso_duration_parts(column, 'W', 7, 'D') -}}
{% endmacro %}

{% macro iso_duration_months(column) %}
    {{- sum_iso_duration_parts(column, 'Y', 12, 'M') -}}
{% endmacro %}

{# A valid ISO-8601 date duration (PnYnMnWnD, not the bare P): its `large` part times
   factor plus its `small` part, a missing part counting 0; null for anything else. #}
{% macro sum_iso_duration_parts(column, large, factor, small) %}
    case
        when {{ regex_full_match(column, 'P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?') }}
            and {{ column }} <> 'P'
            then coalesce({{ try_cast_text(regex_extract(column, '(\d+)' ~ large, 1), 'integer') }}, 0) * {{ factor }}
            + coalesce({{ try_cast_text(regex_extract(column, '(\d+)' ~ small, 1), 'integer') }}, 0)
    end
{% endmacro %}

{# ISO-8601 as the APIs write it: with Z or an offset, a fraction of up to 9 digits
   (.NET's DateTimeOffset of KISS writes 7; DuckDB keeps microseconds), e.g.
   2025-04-17T08:00:00.1234567+00:00 or 2025-04-17T08:00:00Z (Open Klant). Read only from
   API pages, which only DuckDB reads. #}
{% macro parse_ts_iso(column) %}
    case
        when regexp_full_match(
            {{ column }}, '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})'
        )
            then try_cast(regexp_replace({{ column }}, '(\.\d{6})\d+', '\1') as timestamptz)
    end
{% endmacro %}
