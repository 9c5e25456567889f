{#
    norm_profile_list: var kpi_norm_profiles as a list of profile codes (a comma-separated
    string, as --vars on the command line may give it, is split).
#}
{% macro norm_profile_list() %}
    {%- set profiles = var('kpi_norm_profiles', ['waterland_2023', 'klantcontact']) %}
    {%- if profiles is string %}
        {%- set profiles = profiles.split(',') | map('trim') | reject('equalto', '') | list %}
    {%- endif %}
    {{- return(profiles | list) -}}
{% endmacro %}

{#
    norm_profile_precedence: a case expression giving the position (1 = first) of a
    norm_profile column in var kpi_norm_profiles; null for a profile not in the list.
#}
{% macro norm_profile_precedence(profile_column) %}
    {%- set profiles = norm_profile_list() %}
    {%- if profiles | length == 0 %}
        cast(null as integer)
    {%- else %}
    case {{ profile_column }}
        {%- for profile in profiles %}
        when '{{ profile }}' then {{ loop.index }}
        {%- endfor %}
    end
    {%- endif %}
{% endmacro %}

{#
    select_norm_profile_rows: the one rule that picks norms and parameters by profile. Per
    key (kpi_code + channel_code for norms, parameter_code for parameters) keep the rows of
    a municipality's own seed when it has any (own_seed_var names a seed other than
    project_seed), else the rows of the first profile of var kpi_norm_profiles that has
    any. Rows of profiles not in the list are dropped. Every version (valid_from) of the
    chosen profile is kept, so validity dates still work within a profile.
#}
{% macro select_norm_profile_rows(project_seed, own_seed_var, key_columns, columns) %}
    {%- set own_seed = var(own_seed_var, project_seed) %}
with project_rows as (
    select
        {{ columns | join(',\n        ') }},
        {{ norm_profile_precedence('norm_profile') }} as profile_precedence
    from {{ ref(project_seed) }}
),

{% if own_seed != project_seed %}
-- The municipality's own seed ranks before every profile (precedence 0).
own_rows as (
    select
        {{ columns | join(',\n        ') }},
        0 as profile_precedence
    from {{ ref(own_seed) }}
),

candidate_rows as (
    select * from own_rows
    union all
    select * from project_rows
    where profile_precedence is not null
),
{% else %}
candidate_rows as (
    select * from project_rows
    where profile_precedence is not null
),
{% endif %}

ranked as (
    select
        *,
        min(profile_precedence) over (
            partition by {{ key_columns | join(', ') }}
        ) as chosen_precedence
    from candidate_rows
)

select
    {{ columns | join(',\n    ') }}
from ranked
where profile_precedence = chosen_precedence
{% endmacro %}
