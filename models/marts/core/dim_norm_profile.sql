-- dim_norm_profile: one row per norm profile (seed norm_profiles) with its place in var
-- kpi_norm_profiles (1 = first, wins), null when the configuration does not select it;
-- plus, when var kpi_norms_seed or kpi_parameters_seed names a municipality's own seed,
-- one row per norm_profile of that seed with precedence 0 (it wins over every profile).
-- Reports name the profile in use from here.
{%- set own_norms_seed = var('kpi_norms_seed', 'kpi_norms') %}
{%- set own_parameters_seed = var('kpi_parameters_seed', 'kpi_parameters') %}
with profiles as (
    select
        norm_profile,
        name_nl,
        source_document,
        source_location,
        description
    from {{ ref('norm_profiles') }}
),

listed_profiles as (
    select
        norm_profile,
        name_nl,
        source_document,
        source_location,
        description,
        {{ norm_profile_precedence('norm_profile') }} as precedence
    from profiles
),

{%- set own_seeds = [] %}
{%- if own_norms_seed != 'kpi_norms' %}{% do own_seeds.append(own_norms_seed) %}{% endif %}
{%- if own_parameters_seed != 'kpi_parameters' %}{% do own_seeds.append(own_parameters_seed) %}{% endif %}

{%- if own_seeds %}
-- A municipality's own seeds: their profile codes as written in their norm_profile column.
own_profiles as (
    {%- for own_seed in own_seeds %}
        select
            norm_profile,
            norm_profile as name_nl,
            'own seed: {{ own_seeds | join(", ") }}' as source_document,
            cast(null as {{ type_text() }}) as source_location,
            'Own norms of the municipality ({{ own_seeds | join(", ") }}); they win over every profile.'
            as description,
            0 as precedence
        from {{ ref(own_seed) }}
        {% if not loop.last %}union{% endif %}
    {%- endfor %}
),
{%- endif %}

final as (
    select
        cast(norm_profile as {{ type_text() }}) as norm_profile,
        cast(name_nl as {{ type_text() }}) as name_nl,
        cast(source_document as {{ type_text() }}) as source_document,
        cast(source_location as {{ type_text() }}) as source_location,
        cast(description as {{ type_text() }}) as description,
        cast(precedence as integer) as precedence,
        precedence is not null as is_selected
    from listed_profiles
    {%- if own_seeds %}
    union all
    select
        cast(norm_profile as {{ type_text() }}) as norm_profile,
        cast(name_nl as {{ type_text() }}) as name_nl,
        cast(source_document as {{ type_text() }}) as source_document,
        cast(source_location as {{ type_text() }}) as source_location,
        cast(description as {{ type_text() }}) as description,
        cast(precedence as integer) as precedence,
        true as is_selected
    from own_profiles
    where norm_profile not in (select profiles.norm_profile from profiles)
    {%- endif %}
)

select * from final
