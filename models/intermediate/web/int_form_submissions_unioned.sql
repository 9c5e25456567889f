-- int_form_submissions_unioned: one row per e-form submission of every form system, on the
-- form_submission contract (macros/staging/contracts.sql, the shape of
-- stg_web__form_submissions). The systems are the kcc_sources entries with
-- `form_submissions` (dbt_project.yml): a fork adds or replaces a form system by adding
-- its staging model and that entry, not by editing this model. submission_key names the
-- system, so two systems' submission ids never collide.
with unioned as (
    {{ contract_union('form_submission', form_submission_models()) }}
),

final as (
    select
        *,
        source_system || '|' || submission_id as submission_key
    from unioned
)

select * from final
