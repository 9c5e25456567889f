"""The dashboard page: sections of chart cards, plotly.js inlined once, print CSS."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

import duckdb
import plotly.graph_objects as go
import plotly.io
import plotly.offline

from klantcontact.report import charts, data, formatting

# Every chart the page has, in page order: tests check each one is drawn.
CHART_IDS: tuple[str, ...] = (
    "kpi_tiles",
    "trend_tel_service_level",
    "trend_resolved_first_contact",
    "trend_repeat_contact",
    "channel_mix",
    "tel_heatmap",
    "mor_on_time",
    "queue_tel_service_level",
    "queue_tel_queue_abandoned",
    "queue_tel_asa",
    "email_tiles",
    "email_mailboxes",
    "balie_tiles",
    "balie_branches",
    "case_backlog",
    "case_backlog_terms",
    "case_backlog_trend",
    "kto_grades",
    "kpi_tree",
)
NO_DATA = "Geen gegevens"
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


@dataclass(frozen=True)
class Card:
    chart_id: str
    title: str
    note: str
    body: str  # the div.chart's inner HTML
    kind: str  # plotly, tiles, tree or empty
    wide: bool = False
    after: str = ""  # HTML under the chart (a norms table)


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    cards: list[Card]


def _plotly_card(
    chart_id: str, title: str, note: str, figure: go.Figure | None, *, empty: str,
    wide: bool = False, after: str = "",
) -> Card:
    if figure is None:
        return _empty_card(chart_id, title, note, empty, wide=wide)
    body = plotly.io.to_html(
        figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=f"plot-{chart_id}",
        config=_PLOTLY_CONFIG,
        default_width="100%",
        default_height=f"{figure.layout.height}px",
    )
    return Card(chart_id, title, note, body, "plotly", wide, after)


def _empty_card(chart_id: str, title: str, note: str, reason: str, *, wide: bool = False) -> Card:
    body = f'<p class="geen-gegevens">{NO_DATA}: {escape(reason)}</p>'
    return Card(chart_id, title, note, body, "empty", wide)


def _verdict(meets: bool | None) -> tuple[str, str]:
    """(css class, Dutch text) of a norm verdict."""
    if meets is None:
        return "no-norm", "geen norm"
    return ("met", "norm gehaald ✓") if meets else ("not-met", "norm niet gehaald ✗")


def _tile(kpi: data.KpiValue) -> str:
    """One KPI as a tile: value, norm and verdict, numerator of denominator for a share,
    last year's value and the difference ("geen vorig jaar" without one), and a grey tile
    with its n when the denominator is below data.SMALL_N."""
    css, verdict = _verdict(kpi.meets_norm)
    small = kpi.value is not None and data.is_small_n(kpi.denominator)
    norm = formatting.norm(kpi.norm_operator, kpi.norm_value, kpi.unit)
    lines = [
        f'<div class="tile-name">{escape(kpi.name_nl)}</div>',
        f'<div class="tile-value">{formatting.kpi_value(kpi.value, kpi.unit)}</div>',
        f'<div class="tile-norm">{"norm " + norm + " · " if norm else ""}'
        f"<strong>{verdict}</strong></div>",
    ]
    details = []
    if kpi.unit == "fraction" and kpi.denominator:
        details.append(
            f"{formatting.number(kpi.numerator or 0)} van {formatting.number(kpi.denominator)}"
        )
    if small and kpi.denominator is not None:
        details.append(
            f'<span class="small-n-label">{formatting.small_n(kpi.denominator)}</span>'
        )
    if details:
        lines.append(f'<div class="tile-detail">{" · ".join(details)}</div>')
    previous = formatting.previous_year(
        kpi.value, kpi.value_previous_year, kpi.unit, kpi.norm_operator
    )
    lines.append(f'<div class="tile-previous">{escape(previous)}</div>')
    classes = f"tile {css}" + (" small-n" if small else "")
    return f'<div class="{classes}" data-kpi="{escape(kpi.kpi_code)}">{"".join(lines)}</div>'


def _tiles_card(
    chart_id: str, title: str, note: str, kpis: Sequence[data.KpiValue], empty: str
) -> Card:
    if not kpis:
        return _empty_card(chart_id, title, note, empty, wide=True)
    tiles = "".join(_tile(kpi) for kpi in kpis)
    return Card(chart_id, title, note, f'<div class="tiles">{tiles}</div>', "tiles", wide=True)


def _backlog_case_types_table(backlog: data.BacklogByTerm | None) -> str:
    if backlog is None or not backlog.case_types:
        return ""
    body = "".join(
        f"<tr><td>{escape(row.label)}</td><td>{formatting.number(row.open_zaken)}</td>"
        f"<td>{formatting.number(row.past_planned)}</td>"
        f'<td class="legal">{formatting.number(row.past_legal)}</td></tr>'
        for row in backlog.case_types
    )
    return (
        '<table class="norms backlog-types"><thead><tr><th>Zaaktype (afdeling)</th>'
        "<th>Open</th><th>Over geplande einddatum</th><th>Over wettelijke termijn</th></tr>"
        f"</thead><tbody>{body}</tbody></table>"
    )


def _kto_norms_table(kpis: Sequence[data.KpiValue]) -> str:
    if not kpis:
        return ""
    rows = []
    for kpi in kpis:
        css, verdict = _verdict(kpi.meets_norm)
        rows.append(
            f'<tr class="{css}"><td>{escape(kpi.name_nl)}</td>'
            f"<td>{formatting.kpi_value(kpi.value, kpi.unit)}</td>"
            f"<td>{formatting.norm(kpi.norm_operator, kpi.norm_value, kpi.unit) or '—'}</td>"
            f"<td>{verdict}</td></tr>"
        )
    return (
        '<table class="norms"><thead><tr><th>Verdeling</th><th>Aandeel</th><th>Norm</th>'
        f'<th>Oordeel</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _grade_bands_note(thresholds: data.GradeThresholds | None) -> str:
    if thresholds is None:
        return ""
    below, sufficient, above = (
        formatting.number(value) for value in
        (thresholds.below, thresholds.sufficient_min, thresholds.above)
    )
    return (
        f"Kleuren: rood onder {below} (zeer ontevreden), oranje onder {sufficient} "
        f"(onvoldoende), lichtgroen voldoende, groen boven {above} (ruim voldoende)."
    )


def _tree_node_state(node: data.TreeNode) -> tuple[str, str, str]:
    """(css class, value text, verdict text) of a tree node."""
    kpi = node.kpi
    if not node.is_computable:
        return "not-computable", "niet berekenbaar", "geen oordeel"
    if kpi.value is None:
        return "no-value", "geen waarde", "geen oordeel"
    css, verdict = _verdict(kpi.meets_norm)
    if data.is_small_n(kpi.denominator):
        css += " small-n"
    return css, formatting.kpi_value(kpi.value, kpi.unit), verdict


def _tree_node_html(
    node: data.TreeNode, children: dict[str | None, list[data.TreeNode]]
) -> str:
    kpi = node.kpi
    css, value, verdict = _tree_node_state(node)
    norm = formatting.norm(kpi.norm_operator, kpi.norm_value, kpi.unit)
    parts = [
        f'<span class="kind">{escape(node.kind)}</span>',
        f'<span class="name">{escape(kpi.name_nl)}</span>',
        f'<span class="channel">{escape(node.channel_name.lower())}</span>'
        if node.channel != "alle" else "",
        f'<span class="value">{escape(value)}</span>',
        f'<span class="norm">norm {escape(norm)}</span>' if norm else "",
        f'<span class="verdict">{escape(verdict)}</span>',
    ]
    if node.is_computable and kpi.value is not None:
        if data.is_small_n(kpi.denominator) and kpi.denominator is not None:
            parts.append(f'<span class="n">{formatting.small_n(kpi.denominator)}</span>')
        parts.append(
            '<span class="previous">'
            + escape(formatting.previous_year(
                kpi.value, kpi.value_previous_year, kpi.unit, kpi.norm_operator
            ))
            + "</span>"
        )
    title = f"{kpi.kpi_code}" + (
        f" — nodig: {node.data_needed}" if not node.is_computable and node.data_needed else ""
    )
    below = children.get(node.tree_key, [])
    if below:
        parts.append(f'<span class="count">{len(below)} onder</span>')
    line = f'<span class="node-line {css}" title="{escape(title)}">{"".join(parts)}</span>'
    attributes = (
        f'class="node {css}" data-kpi="{escape(kpi.kpi_code)}" data-kind="{escape(node.kind)}"'
    )
    if not below:
        return f"<li><div {attributes}>{line}</div></li>"
    # Results stay open, so a chain opens on its result and chain KPIs; those open on click.
    opened = " open" if node.kind == "resultaat" else ""
    inner = "".join(_tree_node_html(child, children) for child in below)
    return (
        f"<li><details {attributes}{opened}><summary>{line}</summary>"
        f'<ul class="tree">{inner}</ul></details></li>'
    )


def _kpi_tree_html(nodes: Sequence[data.TreeNode]) -> str:
    chains: dict[str, list[data.TreeNode]] = {}
    for node in nodes:
        chains.setdefault(node.klantketen, []).append(node)
    blocks = []
    for chain, chain_nodes in chains.items():
        children: dict[str | None, list[data.TreeNode]] = {}
        for node in chain_nodes:
            children.setdefault(node.parent_tree_key, []).append(node)
        judged = [n for n in chain_nodes if n.is_computable and n.kpi.meets_norm is not None]
        met = sum(1 for n in judged if n.kpi.meets_norm)
        not_computable = sum(1 for n in chain_nodes if not n.is_computable)
        score = f"{met} van {len(judged)} normen gehaald" if judged else "geen normoordeel"
        if not_computable:
            score += f" · {not_computable} niet berekenbaar"
        roots = "".join(_tree_node_html(root, children) for root in children.get(None, []))
        blocks.append(
            f'<details class="chain" data-klantketen="{escape(chain)}"><summary>'
            f'<span class="chain-name">{escape(chain_nodes[0].klantketen_name)}</span> '
            f'<span class="chain-score">{escape(score)}</span></summary>'
            f'<ul class="tree">{roots}</ul></details>'
        )
    tools = (
        '<div class="tree-tools"><button type="button" data-tree="open">Alles openklappen'
        '</button> <button type="button" data-tree="close">Alles dichtklappen</button>'
        '<span class="tree-legend">niveaus: resultaat → keten → functioneel · '
        '<span class="node-line met">gehaald</span> <span class="node-line not-met">niet '
        'gehaald</span> <span class="node-line no-norm">geen norm</span> '
        f'<span class="node-line small-n">n &lt; {data.SMALL_N}</span> '
        '<span class="node-line not-computable">niet berekenbaar</span></span></div>'
    )
    return f'<div class="kpi-trees">{tools}{"".join(blocks)}</div>'


def _kpi_tree_card(nodes: Sequence[data.TreeNode], year_label: str) -> Card:
    title = "KPI-bomen per klantketen"
    note = (
        f"{year_label}; per klantketen resultaat → keten → functioneel, klik om open te "
        "klappen; waarde voor het kanaal van de knoop (core.dim_kpi_tree, kpi.kpi_values, "
        "core.dim_kpi)"
    )
    if not nodes:
        return _empty_card("kpi_tree", title, note, "er zijn geen KPI-bomen of jaarwaarden.",
                           wide=True)
    return Card("kpi_tree", title, note, _kpi_tree_html(nodes), "tree", wide=True)


def _queue_card(
    connection: duckdb.DuckDBPyConnection, kpi_code: str, period: data.ReportPeriod | None,
    year_label: str,
) -> Card:
    trend = data.monthly_by_queue(connection, kpi_code, period)
    name = trend.name_nl if trend else kpi_code
    of = charts.queue_title_suffix(trend) if trend else ""
    return _plotly_card(
        f"queue_{kpi_code}",
        f"{name} per wachtrij per maand{of}",
        f"{year_label}; een lijn per wachtrij, punt groen of rood tegen de norm (gestreept), "
        f"open grijs met n: n < {data.SMALL_N}; waaruit de waarde bestaat in de tooltip; geen "
        f"vorig jaar per wachtrij (kpi.mart_telephony_queue_period, maand; {kpi_code})",
        charts.queue_trend(trend),
        empty=f"{kpi_code} heeft geen maandwaarden per wachtrij (bron uitgeschakeld?).",
    )


def sections(connection: duckdb.DuckDBPyConnection, period: data.ReportPeriod | None) -> list[
    Section
]:
    year_label = "—"
    if period is not None:
        year_label = str(period.year_start.year) + (
            "" if period.is_full_year else " (onvolledig jaar)"
        )
    headline = data.headline_kpis(connection, period)

    trend_cards = []
    for code in data.TREND_KPI_CODES:
        trend = data.monthly_by_channel(connection, code, period)
        name = trend.name_nl if trend else code
        trend_cards.append(
            _plotly_card(
                f"trend_{code}",
                f"{name} per maand",
                f"per kanaal waar de KPI per kanaal bestaat; norm gestreept, vorig jaar "
                f"gestippeld; open grijze punt: n < {data.SMALL_N} "
                f"(kpi.kpi_values, maand; {code})",
                charts.monthly_trend(trend),
                empty=f"{code} heeft geen maandwaarden (bron uitgeschakeld?).",
            )
        )
    trend_cards.append(
        _plotly_card(
            "channel_mix",
            "Kanaalmix per maand",
            "aandeel van elk kanaal in de contacten; vorig jaar in de tooltip "
            "(kpi.kpi_values, channel_share)",
            charts.channel_mix(data.monthly_by_channel(connection, "channel_share", period)),
            empty="channel_share heeft geen maandwaarden.",
        )
    )

    mor_norm = next(iter(data.year_kpis(connection, period, ["mor_on_time"])), None)
    mor_categories = [
        replace(group, label=formatting.category_label(group.label))
        for group in data.mor_on_time_by_category(connection, period)
    ]
    email_kpis = data.year_kpis(connection, period, data.EMAIL_KPI_CODES)
    email_norm = next((k for k in email_kpis if k.kpi_code == "eml_answer_timely"), None)
    balie_kpis = data.year_kpis(connection, period, data.BALIE_KPI_CODES)
    balie_norm = next((k for k in balie_kpis if k.kpi_code == "bal_wait_within_norm"), None)
    by_term = data.case_backlog_by_term(connection)
    by_term_as_of = formatting.day_label(by_term.as_of_date) if by_term else "—"
    backlog = data.case_backlog(connection)
    as_of = formatting.day_label(backlog[0].as_of_date) if backlog else "—"
    backlog_months = data.case_backlog_trend(connection)
    backlog_partial = (
        period.partial_months([month.month_start for month in backlog_months])
        if period else frozenset()
    )
    queue_cards = [_queue_card(connection, code, period, year_label)
                   for code in data.QUEUE_KPI_CODES]
    thresholds = data.grade_thresholds(connection, period)
    kto_norms = data.year_kpis(connection, period, data.KTO_DISTRIBUTION_KPI_CODES)

    return [
        Section(
            "Kerncijfers",
            f"De belangrijkste KPI's over {year_label}, met hun norm en vorig jaar. Groen: "
            "norm gehaald, rood: niet gehaald, grijs: geen norm; lichtgrijs met n: te weinig "
            f"waarnemingen (minder dan {data.SMALL_N}) om op te sturen. Zonder volledig "
            "kalenderjaar in de gegevens gaat het om het laatste (onvolledige) jaar.",
            [
                _tiles_card(
                    "kpi_tiles", "Kerncijfers tegen hun norm",
                    f"{year_label}, alle kanalen; vorig jaar en verschil; grijs met n: minder "
                    f"dan {data.SMALL_N} waarnemingen (kpi.kpi_values, reference.kpis)",
                    headline, "er zijn geen jaarwaarden van de KPI's.",
                )
            ],
        ),
        Section(
            "Trends en kanaalmix",
            "Maandwaarden per kanaal; de dikke donkere lijn is alle kanalen samen. Een maand "
            f"met een {formatting.PARTIAL_MARK} valt niet helemaal in de gegevens; een "
            f"randmaand met minder dan {data.MIN_DAYS_IN_MONTH} dagen gegevens is weggelaten.",
            trend_cards,
        ),
        Section(
            "Telefonie en meldingen",
            "Wanneer wordt er gebeld, en welke meldingen openbare ruimte worden op tijd "
            "afgehandeld?",
            [
                _plotly_card(
                    "tel_heatmap",
                    "Aangeboden calls per weekdag en half uur",
                    f"gemiddeld per dag, {year_label}, alle wachtrijen; servicelevel in de "
                    "tooltip (kpi.mart_telephony_half_hour)",
                    charts.telephony_heat_map(data.telephony_heat(connection, period)),
                    empty="er zijn geen telefoniegegevens (bron uitgeschakeld?).",
                    wide=True,
                ),
                _plotly_card(
                    "mor_on_time",
                    "Meldingen op tijd afgehandeld per categorie",
                    f"afgesloten in {year_label}, n = aantal afgesloten meldingen, grijs: n < "
                    f"{data.SMALL_N}; norm mor_on_time (kpi.mart_mor_category_buurt)",
                    charts.rate_dots(mor_categories, mor_norm),
                    empty="er zijn geen afgesloten meldingen (bron uitgeschakeld?).",
                    wide=True,
                ),
            ],
        ),
        Section(
            "Telefonie per wachtrij",
            f"Servicelevel, verlaten wachtrij en gemiddelde wachttijd per wachtrij per maand "
            f"van {year_label}, tegen de norm van alle wachtrijen samen. Groen: norm gehaald, "
            f"rood: niet gehaald; open grijs met n: minder dan {data.SMALL_N} calls om het "
            "op te beoordelen. Verlaten wachtrij is het aandeel van de aangeboden calls "
            "(verlaten / aangeboden), zoals de KPI; 'geen wachtrij (onbekend)' zijn "
            "aangeboden calls die geen wachtrij bereikten. Per wachtrij is er geen vorig "
            "jaar: de gegevens per wachtrij hebben alleen dit jaar.",
            queue_cards,
        ),
        Section(
            "E-mail",
            f"De e-mail-KPI's over {year_label} tegen hun norm, en per functionele mailbox "
            "hoeveel e-mails op tijd zijn beantwoord.",
            [
                _tiles_card(
                    "email_tiles", "E-mail tegen de normen",
                    f"{year_label}, alle mailboxen (kpi.kpi_values, familie email)",
                    email_kpis, "er zijn geen e-mailwaarden (bron uitgeschakeld?).",
                ),
                _plotly_card(
                    "email_mailboxes",
                    "Tijdig beantwoord per mailbox",
                    f"ontvangen in {year_label}; beantwoord binnen de termijn van de "
                    "e-mails waarvan het antwoord verviel of gegeven is, n = dat aantal, "
                    f"grijs: n < {data.SMALL_N}; norm eml_answer_timely "
                    "(kpi.mart_email_mailbox)",
                    charts.rate_dots(
                        data.email_answer_timely_by_mailbox(connection, period), email_norm,
                        label="tijdig beantwoord",
                    ),
                    empty="er zijn geen e-mails met een antwoordtermijn (bron uitgeschakeld?).",
                    wide=True,
                ),
            ],
        ),
        Section(
            "Balie",
            f"De balie-KPI's over {year_label} tegen hun norm, en per vestiging en product "
            "hoeveel bezoekers binnen de wachttijdnorm zijn geholpen.",
            [
                _tiles_card(
                    "balie_tiles", "Balie tegen de normen",
                    f"{year_label}, alle vestigingen (kpi.kpi_values, familie balie)",
                    balie_kpis, "er zijn geen baliewaarden (bron uitgeschakeld?).",
                ),
                _plotly_card(
                    "balie_branches",
                    "Wachttijd binnen de norm per vestiging en product",
                    f"bezocht in {year_label}; n = verschenen bezoekers, grijs: n < "
                    f"{data.SMALL_N}; norm bal_wait_within_norm "
                    "(kpi.mart_balie_branch_service)",
                    charts.rate_dots(
                        data.balie_wait_within_norm_by_branch(connection, period), balie_norm,
                        label="binnen de wachttijdnorm",
                    ),
                    empty="er zijn geen baliebezoeken (bron uitgeschakeld?).",
                    wide=True,
                ),
            ],
        ),
        Section(
            "Zaken: werkvoorraad",
            "Openstaande zaken en meldingen tegen twee einddatums, uitdrukkelijk apart: de "
            "geplande einddatum (de servicenorm, de belofte aan de klant) en de wettelijke "
            "termijn (uiterlijke einddatum afdoening). Een zaak kan over de ene zijn en niet "
            "over de andere.",
            [
                _plotly_card(
                    "case_backlog",
                    f"Werkvoorraad per afdeling op {as_of}",
                    "over de geplande einddatum, dreigt die te passeren (binnen de komende "
                    "werkdagen), op schema (kpi.mart_case_manager_view)",
                    charts.case_backlog(backlog),
                    empty="er staan geen zaken of meldingen open.",
                ),
                _plotly_card(
                    "case_backlog_terms",
                    f"Open zaken over geplande einddatum en over wettelijke termijn op "
                    f"{by_term_as_of}",
                    "per afdeling, alle zaaktypen; daaronder de zaaktypen met zaken over een "
                    "van beide (kpi.mart_cases_open_period_end, dag)",
                    charts.case_backlog_by_term(by_term),
                    empty="er staan geen zaken open.",
                    after=_backlog_case_types_table(by_term),
                ),
                _plotly_card(
                    "case_backlog_trend",
                    "Open zaken aan het einde van de maand",
                    "alle zaaktypen; oranje: over geplande einddatum, rood: over wettelijke "
                    f"termijn; een maand met {formatting.PARTIAL_MARK}: stand op de peildatum "
                    "(kpi.mart_cases_open_period_end, maand)",
                    charts.case_backlog_trend(backlog_months, backlog_partial),
                    empty="er zijn geen zaken (bron uitgeschakeld?).",
                ),
            ],
        ),
        Section(
            "Klanttevredenheid (KTO)",
            "Verdeling van het rapportcijfer tegen de verdelingsnormen (Waterland).",
            [
                _plotly_card(
                    "kto_grades",
                    f"Rapportcijfers {year_label}",
                    "KTO-antwoorden met een rapportcijfer (core.fact_survey_response); "
                    + _grade_bands_note(thresholds),
                    charts.grade_histogram(
                        data.grade_distribution(connection, period), thresholds
                    ),
                    empty="er zijn geen KTO-antwoorden met een rapportcijfer.",
                    wide=True,
                    after=_kto_norms_table(kto_norms),
                )
            ],
        ),
        Section(
            "KPI-bomen",
            "Per klantketen hoe de resultaat-KPI's (strategisch) steunen op keten-KPI's "
            "(tactisch) en die op functionele KPI's (operationeel). Klik op een klantketen of "
            "KPI om een niveau dieper te kijken.",
            [_kpi_tree_card(data.kpi_tree(connection, period), year_label)],
        ),
    ]


_CSS = """
:root { --met: #1b7f3b; --not-met: #c0392b; --neutral: #7f8c99; --ink: #1f2933;
  --muted: #52606d; --line: #d9dee3; --bg: #f4f6f8; --small-n: #b8c0c8; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--ink); background: var(--bg); font-size: 15px; line-height: 1.4; }
header.page { background: #154273; color: white; padding: 16px 24px; }
header.page h1 { margin: 0 0 4px; font-size: 24px; }
header.page .meta { margin: 0; font-size: 14px; opacity: .92; }
main { padding: 12px 24px 32px; max-width: 1600px; margin: 0 auto; }
section { margin-top: 18px; }
section > h2 { font-size: 20px; margin: 8px 0 2px; }
section > p.intro { margin: 0 0 10px; color: var(--muted); }
.grid { display: grid; gap: 16px;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 540px), 1fr)); }
.card { background: white; border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 14px; margin: 0; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.card h3 { margin: 0; font-size: 16px; }
.card p.note { margin: 2px 0 8px; color: var(--muted); font-size: 13px; }
.chart { width: 100%; min-height: 60px; }
.geen-gegevens { margin: 0; padding: 24px; text-align: center; color: var(--muted);
  background: #f8f9fa; border: 1px dashed var(--line); border-radius: 6px; }
.tiles { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); }
.tile { border: 1px solid var(--line); border-left: 8px solid var(--neutral);
  border-radius: 6px; padding: 10px 12px; background: #fbfcfd; }
.tile.met { border-left-color: var(--met); background: #f1f8f3; }
.tile.not-met { border-left-color: var(--not-met); background: #fcf2f1; }
.tile-name { font-size: 14px; color: var(--muted); }
.tile-value { font-size: 28px; font-weight: 700; margin: 2px 0; }
.tile-norm { font-size: 13px; }
.tile.met .tile-norm strong { color: var(--met); }
.tile.not-met .tile-norm strong { color: var(--not-met); }
.tile-detail { font-size: 12px; color: var(--muted); margin-top: 2px; }
table.norms { border-collapse: collapse; margin-top: 8px; font-size: 14px; width: 100%; }
table.norms th, table.norms td { text-align: left; padding: 4px 8px;
  border-bottom: 1px solid var(--line); }
table.norms tr.met td:last-child { color: var(--met); font-weight: 600; }
table.norms tr.not-met td:last-child { color: var(--not-met); font-weight: 600; }
table.norms td.legal { color: var(--not-met); font-weight: 600; }
.tile-previous { font-size: 12px; color: var(--muted); margin-top: 2px; }
.tile.small-n { border-left-color: var(--small-n); background: #f6f7f8; }
.tile.small-n .tile-value, .tile.small-n .tile-norm strong { color: #9aa5b1; }
.small-n-label { font-weight: 600; color: var(--muted); }
.kpi-trees { font-size: 14px; }
.tree-tools { margin-bottom: 8px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.tree-tools button { font: inherit; padding: 3px 10px; border: 1px solid var(--line);
  border-radius: 4px; background: #f8f9fa; cursor: pointer; }
.tree-legend { color: var(--muted); font-size: 13px; }
.tree-legend .node-line { padding: 0 6px; }
details.chain { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0;
  background: #fbfcfd; }
details.chain > summary { padding: 6px 10px; cursor: pointer; font-weight: 600; }
.chain-score { font-weight: 400; color: var(--muted); margin-left: 8px; }
ul.tree { list-style: none; margin: 0; padding: 0 0 4px 22px; }
ul.tree > li { margin: 3px 0; }
details.chain > ul.tree { padding-left: 12px; }
.node-line { display: inline-block; border-left: 6px solid var(--neutral);
  border-radius: 4px; padding: 2px 8px; background: white; }
details.node > summary { cursor: pointer; }
.node-line.met { border-left-color: var(--met); background: #f1f8f3; }
.node-line.not-met { border-left-color: var(--not-met); background: #fcf2f1; }
.node-line.small-n { border-left-color: var(--small-n); background: #f6f7f8; color: #7b8794; }
.node-line.not-computable, .node-line.no-value { border-left-color: #c5ccd3;
  border-left-style: dashed; background: #fafafa; color: #7b8794; font-style: italic; }
.node-line > span { margin-right: 8px; }
.node-line .kind { font-size: 11px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }
.node-line .name { font-weight: 600; }
.node-line .channel { color: var(--muted); }
.node-line .value { font-weight: 700; }
.node-line.met .verdict { color: var(--met); font-weight: 600; }
.node-line.not-met .verdict { color: var(--not-met); font-weight: 600; }
.node-line.small-n .verdict { color: #7b8794; }
.node-line .norm, .node-line .previous, .node-line .n, .node-line .count {
  color: var(--muted); font-size: 13px; }
footer.page { color: var(--muted); font-size: 13px; padding: 0 24px 24px; max-width: 1600px;
  margin: 0 auto; }
@media (max-width: 700px) { main { padding: 8px; } .card { padding: 8px; } }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { background: white; font-size: 12px; }
  header.page { background: white; color: var(--ink); border-bottom: 2px solid #154273;
    padding: 0 0 6px; }
  main { padding: 0; max-width: none; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  .card { break-inside: avoid; border-color: #bbb; }
  .grid { display: block; }
  .grid > .card { margin-bottom: 10px; }
  .tile, .tile.met, .tile.not-met, .node-line { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
  .tree-tools button { display: none; }
}
"""

# Plotly sizes a chart to its container on load; a printed page is narrower than the screen.
# The KPI trees' open-all and close-all buttons; a printout opens every node.
_PAGE_SCRIPT = """
(function () {
  function resizeAll() {
    document.querySelectorAll('.js-plotly-plot').forEach(function (plot) {
      Plotly.Plots.resize(plot);
    });
  }
  // Each chart is drawn as the page parses; fit them all once the grid is complete.
  window.addEventListener('load', resizeAll);
  // The KPI trees: open or close every node; a printout shows them all open.
  function setTrees(open) {
    document.querySelectorAll('.kpi-trees details').forEach(function (node) {
      node.open = open;
    });
  }
  document.querySelectorAll('.tree-tools button').forEach(function (button) {
    button.addEventListener('click', function () { setTrees(button.dataset.tree === 'open'); });
  });
  window.addEventListener('beforeprint', function () { setTrees(true); });
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  if (window.matchMedia) {
    window.matchMedia('print').addEventListener('change', resizeAll);
  }
})();
"""


def _card_html(card: Card) -> str:
    classes = "card wide" if card.wide else "card"
    return (
        f'<figure class="{classes}"><h3>{escape(card.title)}</h3>'
        f'<p class="note">{escape(card.note)}</p>'
        f'<div class="chart" data-chart="{card.chart_id}" data-kind="{card.kind}">'
        f"{card.body}</div>{card.after}</figure>"
    )


def render(connection: duckdb.DuckDBPyConnection, database_name: str,
           built_at: datetime | None = None) -> str:
    """The whole page as one HTML string."""
    gemeente = data.municipality(connection)
    period = data.report_period(connection)
    built_at = built_at or datetime.now(ZoneInfo(gemeente.time_zone))
    page_sections = sections(connection, period)
    if period is None:
        data_period = "geen gegevens"
    else:
        data_period = (
            f"{formatting.day_label(period.data_start)} t/m "
            f"{formatting.day_label(period.data_end)}"
        )
    title = f"Klantcontact-dashboard {gemeente.name}"
    body = []
    for section in page_sections:
        body.append(
            f"<section><h2>{escape(section.title)}</h2>"
            f'<p class="intro">{escape(section.intro)}</p>'
            f'<div class="grid">{"".join(_card_html(card) for card in section.cards)}</div>'
            "</section>"
        )
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_CSS}</style>
<script>{plotly.offline.get_plotlyjs()}</script>
</head>
<body>
<header class="page">
<h1>{escape(title)}</h1>
<p class="meta">Gemeente {escape(gemeente.name)} (gemeentecode {escape(gemeente.code)}) ·
gegevens {escape(data_period)} · gemaakt {escape(formatting.timestamp_label(built_at))}</p>
<p class="meta norm-profile">{escape(data.norm_profile(connection))}</p>
</header>
<main>
{"".join(body)}
</main>
<footer class="page">Bron: {escape(database_name)} (marts kpi en core). Alle waarden, normen en
oordelen komen uit de datamart; zie docs/dashboard.md.</footer>
<script>{_PAGE_SCRIPT}</script>
</body>
</html>
"""
