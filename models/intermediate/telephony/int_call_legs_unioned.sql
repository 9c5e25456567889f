-- int_call_legs_unioned: one row per call leg of every telephony vendor, on the call_leg
-- contract (macros/staging/contracts.sql, the shape of stg_telephony__dialogue_legs).
-- The vendors are the kcc_sources entries with `call_legs` (dbt_project.yml): a fork
-- adds a vendor by adding its staging model and that entry, not by editing this model.
-- A view: a union of the staged tables, which each reader scans as cheaply as a copy.
{{ config(materialized='view') }}

with unioned as (
    {{ contract_union('call_leg', call_leg_models()) }}
)

select * from unioned
