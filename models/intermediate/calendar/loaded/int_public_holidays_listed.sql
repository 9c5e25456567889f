-- int_public_holidays_listed on an engine without dbt Python models (PostgreSQL, Spark):
-- the loader ran the Python model itself (klantcontact.raw.python_models) for the vars
-- calendar_start and calendar_end and loaded the result into raw.public_holidays. On
-- DuckDB the Python model next to this folder runs instead (docs/engines.md).
{{ config(enabled=not engine_runs_python_models(), materialized='table') }}

select
    holiday_date,
    holiday_name,
    holiday_source
from {{ source('loaded_raw', 'public_holidays') }}
