{#
    haversine_distance_m: great-circle distance in metres between two WGS84 points
    given as latitude / longitude in decimal degrees, by the haversine formula:

        d = 2 R asin( sqrt( sin^2((lat2 - lat1) / 2)
                            + cos(lat1) cos(lat2) sin^2((lng2 - lng1) / 2) ) )

    with R the mean earth radius (IUGG, 6,371,008.8 m, mean_earth_radius_m(); override
    with earth_radius_m). Plain SQL math only (radians, sin, cos, asin, sqrt, power,
    least), so it runs on any engine with these functions. The argument of asin is
    capped at 1 against floating-point rounding for (near-)antipodal points. Null when
    any coordinate is null. At 52 degrees north one degree of latitude is about
    111.2 km and one degree of longitude about 68.5 km; over distances of a few
    hundred metres the result matches the geodesic to well under a metre.
    Used by mor_duplicate_share and mor_repeat_location (kpi_contributions_mor),
    whose radius comes from seed kpi_parameters.
    Example: haversine_distance_m(52.0, 5.0, 52.0004, 5.0) is about 44.5 m.
#}
{% macro mean_earth_radius_m() %}6371008.8{% endmacro %}


{% macro haversine_distance_m(lat1, lng1, lat2, lng2, earth_radius_m=mean_earth_radius_m()) %}
    (
        2 * {{ earth_radius_m }} * asin(least(1.0, sqrt(
            power(sin((radians({{ lat2 }}) - radians({{ lat1 }})) / 2), 2)
            + cos(radians({{ lat1 }})) * cos(radians({{ lat2 }}))
            * power(sin((radians({{ lng2 }}) - radians({{ lng1 }})) / 2), 2)
        )))
    )
{% endmacro %}
