-- int_email_messages_unioned: one row per e-mail message of every mail system, on the
-- email_message contract (macros/staging/contracts.sql, the shape of stg_email__messages).
-- The systems are the kcc_sources entries with `email_messages` (dbt_project.yml): a fork
-- adds or replaces a mail system by adding its staging model and that entry, not by
-- editing this model. message_key and conversation_key name the system, so two systems'
-- ids never collide.
with unioned as (
    {{ contract_union('email_message', email_message_models()) }}
),

final as (
    select
        *,
        source_system || '|' || message_id as message_key,
        source_system || '|' || conversation_id as conversation_key
    from unioned
)

select * from final
