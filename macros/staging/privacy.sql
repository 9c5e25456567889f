{#
    Privacy macros (docs/privacy.md). Identifiers are normalised
    first so that one person's number written as 06-12345678 and +31612345678 gets
    one pseudonym, then replaced by a keyed SHA-256 hash.

    The key comes from env var KCC_PSEUDONYM_KEY (or dbt var pseudonym_key). The demo
    falls back to a documented default and says so at the start of every run
    (warn_if_demo_pseudonym_key). The key is part of the staging views' SQL, so a
    DuckDB file handed to others should be a marts export, not the build file.
#}

{% macro pseudonym_key() %}
    {{- return(var('pseudonym_key', env_var('KCC_PSEUDONYM_KEY', 'klantcontact-demo-key'))) -}}
{% endmacro %}

{% macro warn_if_demo_pseudonym_key() %}
    {% if execute and pseudonym_key() == 'klantcontact-demo-key' %}
        {{ log(
            "WARNING: pseudonyms use the public demo key; set KCC_PSEUDONYM_KEY for real data.",
            info=true
        ) }}
    {% endif %}
{% endmacro %}

{# Keyed hash of an already normalised identifier; kind keeps phone, e-mail and BSN
   pseudonyms apart even for equal strings. #}
{% macro pseudonymise(normalised_expression, kind) %}
    case
        when {{ normalised_expression }} is not null
            then {{ sha256_hex("'" ~ pseudonym_key() ~ "|" ~ kind ~ "|' || " ~ normalised_expression) }}
    end
{% endmacro %}

{# Dutch and international phone numbers to E.164; null for anonymous or unreadable. #}
{% macro normalise_phone(column) %}
    {%- set digits = regex_replace_all("coalesce(" ~ column ~ ", '')", '[^0-9]', '') -%}
    case
        when {{ regex_contains("trim(coalesce(" ~ column ~ ", ''))", '^\+[1-9]') }}
            and length({{ digits }}) between 8 and 15
            then '+' || {{ digits }}
        when {{ digits }} like '00%' and length({{ digits }}) between 10 and 17
            then '+' || substr({{ digits }}, 3)
        when {{ digits }} like '0%' and length({{ digits }}) = 10
            then '+31' || substr({{ digits }}, 2)
        when {{ digits }} like '31%' and length({{ digits }}) = 11
            then '+' || {{ digits }}
        when length({{ digits }}) = 9 and {{ digits }} not like '0%'
            then '+31' || {{ digits }}
    end
{% endmacro %}

{# Lower-cased, trimmed e-mail address; null when it is not one. #}
{% macro normalise_email(column) %}
    case
        when {{ regex_full_match("lower(trim(" ~ column ~ "))", '[^@\s]+@[^@\s]+\.[a-z]{2,}') }}
            then lower(trim({{ column }}))
    end
{% endmacro %}

{# BSN as 9 digits: a leading zero lost by a spreadsheet is restored. #}
{% macro normalise_bsn(column) %}
    case
        when {{ regex_full_match("trim(" ~ column ~ ")", '\d{8,9}') }}
            then lpad(trim({{ column }}), 9, '0')
    end
{% endmacro %}

{# The BSN eleven-test on a 9-digit string: weights 9..2 and -1, sum divisible by 11. #}
{% macro bsn_passes_eleven_test(bsn_expression) %}
    (
        {{ bsn_expression }} is not null
        and {{ bsn_expression }} <> '000000000'
        and (
            {%- for weight in [9, 8, 7, 6, 5, 4, 3, 2, -1] %}
            {{ weight }} * cast(substr({{ bsn_expression }}, {{ loop.index }}, 1) as integer)
            {%- if not loop.last %} +{% endif %}
            {%- endfor %}
        ) % 11 = 0
    )
{% endmacro %}

{# Pseudonym of a BSN, only when it passes the eleven-test. #}
{% macro pseudonymise_bsn(column) %}
    case
        when {{ bsn_passes_eleven_test(normalise_bsn(column)) }}
            then {{ pseudonymise(normalise_bsn(column), 'bsn') }}
    end
{% endmacro %}

{# A BSN was given but does not pass the eleven-test (or is not 8-9 digits). #}
{% macro bsn_is_invalid(column) %}
    (
        nullif(trim({{ column }}), '') is not null
        and not coalesce({{ bsn_passes_eleven_test(normalise_bsn(column)) }}, false)
    )
{% endmacro %}

{# Only the local part of a mailbox address (info@… → info): a functional mailbox is
   useful for analysis, the address itself matches every e-mail pattern scan. #}
{% macro mailbox_name(column) %}
    lower(split_part(trim({{ column }}), '@', 1))
{% endmacro %}

{# Four-digit postcode area (PC4) from 3701 AB / 3701ab; the letters narrow it to a street. #}
{% macro postcode_area(column) %}
    case
        when {{ regex_contains("trim(" ~ column ~ ")", '^[1-9]\d{3}') }}
            then substr(trim({{ column }}), 1, 4)
    end
{% endmacro %}

{# Free text kept for analysis with e-mail addresses, phone numbers and BSN-like
   digit runs replaced. #}
{% macro redact_free_text(column) %}
    {#- \\b in a Jinja string: its \b would be a backspace. -#}
    {%- set emails = regex_replace_all(column, '[^@\s]+@[^@\s]+', '[e-mail]') -%}
    {%- set numbers = regex_replace_all(emails, '(\+|00)?\d[\d \-]{7,}\d', '[nummer]') -%}
    {{ regex_replace_all(numbers, '\\b\d{4}\s?[A-Za-z]{2}\s+\d+\\b', '[adres]') }}
{% endmacro %}
