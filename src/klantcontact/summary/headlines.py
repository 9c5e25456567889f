"""The headline KPIs the end-of-build summary shows, read from kpi_values.

The codes are the ones a KCC manager asks for first (issue 4 lists them); every
value, norm and verdict comes from the mart, nothing is recomputed here.
"""

from __future__ import annotations

HEADLINE_KPI_CODES: tuple[str, ...] = (
    "tel_offered",
    "tel_service_level",
    "kcc_contacts",
    "kcc_direct_resolved",
    "eml_answer_timely",
    "mor_received",
    "mor_on_time",
    "callback_timely",
    "resolved_first_contact",
    "case_on_time_norm",
    "kto_avg_grade",
)

HEADLINE_SQL = """
    with latest_year as (
        select max(period_start) as period_start
        from kpi.kpi_values
        where period_grain = 'year'
    )
    select
        kpi_values.kpi_code,
        dim_kpi.name_nl,
        kpi_values.value,
        kpi_values.unit,
        kpi_values.norm_operator,
        kpi_values.norm_value,
        kpi_values.meets_norm
    from kpi.kpi_values
    inner join latest_year
        on kpi_values.period_start = latest_year.period_start
    left join core.dim_kpi
        on kpi_values.kpi_code = dim_kpi.kpi_code
    where kpi_values.period_grain = 'year'
        and kpi_values.channel_key = 'alle'
        and kpi_values.kpi_code = ?
"""

# The norm profiles in use, first wins (core.dim_norm_profile, from dbt var
# kpi_norm_profiles; precedence 0 is the municipality's own norms seed).
NORM_PROFILES_SQL = """
    select name_nl
    from core.dim_norm_profile
    where precedence is not null
    order by precedence, norm_profile
"""


def norm_profile_label(names: list[str]) -> str:
    """'Normprofiel: Waterland 2023, aangevuld met klantcontact-basisset': the first
    profile, then the ones that fill its gaps, in order."""
    if not names:
        return "Normprofiel: geen"
    first, *rest = names
    if not rest:
        return f"Normprofiel: {first}"
    filled = rest[0] if len(rest) == 1 else ", ".join(rest[:-1]) + " en " + rest[-1]
    return f"Normprofiel: {first}, aangevuld met {filled}"
