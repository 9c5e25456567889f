-- Every contact of KISS's management information (GET /api/contactmomentendetails), as
-- klantcontact extract wrote its pages: parsed, validated and pseudonymised. The free text
-- of specifiekeVraag is dropped. DuckDB only (docs/extract.md).
{{ config(enabled=target.type == 'duckdb') }}

with source as (
    {{ api_records('kcs', 'kiss_contactmomentendetails') }}
),

fields as (
    select
        -- The record and its lineage (api_records) carried on.
        *,
        {{ json_text('$.id') }} as id,
        {{ json_text('$.startdatum') }} as startdatum,
        {{ json_text('$.einddatum') }} as einddatum,
        {{ json_text('$.gespreksresultaat') }} as gespreksresultaat,
        {{ json_text('$.vraag') }} as vraag,
        {{ json_text('$.verantwoordelijkeAfdeling') }} as verantwoordelijke_afdeling,
        {{ json_text('$.emailadresKcm') }} as emailadres_kcm,
        -- The kinds (soort) of the sources the answer came from, lower case as KISS writes them.
        list_transform(
            coalesce(cast(record -> '$.bronnen' as json[]), []),
            lambda bron: lower(bron ->> '$.soort')
        ) as bron_soorten
    from source
),

parsed as (
    select
        *,
        {{ parse_ts_iso('startdatum') }} as _started_at,
        {{ parse_ts_iso('einddatum') }} as _ended_at
    from fields
),

{% set checks = [
    check_missing('id'),
    check_timestamp('startdatum', '_started_at'),
    check_timestamp('einddatum', '_ended_at', required=false),
    check_order('_started_at', '_ended_at', 'einddatum'),
] %}

validated as (
    select
        id as contact_moment_id,
        _started_at as started_at,
        {{ local_date('_started_at') }} as started_date,
        _ended_at as ended_at,
        vraag as question_subject,
        -- KISS's own gespreksresultaat text; seeds/kiss_gespreksresultaten.csv maps it.
        gespreksresultaat as kiss_result,
        verantwoordelijke_afdeling as responsible_department,
        {{ pseudonymise(normalise_email('emailadres_kcm'), 'staff') }} as employee_key,
        -- The contract's bron: a knowledge article, VAC or work instruction is the knowledge
        -- base, a web page or news item the website; no source at all is Geen.
        case
            when list_has_any(bron_soorten, ['kennisartikel', 'vac', 'werkinstructie'])
                then 'Kennisbank'
            when list_has_any(bron_soorten, ['website', 'nieuwsbericht']) then 'Website'
            when len(bron_soorten) = 0 then 'Geen'
        end as answer_source,
        {{ select_lineage_and_rejects(checks) }}
    from parsed
)

select * from validated
