-- pooled_kpi_values: kpi_values of every municipality of a pooled warehouse (dbt var
-- pooled_municipalities) side by side, each from its own schema set (gm<code>_kpi). A
-- municipality's rows are exactly its own build's: KPIs are computed per municipality
-- (identities, norms and working days are its own) and only their results are unioned.
with unioned as (
    {%- for municipality in pooled_relations('kpi', 'kpi_values') %}
        select
            gemeente_code,
            kpi_code,
            period_grain,
            period_start,
            channel_key,
            numerator,
            denominator,
            value,  -- noqa: RF04
            unit,
            norm_value,
            norm_operator,
            is_partial_period,
            value_previous_year,
            meets_norm,
            norm_profile
        from {{ municipality.relation }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from unioned
