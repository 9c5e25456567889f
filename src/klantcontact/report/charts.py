"""The dashboard's plotly figures, one function per chart; each returns None when it has
nothing to draw, and the page shows a "geen gegevens" note instead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from klantcontact.report import formatting
from klantcontact.report.data import (
    SMALL_N,
    BacklogByTerm,
    BacklogMonth,
    DepartmentBacklog,
    GradeThresholds,
    GroupRate,
    HeatCell,
    KpiValue,
    QueueTrend,
    Trend,
    is_small_n,
)

MET = "#1b7f3b"
NOT_MET = "#c0392b"
WARNING = "#e08e0b"
NEUTRAL = "#7f8c99"
SMALL_N_GREY = "#b8c0c8"
PREVIOUS_YEAR = "#8a6d3b"
LEGAL = "#7b1fa2"
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


def focus_range(points: Sequence[float | None], unit: str | None) -> list[float] | None:
    """An axis range around the values and the norm, so that 92 % against a 90 % norm is
    not drawn on 0–100 % with everything squashed at the top: the span of the points plus
    a quarter of it on either side (at least two percentage points for a fraction), never
    below zero nor, for a fraction, above 100 %."""
    present = [point for point in points if point is not None]
    if not present:
        return None
    low, high = min(present), max(present)
    floor = 0.02 if unit == "fraction" else max(abs(high) * 0.05, 1.0)
    pad = max((high - low) * 0.25, floor)
    low, high = max(low - pad, 0.0), high + pad
    if unit == "fraction":
        high = min(high, 1.0)
    return [low, high]


def _fraction_ticks(axis_range: list[float] | None) -> str:
    """Whole percentages, or one decimal when the range is narrower than 10 points."""
    if axis_range is not None and axis_range[1] - axis_range[0] < 0.1:
        return ".1%"
    return ".0%"


def monthly_trend(trend: Trend | None) -> go.Figure | None:
    """A line per channel (channel `alle` thick and dark), the norm as a dashed line: one
    line when every channel has the same norm, else one per channel in its colour. The
    channel `alle` of a year earlier (value_previous_year) dotted, or "geen vorig jaar"
    written on the chart. A month whose denominator is below SMALL_N is an open grey
    marker with its n in the tooltip. The value axis is fitted to the values and norms."""
    if trend is None or not any(value is not None for s in trend.series for value in s.values):
        return None
    figure = go.Figure()
    value_format = ".1%" if trend.unit == "fraction" else ",.1f"
    norms_seen: dict[tuple[object, ...], str] = {}
    colours = iter(CHANNEL_COLOURS * 3)
    points: list[float | None] = []
    has_previous = False
    for series in trend.series:
        is_total = series.channel == "alle"
        colour = TOTAL_LINE if is_total else next(colours)
        labels = [formatting.month_tick(month, trend.partial_months) for month in series.months]
        small = [is_small_n(n) for n in series.denominators] or [False] * len(labels)
        notes = []
        for value, previous, denominator, is_small in zip(
            series.values, series.previous or [None] * len(labels),
            series.denominators or [None] * len(labels), small, strict=True,
        ):
            parts = []
            if is_small and denominator is not None:
                parts.append(formatting.small_n(denominator))
            if is_total:
                parts.append(formatting.previous_year(
                    value, previous, trend.unit, trend.norm_operator
                ))
            notes.append("<br>" + "<br>".join(parts) if parts else "")
        points.extend(series.values)
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=series.values,
                name=series.channel_name,
                mode="lines+markers",
                line={"color": colour, "width": 4 if is_total else 2},
                marker={
                    "size": 7 if is_total else 5,
                    "color": [SMALL_N_GREY if flag else colour for flag in small],
                    "symbol": ["circle-open" if flag else "circle" for flag in small],
                    "line": {"width": 2, "color": [
                        SMALL_N_GREY if flag else colour for flag in small
                    ]},
                },
                customdata=notes,
                hovertemplate=f"{series.channel_name}<br>%{{x}}: %{{y:{value_format}}}"
                "%{customdata}<extra></extra>",
            )
        )
        if is_total and any(previous is not None for previous in series.previous):
            has_previous = True
            points.extend(series.previous)
            figure.add_trace(
                go.Scatter(
                    x=labels,
                    y=series.previous,
                    name="Vorig jaar (alle kanalen)",
                    mode="lines+markers",
                    line={"color": PREVIOUS_YEAR, "width": 2, "dash": "dot"},
                    marker={"size": 5, "color": PREVIOUS_YEAR},
                    hovertemplate=f"vorig jaar, %{{x}}: %{{y:{value_format}}}<extra></extra>",
                )
            )
        if all(norm is None for norm in series.norms):
            continue
        points.extend(series.norms)
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
    if not has_previous:
        _note_on_chart(figure, "geen vorig jaar")
    axis_range = focus_range(points, trend.unit)
    figure.update_yaxes(range=axis_range, **_axis_format(trend.unit))
    if trend.unit == "fraction":
        figure.update_yaxes(tickformat=_fraction_ticks(axis_range))
    figure.update_xaxes(type="category", tickangle=0)
    return figure


def _verdict_colour(meets: bool | None, small: bool) -> str:
    if small:
        return SMALL_N_GREY
    return NEUTRAL if meets is None else MET if meets else NOT_MET


def queue_trend(trend: QueueTrend | None) -> go.Figure | None:
    """A line per queue over the report year's months, each month's dot in the colour of
    the mart's verdict (green met, red not met, grey no norm); a month whose denominator is
    below SMALL_N an open grey dot with its n printed beside it. The tooltip says what the
    value is made of ("15 verlaten / 366 aangeboden"), the value axis names it ("verlaten /
    aangeboden") and is fitted to the values and the norm, which is one dashed line (every
    queue has the norm of kpi_values' channel alle). The mart has no previous year: the
    chart says "geen vorig jaar"."""
    if trend is None or not any(value is not None for s in trend.series for value in s.values):
        return None
    figure = go.Figure()
    value_format = ".1%" if trend.unit == "fraction" else ",.1f"
    suffix = " s" if trend.unit == "seconds" else ""
    points: list[float | None] = []
    norms: dict[object, float] = {}
    months = sorted({month for series in trend.series for month in series.months})
    labels = {month: formatting.month_tick(month, trend.partial_months) for month in months}
    for series, colour in zip(trend.series, CHANNEL_COLOURS * 3, strict=False):
        small = [is_small_n(n) for n in series.denominators]
        notes = []
        for value, numerator, denominator, norm_value, meets, is_small in zip(
            series.values, series.numerators, series.denominators, series.norms,
            series.meets, small, strict=True,
        ):
            parts = [formatting.rate_of(
                numerator, denominator, trend.numerator_measure, trend.denominator_measure,
                trend.unit,
            )]
            if is_small and denominator is not None:
                parts.append(formatting.small_n(denominator))
            if norm_value is not None and value is not None:
                verdict = "gehaald" if meets else "niet gehaald"
                parts.append(
                    f"norm {formatting.norm(trend.norm_operator, norm_value, trend.unit)}: "
                    f"{verdict}"
                )
            notes.append("<br>".join(part for part in parts if part))
        for month, norm_value in zip(series.months, series.norms, strict=True):
            if norm_value is not None:
                norms.setdefault(month, norm_value)
        points.extend(series.values)
        x = [labels[month] for month in series.months]
        # The queue's line in its colour (the legend entry), its dots in verdict colours on
        # top: a legend swatch takes the first dot's colour, which would name no queue.
        figure.add_trace(
            go.Scatter(
                x=x, y=series.values, name=series.label, mode="lines",
                line={"color": colour, "width": 2}, legendgroup=series.queue_id,
                meta="queue", hoverinfo="skip",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=x,
                y=series.values,
                name=series.label,
                mode="markers+text",
                legendgroup=series.queue_id,
                showlegend=False,
                meta="queue-points",
                marker={
                    "size": 10,
                    "color": [
                        "white" if flag else _verdict_colour(meets, False)
                        for meets, flag in zip(series.meets, small, strict=True)
                    ],
                    "symbol": ["circle-open" if flag else "circle" for flag in small],
                    "line": {"width": 2, "color": [
                        _verdict_colour(meets, flag)
                        for meets, flag in zip(series.meets, small, strict=True)
                    ]},
                },
                text=[
                    f"n = {formatting.number(n)}" if flag and n is not None else ""
                    for n, flag in zip(series.denominators, small, strict=True)
                ],
                textposition="middle right",
                textfont={"size": 11, "color": "#52606d"},
                cliponaxis=False,
                customdata=notes,
                hovertemplate=f"{series.label}<br>%{{x}}: %{{y:{value_format}}}{suffix}<br>"
                "%{customdata}<extra></extra>",
            )
        )
    # The dots' colours in the legend (no data: legend entries only).
    verdicts = [("norm gehaald", MET, "circle"), ("norm niet gehaald", NOT_MET, "circle")]
    if any(is_small_n(n) for series in trend.series for n in series.denominators):
        verdicts.append((f"n < {SMALL_N}", SMALL_N_GREY, "circle-open"))
    for name, colour, symbol in verdicts:
        figure.add_trace(
            go.Scatter(
                x=[None], y=[None], name=name, mode="markers", meta="legend",
                marker={"size": 10, "color": colour, "symbol": symbol,
                        "line": {"width": 2, "color": colour}},
                hoverinfo="skip",
            )
        )
    if norms:
        points.extend(norms.values())
        latest = formatting.norm(trend.norm_operator, norms[max(norms)], trend.unit)
        norm_months = [month for month in months if month in norms]
        figure.add_trace(
            go.Scatter(
                x=[labels[month] for month in norm_months],
                y=[norms[month] for month in norm_months],
                name=f"Norm ({latest})",
                mode="lines",
                line={"color": TOTAL_LINE, "width": 2, "dash": "dash"},
                hovertemplate=f"Norm {formatting.OPERATORS.get(trend.norm_operator or '', '')} "
                f"%{{y:{value_format}}}{suffix}<extra></extra>",
            )
        )
    _layout(figure, 360, legend=MONTH_LEGEND)
    _note_on_chart(figure, "geen vorig jaar")
    axis_range = focus_range(points, trend.unit)
    figure.update_yaxes(
        range=axis_range, title={"text": queue_axis_title(trend), "font": {"size": 12}},
        **_axis_format(trend.unit),
    )
    if trend.unit == "fraction":
        figure.update_yaxes(tickformat=_fraction_ticks(axis_range))
    figure.update_xaxes(
        type="category", tickangle=0, categoryorder="array",
        categoryarray=[labels[month] for month in months],
    )
    return figure


def queue_axis_title(trend: QueueTrend) -> str:
    """What the value is of: 'verlaten / aangeboden' for a share, 'seconden' for a mean."""
    if trend.unit == "fraction":
        return (
            f"{formatting.measure(trend.numerator_measure)} / "
            f"{formatting.measure(trend.denominator_measure)}"
        )
    return "seconden" if trend.unit == "seconds" else trend.unit


def queue_title_suffix(trend: QueueTrend) -> str:
    """' (verlaten / aangeboden)', or ' (seconden, gemiddeld over de opgenomen calls)'."""
    if trend.unit == "fraction":
        return f" ({queue_axis_title(trend)})"
    return (
        f" ({queue_axis_title(trend)}, gemiddeld over de "
        f"{formatting.measure(trend.denominator_measure)} calls)"
    )


def _note_on_chart(figure: go.Figure, text: str) -> None:
    """A short grey remark in the chart's top left corner (class `chart-note`)."""
    figure.add_annotation(
        text=text, xref="paper", yref="paper", x=0, y=1.0, xanchor="left", yanchor="bottom",
        showarrow=False, font={"size": 12, "color": "#52606d"}, name="chart-note",
    )


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
                customdata=[
                    formatting.previous_year(value, previous, "fraction", None)
                    for value, previous in zip(
                        series.values, series.previous or [None] * len(series.values),
                        strict=True,
                    )
                ],
                hovertemplate=f"{series.channel_name}<br>%{{x}}: %{{y:.1%}}<br>%{{customdata}}"
                "<extra></extra>",
            )
        )
    _layout(figure, 360, barmode="stack", bargap=0.25, legend=MONTH_LEGEND)
    if not any(p is not None for series in channels for p in series.previous):
        _note_on_chart(figure, "geen vorig jaar")
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


