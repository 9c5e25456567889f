"""The dashboard's plotly figures, one function per chart; each returns None when it has
nothing to draw, and the page shows a "geen gegevens" note instead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from klantcontact.report import formatting
from klantcontact.report.data import (
    BacklogMonth,
    CategoryOnTime,
    DepartmentBacklog,
    GradeThresholds,
    HeatCell,
    KpiValue,
    Trend,
)

MET = "#1b7f3b"
NOT_MET = "#c0392b"
WARNING = "#e08e0b"
NEUTRAL = "#7f8c99"
TOTAL_LINE = "#1f2933"
# Colour-blind safe qualitative palette (Okabe–Ito) for the channels.
CHANNEL_COLOURS: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
    "#6A3D9A", "#B15928",
)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _layout(figure: go.Figure, height: int, **extra: object) -> go.Figure:
    settings: dict[str, object] = {
        "height": height,
        "autosize": True,
        "margin": {"l": 60, "r": 20, "t": 20, "b": 50},
        "font": {"family": FONT, "size": 13, "color": "#1f2933"},
        "separators": ",.",
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
    }
    figure.update_layout(**(settings | extra))
    figure.update_xaxes(showline=True, linecolor="#c5ccd3", gridcolor="#eef1f4")
    figure.update_yaxes(showline=True, linecolor="#c5ccd3", gridcolor="#eef1f4", zeroline=False)
    return figure


# Below two-line month ticks ('mrt' over '2025'), as a share of the plot area's height.
MONTH_LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0}


def _axis_format(unit: str) -> dict[str, object]:
    return {"tickformat": ".0%"} if unit == "fraction" else {}


def monthly_trend(trend: Trend | None) -> go.Figure | None:
    """A line per channel (channel `alle` thick and dark), the norm as a dashed line: one
    line when every channel has the same norm, else one per channel in its colour."""
    if trend is None or not any(value is not None for s in trend.series for value in s.values):
        return None
    figure = go.Figure()
    value_format = ".1%" if trend.unit == "fraction" else ",.1f"
    norms_seen: dict[tuple[object, ...], str] = {}
    colours = iter(CHANNEL_COLOURS * 3)
    for series in trend.series:
        is_total = series.channel == "alle"
        colour = TOTAL_LINE if is_total else next(colours)
        labels = [formatting.month_tick(month, trend.partial_months) for month in series.months]
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=series.values,
                name=series.channel_name,
                mode="lines+markers",
                line={"color": colour, "width": 4 if is_total else 2},
                marker={"size": 7 if is_total else 5},
                hovertemplate=f"{series.channel_name}<br>%{{x}}: %{{y:{value_format}}}"
                "<extra></extra>",
            )
        )
        if all(norm is None for norm in series.norms):
            continue
        key = tuple(zip(labels, series.norms, strict=True))
        # The same norm for the channel alle and every channel in the same months: one line.
        if any(set(key) <= set(seen) for seen in norms_seen):
            continue
        norms_seen[key] = colour
        latest = formatting.norm(
            trend.norm_operator, next(n for n in reversed(series.norms) if n is not None),
            trend.unit,
        )
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=series.norms,
                name=f"Norm ({latest})" if is_total else f"Norm {series.channel_name} ({latest})",
                mode="lines",
                line={"color": NOT_MET if is_total else colour, "width": 2, "dash": "dash"},
                hovertemplate=f"Norm {formatting.OPERATORS.get(trend.norm_operator or '', '')} "
                f"%{{y:{value_format}}}<extra></extra>",
            )
        )
    _layout(figure, 360, legend=MONTH_LEGEND)
    figure.update_yaxes(rangemode="tozero", **_axis_format(trend.unit))
    figure.update_xaxes(type="category", tickangle=0)
    return figure


def channel_mix(trend: Trend | None) -> go.Figure | None:
    """channel_share per channel per month, stacked to 100 %."""
    if trend is None:
        return None
    channels = [series for series in trend.series if series.channel != "alle"]
    if not channels:
        return None
    figure = go.Figure()
    for series, colour in zip(channels, CHANNEL_COLOURS * 3, strict=False):
        figure.add_trace(
            go.Bar(
                x=[formatting.month_tick(month, trend.partial_months) for month in series.months],
                y=series.values,
                name=series.channel_name,
                marker={"color": colour},
                hovertemplate=f"{series.channel_name}<br>%{{x}}: %{{y:.1%}}<extra></extra>",
            )
        )
    _layout(figure, 360, barmode="stack", bargap=0.25, legend=MONTH_LEGEND)
    figure.update_yaxes(tickformat=".0%", range=[0, 1])
    figure.update_xaxes(type="category", tickangle=0)
    return figure


def telephony_heat_map(cells: Sequence[HeatCell]) -> go.Figure | None:
    """Mean offered calls per day, weekday (rows) × half hour (columns), the half hour's
    service level in the hover text."""
    if not cells:
        return None
    weekdays = sorted({cell.weekday for cell in cells})
    slots = sorted({cell.slot for cell in cells})
    by_key = {(cell.weekday, cell.slot): cell for cell in cells}
    offered: list[list[float | None]] = []
    service: list[list[str]] = []
    for weekday in weekdays:
        offered.append([])
        service.append([])
        for slot in slots:
            cell = by_key.get((weekday, slot))
            offered[-1].append(None if cell is None else cell.offered_per_day)
            level = None if cell is None else cell.service_level
            service[-1].append("—" if level is None else formatting.kpi_value(level, "fraction"))
    figure = go.Figure(
        go.Heatmap(
            z=offered,
            x=slots,
            y=[formatting.WEEKDAYS_NL[weekday - 1] for weekday in weekdays],
            customdata=service,
            colorscale="Blues",
            colorbar={"title": {"text": "calls<br>per dag"}, "thickness": 14},
            texttemplate="%{z:.0f}",
            textfont={"size": 11},
            xgap=1,
            ygap=1,
            hovertemplate="%{y} %{x}: %{z:.1f} aangeboden calls per dag<br>"
            "servicelevel %{customdata}<extra></extra>",
        )
    )
    _layout(figure, 330, margin={"l": 50, "r": 20, "t": 10, "b": 60})
    figure.update_yaxes(autorange="reversed", showgrid=False, type="category")
    figure.update_xaxes(showgrid=False, type="category", tickangle=-45, title="half uur (start)")
    return figure


def _meets(value: float, operator: str | None, norm: float | None) -> bool | None:
    if operator is None or norm is None:
        return None
    return {
        ">=": value >= norm, ">": value > norm, "<=": value <= norm, "<": value < norm,
        "=": value == norm,
    }.get(operator)


def _category_label(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").capitalize()


def mor_on_time(categories: Sequence[CategoryOnTime], norm: KpiValue | None) -> go.Figure | None:
    """Share of meldingen closed within their term per main category, the mor_on_time norm
    (channel alle, report year) as a dashed line; bars coloured met / not met."""
    if not categories:
        return None
    operator = norm.norm_operator if norm else None
    norm_value = norm.norm_value if norm else None
    colours = []
    for category in categories:
        verdict = _meets(category.rate, operator, norm_value)
        colours.append(NEUTRAL if verdict is None else MET if verdict else NOT_MET)
    figure = go.Figure(
        go.Bar(
            x=[category.rate for category in categories],
            y=[_category_label(category.category) for category in categories],
            orientation="h",
            marker={"color": colours},
            text=[
                f"{formatting.kpi_value(c.rate, 'fraction')} (n = {formatting.number(c.closed)})"
                for c in categories
            ],
            textposition=["inside" if c.rate >= 0.35 else "outside" for c in categories],
            # At the bar's start: at its end the label would run under the norm line.
            insidetextanchor="start",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1%} op tijd<extra></extra>",
            showlegend=False,
        )
    )
    if norm_value is not None:
        figure.add_vline(
            x=norm_value,
            line={"color": TOTAL_LINE, "dash": "dash", "width": 2},
            annotation={
                "text": "norm " + formatting.norm(operator, norm_value, "fraction"),
                "font": {"size": 12},
            },
            annotation_position="top",
        )
    _layout(figure, 60 + 42 * len(categories), margin={"l": 230, "r": 30, "t": 30, "b": 40})
    figure.update_xaxes(tickformat=".0%", range=[0, 1.02])
    figure.update_yaxes(type="category")
    return figure


def case_backlog(departments: Sequence[DepartmentBacklog]) -> go.Figure | None:
    """Open cases per department at the as-of date: over term, threatening, on track."""
    if not departments:
        return None
    labels = [department.label for department in departments]
    figure = go.Figure()
    parts = (
        ("Over termijn", [d.overdue for d in departments], NOT_MET),
        ("Dreigt te verlopen", [d.threatening for d in departments], WARNING),
        ("Op schema", [d.on_track for d in departments], NEUTRAL),
    )
    for name, values, colour in parts:
        figure.add_trace(
            go.Bar(
                x=values,
                y=labels,
                name=name,
                orientation="h",
                marker={"color": colour},
                text=[formatting.number(v) if v else "" for v in values],
                textposition="inside",
                hovertemplate=f"%{{y}}<br>{name}: %{{x:,}}<extra></extra>",
            )
        )
    _layout(
        figure, 90 + 34 * len(departments), barmode="stack",
        margin={"l": 230, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0,
                "traceorder": "normal"},
    )
    figure.update_yaxes(type="category")
    figure.update_xaxes(title="open zaken en meldingen")
    return figure


def case_backlog_trend(
    months: Sequence[BacklogMonth], partial: frozenset[date] = frozenset()
) -> go.Figure | None:
    """Open zaken and zaken past their planned end at each month's end (a partial month's
    point is the state at the as-of date)."""
    if not months:
        return None
    labels = [formatting.month_tick(month.month_start, partial) for month in months]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=labels, y=[m.open_at_month_end for m in months], name="Open zaken",
            mode="lines+markers", line={"color": "#0072B2", "width": 3},
            hovertemplate="%{x}: %{y:,} open<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels, y=[m.overdue_at_month_end for m in months],
            name="Waarvan over geplande einddatum", mode="lines+markers",
            line={"color": NOT_MET, "width": 3}, fill="tozeroy",
            fillcolor="rgba(192, 57, 43, 0.15)",
            hovertemplate="%{x}: %{y:,} over termijn<extra></extra>",
        )
    )
    _layout(figure, 340, legend=MONTH_LEGEND)
    figure.update_yaxes(rangemode="tozero")
    figure.update_xaxes(type="category", tickangle=0)
    return figure


def grade_histogram(
    counts: dict[int, int], thresholds: GradeThresholds | None
) -> go.Figure | None:
    """Responses per rapportcijfer 1–10, bars coloured by the Waterland bands: below the
    'zeer ontevreden' threshold, insufficient, sufficient, above the 'ruim voldoende' one."""
    if not counts:
        return None
    total = sum(counts.values())
    grades = sorted(counts)

    def band(grade: int) -> str:
        if thresholds is None:
            return NEUTRAL
        if grade < thresholds.below:
            return NOT_MET
        if grade < thresholds.sufficient_min:
            return WARNING
        if grade > thresholds.above:
            return MET
        return "#7fbf8e"

    figure = go.Figure(
        go.Bar(
            x=grades,
            y=[counts[grade] for grade in grades],
            marker={"color": [band(grade) for grade in grades]},
            text=[
                f"{formatting.number(100 * counts[g] / total)} %" if counts[g] else ""
                for g in grades
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="cijfer %{x}: %{y:,} antwoorden<extra></extra>",
            showlegend=False,
        )
    )
    _layout(figure, 320, margin={"l": 60, "r": 20, "t": 30, "b": 50})
    figure.update_xaxes(
        tickmode="array", tickvals=list(range(1, 11)), range=[0.4, 10.6], title="rapportcijfer"
    )
    figure.update_yaxes(title="antwoorden", rangemode="tozero")
    return figure

