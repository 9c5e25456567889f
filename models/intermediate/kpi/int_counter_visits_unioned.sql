-- int_counter_visits_unioned: one row per counter (balie) visit of every counter system, on
-- the counter_visit contract (macros/staging/contracts.sql, the shape of stg_balie__visits).
-- The systems are the kcc_sources entries with `counter_visits` (dbt_project.yml): a fork
-- adds or replaces a counter system by adding its staging model and that entry, not by
-- editing this model. visit_key names the system, so two systems' visit ids never collide.
with unioned as (
    {{ contract_union('counter_visit', counter_visit_models()) }}
),

final as (
    select
        *,
        source_system || '|' || visit_id as visit_key
    from unioned
)

select * from final