def _dot_label_side(rate: float, norm: float | None, axis_range: list[float] | None) -> str:
    """Left of a dot just under the norm (a label to its right would cross the norm line),
    when there is room; else right."""
    if norm is None or axis_range is None or rate >= norm:
        return "middle right"
    low, high = axis_range
    room = (rate - low) / (high - low) if high > low else 0
    return "middle left" if room > 0.35 else "middle right"


def rate_dots(
    groups: Sequence[GroupRate], norm: KpiValue | None, *, label: str = "op tijd"
) -> go.Figure | None:
    """One dot per group (its share of the KPI's numerator and denominator), green or red
    against the KPI's norm (channel alle, report year), the norm a dashed line, n printed
    beside each dot; a group with n below SMALL_N is grey with "klein aantal". Dots, not
    bars: the axis is fitted to the values and the norm, and a bar not starting at zero
    would lie about its length."""
    if not groups:
        return None
    operator = norm.norm_operator if norm else None
    norm_value = norm.norm_value if norm else None
    colours = []
    texts = []
    for group in groups:
        verdict = _meets(group.rate, operator, norm_value)
        small = is_small_n(group.denominator)
        colours.append(
            SMALL_N_GREY if small else NEUTRAL if verdict is None else MET if verdict else NOT_MET
        )
        n = (
            formatting.small_n(group.denominator) if small
            else f"n = {formatting.number(group.denominator)}"
        )
        texts.append(f"{formatting.kpi_value(group.rate, 'fraction')} ({n})")
    axis_range = focus_range([g.rate for g in groups] + [norm_value], "fraction")
    figure = go.Figure(
        go.Scatter(
            x=[group.rate for group in groups],
            y=[group.label for group in groups],
            mode="markers+text",
            marker={"color": colours, "size": 14, "line": {"width": 1, "color": "white"}},
            text=texts,
            textposition=[_dot_label_side(g.rate, norm_value, axis_range) for g in groups],
            textfont={"size": 12},
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{x:.1%}} {label}<extra></extra>",
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
    # The right margin holds the value and n written beside a dot at the axis' end.
    _layout(figure, 70 + 38 * len(groups), margin={"l": 260, "r": 200, "t": 30, "b": 40})
    figure.update_xaxes(tickformat=_fraction_ticks(axis_range), range=axis_range)
    figure.update_yaxes(type="category", showgrid=True)
    return figure


def case_backlog(departments: Sequence[DepartmentBacklog]) -> go.Figure | None:
    """Open cases per department at the as-of date: over term, threatening, on track."""
    if not departments:
        return None
    labels = [department.label for department in departments]
    figure = go.Figure()
    parts = (
        ("Over geplande einddatum", [d.overdue for d in departments], NOT_MET),
        ("Dreigt over geplande einddatum te gaan", [d.threatening for d in departments],
         WARNING),
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
    """Open zaken at each month's end (a partial month's point is the state at the as-of
    date), those past their planned end and those past their legal term; last year's open
    zaken dotted, or "geen vorig jaar" on the chart."""
    if not months:
        return None
    labels = [formatting.month_tick(month.month_start, partial) for month in months]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=labels, y=[m.open_zaken for m in months], name="Open zaken",
            mode="lines+markers", line={"color": "#0072B2", "width": 3},
            customdata=[
                formatting.previous_year(m.open_zaken, m.open_previous_year, "count", "<=")
                for m in months
            ],
            hovertemplate="%{x}: %{y:,} open<br>%{customdata}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels, y=[m.past_planned for m in months],
            name="Over geplande einddatum", mode="lines+markers",
            line={"color": WARNING, "width": 3},
            hovertemplate="%{x}: %{y:,} over geplande einddatum<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels, y=[m.past_legal for m in months],
            name="Over wettelijke termijn", mode="lines+markers",
            line={"color": NOT_MET, "width": 3}, fill="tozeroy",
            fillcolor="rgba(192, 57, 43, 0.15)",
            customdata=[
                formatting.previous_year(m.past_legal, m.past_legal_previous_year, "count", "<=")
                for m in months
            ],
            hovertemplate="%{x}: %{y:,} over wettelijke termijn<br>%{customdata}"
            "<extra></extra>",
        )
    )
    if any(m.open_previous_year is not None for m in months):
        figure.add_trace(
            go.Scatter(
                x=labels, y=[m.open_previous_year for m in months],
                name="Open zaken vorig jaar", mode="lines+markers",
                line={"color": PREVIOUS_YEAR, "width": 2, "dash": "dot"},
                hovertemplate="vorig jaar, %{x}: %{y:,} open<extra></extra>",
            )
        )
    _layout(figure, 340, legend=MONTH_LEGEND)
    if all(m.open_previous_year is None for m in months):
        _note_on_chart(figure, "geen vorig jaar")
    figure.update_yaxes(rangemode="tozero")
    figure.update_xaxes(type="category", tickangle=0)
    return figure


