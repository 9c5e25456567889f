"""The dashboard page: sections of chart cards, plotly.js inlined once, print CSS."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
    "case_backlog",
    "case_backlog_trend",
    "kto_grades",
)
NO_DATA = "Geen gegevens"
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


@dataclass(frozen=True)
class Card:
    chart_id: str
    title: str
    note: str
    body: str  # the div.chart's inner HTML
    kind: str  # plotly, tiles or empty
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


def _tiles_card(kpis: Sequence[data.KpiValue], year_label: str) -> Card:
    title = "Kerncijfers tegen hun norm"
    note = f"{year_label}, alle kanalen (kpi.kpi_values, reference.kpis)"
    if not kpis:
        return _empty_card("kpi_tiles", title, note, "er zijn geen jaarwaarden van de KPI's.",
                           wide=True)
    tiles = []
    for kpi in kpis:
        css, verdict = _verdict(kpi.meets_norm)
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
        if kpi.value_previous_year is not None:
            details.append(
                f"vorig jaar {formatting.kpi_value(kpi.value_previous_year, kpi.unit)}"
            )
        if details:
            lines.append(f'<div class="tile-detail">{" · ".join(details)}</div>')
        tiles.append(
            f'<div class="tile {css}" data-kpi="{escape(kpi.kpi_code)}">{"".join(lines)}</div>'
        )
    return Card("kpi_tiles", title, note, f'<div class="tiles">{"".join(tiles)}</div>', "tiles",
                wide=True)


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
                f"per kanaal waar de KPI per kanaal bestaat; norm gestippeld "
                f"(kpi.kpi_values, maand; {code})",
                charts.monthly_trend(trend),
                empty=f"{code} heeft geen maandwaarden (bron uitgeschakeld?).",
            )
        )
    trend_cards.append(
        _plotly_card(
            "channel_mix",
            "Kanaalmix per maand",
            "aandeel van elk kanaal in de contacten (kpi.kpi_values, channel_share)",
            charts.channel_mix(data.monthly_by_channel(connection, "channel_share", period)),
            empty="channel_share heeft geen maandwaarden.",
        )
    )

    mor_norm = next(iter(data.year_kpis(connection, period, ["mor_on_time"])), None)
    backlog = data.case_backlog(connection)
    as_of = formatting.day_label(backlog[0].as_of_date) if backlog else "—"
    backlog_months = data.case_backlog_trend(connection)
    backlog_partial = (
        period.partial_months([month.month_start for month in backlog_months])
        if period else frozenset()
    )
    thresholds = data.grade_thresholds(connection, period)
    kto_norms = data.year_kpis(connection, period, data.KTO_DISTRIBUTION_KPI_CODES)

    return [
        Section(
            "Kerncijfers",
            f"De belangrijkste KPI's over {year_label}, met hun norm. Groen: norm gehaald, "
            "rood: niet gehaald, grijs: geen norm. Zonder volledig kalenderjaar in de gegevens "
            "gaat het om het laatste (onvolledige) jaar.",
            [_tiles_card(headline, year_label)],
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
                    f"afgesloten in {year_label}, n = aantal afgesloten meldingen; norm "
                    "mor_on_time (kpi.mart_mor_category_buurt)",
                    charts.mor_on_time(
                        data.mor_on_time_by_category(connection, period), mor_norm
                    ),
                    empty="er zijn geen afgesloten meldingen (bron uitgeschakeld?).",
                    wide=True,
                ),
            ],
        ),
        Section(
            "Zaken: werkvoorraad",
            "Openstaande zaken en meldingen, en welke hun termijn overschrijden of dreigen "
            "te overschrijden.",
            [
                _plotly_card(
                    "case_backlog",
                    f"Werkvoorraad per afdeling op {as_of}",
                    "over termijn, dreigt te verlopen (binnen de komende werkdagen), op schema "
                    "(kpi.mart_case_manager_view)",
                    charts.case_backlog(backlog),
                    empty="er staan geen zaken of meldingen open.",
                ),
                _plotly_card(
                    "case_backlog_trend",
                    "Open zaken aan het einde van de maand",
                    "alle zaaktypen; rood: over de geplande einddatum; een maand met "
                    f"{formatting.PARTIAL_MARK}: stand op de peildatum "
                    "(kpi.mart_cases_type_department)",
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
    ]


_CSS = """
:root { --met: #1b7f3b; --not-met: #c0392b; --neutral: #7f8c99; --ink: #1f2933;
  --muted: #52606d; --line: #d9dee3; --bg: #f4f6f8; }
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
  .tile, .tile.met, .tile.not-met { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# Plotly sizes a chart to its container on load; a printed page is narrower than the screen.
_RESIZE_FOR_PRINT = """
(function () {
  function resizeAll() {
    document.querySelectorAll('.js-plotly-plot').forEach(function (plot) {
      Plotly.Plots.resize(plot);
    });
  }
  // Each chart is drawn as the page parses; fit them all once the grid is complete.
  window.addEventListener('load', resizeAll);
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
<script>{_RESIZE_FOR_PRINT}</script>
</body>
</html>
"""
