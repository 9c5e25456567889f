"""Headline figures computed straight from staging until the KPI marts exist.

Each follows its kpis.md definition in simplified form over the whole period; the
exact, per-period values are the KPI marts' job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Headline:
    label: str
    kind: Literal["count", "share", "mean"]
    norm: str
    sql: str


HEADLINES: tuple[Headline, ...] = (
    Headline(
        "Calls offered (tel_offered)",
        "count",
        "—",
        """
        select count(*) from (
            select call_id, arg_min(outcome, started_at) as first_outcome
            from staging.stg_telephony__dialogue_legs
            where direction = 'Inbound'
            group by call_id
        ) where first_outcome <> 'ClosedHours'
        """,
    ),
    Headline(
        "Phone service level, first KCC leg ≤ 30 s (tel_service_level)",
        "share",
        "≥ 80 %",
        """
        with first_line_legs as (
            select
                call_id,
                arg_min(accepted_at, started_at) as accepted_at,
                arg_min(queue_entered_at, started_at) as queue_entered_at
            from staging.stg_telephony__dialogue_legs
            where direction = 'Inbound' and queue_id like 'KCC%'
            group by call_id
        )
        select avg(case when accepted_at is not null
            and epoch(accepted_at) - epoch(queue_entered_at) <= 30 then 1.0 else 0.0 end)
        from first_line_legs
        """,
    ),
    Headline(
        "Counter visits (bal_visits)",
        "count",
        "—",
        """
        select count(*) from staging.stg_balie__visits
        where status in ('Geholpen', 'Doorverwezen', 'Vertrokken zonder hulp')
        """,
    ),
    Headline(
        "E-mail conversations received (eml_received)",
        "count",
        "—",
        """
        select count(distinct conversation_id) from staging.stg_email__messages
        where direction = 'Inkomend' and not is_auto_reply
        """,
    ),
    Headline(
        "KCC registrations (kcc_contacts)",
        "count",
        "—",
        "select count(*) from staging.stg_kcs__contact_moments",
    ),
    Headline(
        "Direct resolved (kcc_direct_resolved)",
        "share",
        "≥ 80 %",
        """
        select avg(case when contact_result = 'Zelfstandig afgehandeld' then 1.0 else 0.0 end)
        from staging.stg_kcs__contact_moments
        """,
    ),
    Headline(
        "Meldingen received (mor_received)",
        "count",
        "—",
        "select count(*) from staging.stg_mor__signals where parent_signal_id is null",
    ),
    Headline(
        "Mean KTO grade (kto_avg_grade)",
        "mean",
        "≥ 7.0",
        "select avg(grade) from staging.stg_kto__responses",
    ),
)