def case_backlog_by_term(backlog: BacklogByTerm | None) -> go.Figure | None:
    """Per department at the as-of date: open zaken, of which past the planned end date
    and past the legal term, as grouped bars (a zaak can be past one end and not the
    other, so they are not stacked)."""
    if backlog is None or not backlog.departments:
        return None
    departments = backlog.departments
    labels = [d.label for d in departments]
    figure = go.Figure()
    parts = (
        ("Open zaken", [d.open_zaken for d in departments], "#0072B2"),
        ("Over geplande einddatum", [d.past_planned for d in departments], WARNING),
        ("Over wettelijke termijn", [d.past_legal for d in departments], NOT_MET),
    )
    # Plotly draws a horizontal group's first trace at the bottom: open zaken on top.
    for name, values, colour in reversed(parts):
        figure.add_trace(
            go.Bar(
                x=values, y=labels, name=name, orientation="h", marker={"color": colour},
                text=[formatting.number(v) for v in values], textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{y}}<br>{name}: %{{x:,}}<extra></extra>",
            )
        )
    _layout(
        figure, 110 + 54 * len(departments), barmode="group", bargap=0.25,
        margin={"l": 160, "r": 30, "t": 40, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0,
                "traceorder": "reversed"},
    )
    figure.update_yaxes(type="category")
    figure.update_xaxes(title="zaken", rangemode="tozero")
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

