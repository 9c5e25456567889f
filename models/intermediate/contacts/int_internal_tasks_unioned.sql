-- int_internal_tasks_unioned: one row per interne taak, from the contract's internetaken.csv
-- and from Open Klant's API (klantcontact extract), with the callback rule decided once:
-- the contract's Terugbellen or KISS's contact request (gevraagdeHandeling `Contact opnemen
-- met betrokkene`, which KISS writes for every contactverzoek). Open Klant has no status
-- retour: has_return_status is false for its tasks, so kcc_referral_wrong leaves them out.
{%- set task_columns = [
    'task_id',
    'contact_moment_id',
    'requested_action',
    'assigned_department',
    'assigned_at',
    'assigned_date',
    'completed_at',
    'task_status'
] + lineage_columns() %}

with contract_tasks as (
    select * from {{ ref('stg_kcs__internal_tasks') }}
),

contract_mapped as (
    select
        {{ task_columns | join(',\n        ') }},
        'contract' as registration_system,
        true as has_return_status
    from contract_tasks
),

unioned as (
    select * from contract_mapped
    {{ union_all_api_select(
        'int_api_internal_tasks_joined',
        task_columns + ['registration_system', 'has_return_status'],
        where='task_id not in (select task_id from contract_mapped)'
    ) }}
),

final as (
    select
        *,
        coalesce(
            requested_action in ('Terugbellen', 'Contact opnemen met betrokkene'), false
        ) as is_callback_request
    from unioned
)

select * from final
