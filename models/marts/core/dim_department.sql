-- dim_department: one row per department, from the departments seed.
with departments as (
    select * from {{ ref('departments') }}
)

select
    department_code as department_key,
    department_name,
    coalesce(line, 'onbekend') as service_line
from departments
