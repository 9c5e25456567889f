-- dim_channel: one row per contact channel, from the channels seed.
with channels as (
    select * from {{ ref('channels') }}
)

select
    channel_code as channel_key,
    name_nl as channel_name_nl,
    name_en as channel_name_en,
    is_digital,
    is_staffed,
    is_self_service,
    sort_order
from channels
