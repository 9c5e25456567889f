-- int_preferred_channels_mapped: the preferred-channel matrix in the project's terms,
-- one row per service type and channel. The matrix itself is VNG's Bijlage 4 as
-- printed (seed vng_preferred_channels, or a municipality's own seed of the same layout
-- named by var preferred_channels_seed); service_types.vng_task and
-- vng_channel_mappings translate it. Computed here once, so every model that asks "was
-- this contact on a preferred channel" gets the same answer.
with service_types as (
    select
        service_type,
        vng_task
    from {{ ref('service_types') }}
),

channels as (
    select channel_code
    from {{ ref('channels') }}
),

channel_mappings as (
    select
        channel_code,
        vng_channel
    from {{ ref('vng_channel_mappings') }}
    where channel_code is not null
),

matrix as (
    select
        vng_task,
        vng_channel,
        is_preferred_klant,
        is_preferred_gemeente
    from {{ ref(var('preferred_channels_seed', 'vng_preferred_channels')) }}
),

-- Every service type with every channel, so a combination the matrix lacks is an
-- explicit `false`, not a missing row.
combinations as (
    select
        service_types.service_type,
        service_types.vng_task,
        channels.channel_code,
        channel_mappings.vng_channel
    from service_types
    cross join channels
    left join channel_mappings
        on channels.channel_code = channel_mappings.channel_code
)

select
    combinations.service_type,
    combinations.channel_code,
    combinations.vng_task,
    combinations.vng_channel,
    coalesce(matrix.is_preferred_klant, false) as is_preferred_klant,
    coalesce(matrix.is_preferred_gemeente, false) as is_preferred_gemeente,
    -- Preferred only when the customer and the municipality both prefer the channel
    -- (a `+/+` cell); a cell where only one side does marks a steering gap, not a
    -- preferred channel.
    coalesce(matrix.is_preferred_klant and matrix.is_preferred_gemeente, false) as is_preferred
from combinations
left join matrix
    on
        combinations.vng_task = matrix.vng_task
        and combinations.vng_channel = matrix.vng_channel
