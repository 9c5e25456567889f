-- dim_location: one row per CBS buurt seen in the Signalen locations, plus the explicit
-- member onbekend.
with locations as (
    select * from {{ ref('stg_mor__locations') }}
),

buurten as (
    select
        buurt_code,
        count(*) as location_count
    from locations
    where buurt_code is not null
    group by buurt_code
),

-- A buurt's area name and postcode area: the value seen most often (ties: the
-- alphabetically last, so rebuilds are stable).
area_names as (
    {{ most_frequent_value('locations', 'buurt_code', 'area_name') }}
),

postcode_areas as (
    {{ most_frequent_value('locations', 'buurt_code', 'postcode_area') }}
),

-- CBS codes nest: BU + gemeente (4 digits) + wijk (2) + buurt (2); WK + gemeente + wijk.
cbs_codes as (
    select
        buurt_code,
        {{ dbt.length('buurt_code') }} = 10
        and substring(buurt_code, 1, 2) = 'BU' as is_cbs_buurt_code
    from buurten
),

known_locations as (
    select
        cbs_codes.buurt_code as location_key,
        cbs_codes.buurt_code,
        area_names.area_name,
        postcode_areas.postcode_area,
        case
            when cbs_codes.is_cbs_buurt_code
                then 'WK' || substring(cbs_codes.buurt_code, 3, 6)
        end as wijk_code,
        -- The 4 digits inside the BU code, the format of gemeente_code everywhere else
        -- (dim_municipality.cbs_region_code holds the GM form).
        case
            when cbs_codes.is_cbs_buurt_code
                then substring(cbs_codes.buurt_code, 3, 4)
        end as gemeente_code
    from cbs_codes
    left join area_names
        on cbs_codes.buurt_code = area_names.buurt_code
    left join postcode_areas
        on cbs_codes.buurt_code = postcode_areas.buurt_code
),

unknown_member as (
    select
        'onbekend' as location_key,
        cast(null as {{ type_text() }}) as buurt_code,
        'Onbekend' as area_name,
        cast(null as {{ type_text() }}) as postcode_area,
        cast(null as {{ type_text() }}) as wijk_code,
        cast(null as {{ type_text() }}) as gemeente_code
),

unioned as (
    select * from known_locations
    union all
    select * from unknown_member
),

final as (
    select
        location_key,
        buurt_code,
        area_name,
        wijk_code,
        gemeente_code,
        postcode_area
    from unioned
)

select * from final
