-- dim_subject: one row per subject (onderwerp) with its service type.
with subjects as (
    select * from {{ ref('subjects') }}
),

service_types as (
    select * from {{ ref('service_types') }}
)

select
    subjects.subject as subject_key,
    subjects.subject as subject_name,
    subjects.service_type,
    service_types.name_nl as service_type_name_nl,
    subjects.can_be_done_online
from subjects
left join service_types
    on subjects.service_type = service_types.service_type
