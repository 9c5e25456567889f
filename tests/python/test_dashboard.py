"""The dashboard (make report) in a real browser: Debian's headless Chromium, driven by
Playwright, with no network (the page must need none) and no browser download.

Renders the fixture database's dashboard, fails on any JavaScript error, checks that every
chart is drawn and saves a full-page screenshot to build/artifacts/dashboard.png and one of
the KPI trees, every node open, to build/report/kpi-tree.png. It checks what a manager reads
off the page: last year or "geen vorig jaar", small n greyed with its n, axes around the
norm, the two backlog ends named apart, the trees clickable with not-computable nodes. A
page from a copy with a previous year shows it with the difference; a page from a database
whose facts and marts are empty must show "geen gegevens" everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, BuiltFixture
from playwright import sync_api

from klantcontact.report import formatting
from klantcontact.report.command import write_dashboard
from klantcontact.report.data import QUEUE_KPI_CODES, SMALL_N
from klantcontact.report.page import CHART_IDS, NO_DATA

CHROMIUM = Path(os.environ.get("KCC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = PROJECT_DIR / "build" / "artifacts"
TREE_SCREENSHOT = PROJECT_DIR / "build" / "report" / "kpi-tree.png"
TILE_CARDS = ("kpi_tiles", "email_tiles", "balie_tiles")
TREND_CHARTS = (
    "trend_tel_service_level", "trend_resolved_first_contact", "trend_repeat_contact",
    "channel_mix", "case_backlog_trend", "queue_tel_service_level", "queue_tel_queue_abandoned",
    "queue_tel_asa",
)
# The relations whose rows the charts show; emptied for the "geen gegevens" page.
CHART_SOURCES = (
    "kpi.kpi_values", "kpi.mart_telephony_half_hour", "kpi.mart_mor_category_buurt",
    "kpi.mart_case_manager_view", "kpi.mart_cases_type_department",
    "kpi.mart_email_mailbox", "kpi.mart_balie_branch_service",
    "kpi.mart_cases_open_period_end", "kpi.mart_telephony_queue_period",
    "core.fact_survey_response",
)
# Read by the page besides the chart sources, copied as they are.
LOOKUPS = (
    "core.dim_municipality", "core.dim_channel", "core.dim_department", "core.dim_norm_profile",
    "core.dim_case_type", "core.dim_kpi", "core.dim_kpi_tree", "reference.kpis",
    "snapshots.kpi_parameters_snapshot",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (scripts/ensure-chromium.sh)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _open(browser: object, html: Path) -> tuple[object, list[str]]:
    """The page loaded at a laptop's size, and the JavaScript errors it raised."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: errors.append(f"console {message.type}: {message.text}")
        if message.type == "error" else None,
    )
    # Any request leaving the file is a bug (the page must work offline): abort and record it.
    def block(route: object) -> None:
        errors.append(f"network request: {route.request.url}")
        route.abort()

    page.route("http*://**", block)
    page.goto(html.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('div.chart[data-kind=plotly]'))"
        ".every(chart => chart.querySelector('.main-svg'))",
        timeout=15_000,
    )
    return page, errors


def test_dashboard_draws_every_chart(browser: object, built_fixture: BuiltFixture,
                                     tmp_path: Path) -> None:
    html = write_dashboard(built_fixture.database, tmp_path / "dashboard.html")
    text = html.read_text(encoding="utf-8")
    # Self-contained: no external script, style sheet or image (plotly.js itself only names
    # CDNs for MathJax and map data, which these charts do not load; the route below checks).
    assert "<script src=" not in text and "<link" not in text and "<img" not in text
    # The header names the norm profile in use (the demo's: Waterland 2023 + base set).
    assert "Normprofiel: Waterland 2023, aangevuld met klantcontact-basisset" in text
    page, errors = _open(browser, html)
    try:
        charts = page.eval_on_selector_all(
            "div.chart",
            """charts => charts.map(chart => {
                const plot = chart.querySelector('.js-plotly-plot');
                return {
                    id: chart.dataset.chart,
                    kind: chart.dataset.kind,
                    svgs: chart.querySelectorAll('.main-svg').length,
                    traces: plot && plot.data ? plot.data.length : 0,
                    drawn: chart.querySelectorAll(
                        '.trace, .hm, .heatmaplayer image, .point').length,
                    tiles: chart.querySelectorAll('.tile').length,
                    nodes: chart.querySelectorAll('.node').length,
                    width: chart.getBoundingClientRect().width,
                    svgWidth: Math.max(0, ...Array.from(chart.querySelectorAll('.main-svg'))
                        .map(svg => svg.getBoundingClientRect().width)),
                };
            })""",
        )
        assert [chart["id"] for chart in charts] == list(CHART_IDS)
        for chart in charts:
            assert chart["kind"] != "empty", f"{chart['id']}: no data on the fixture database"
            assert chart["width"] > 300, f"{chart['id']} is squeezed: {chart}"
            assert chart["svgWidth"] <= chart["width"] + 1, f"{chart['id']} overflows: {chart}"
            if chart["kind"] == "tiles":
                assert chart["tiles"] >= (8 if chart["id"] == "kpi_tiles" else 4), chart
            elif chart["kind"] == "tree":
                assert chart["nodes"] > 0, chart
            else:
                assert chart["svgs"] > 0 and chart["traces"] > 0 and chart["drawn"] > 0, chart
        # Nothing runs off the side at a laptop's width.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 1366
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        _check_previous_year_absent(page)
        _check_small_n(page, built_fixture.database)
        _check_axes_around_norm(page)
        _check_backlog_terms(page)
        _check_kpi_tree(page, built_fixture.database)
        _check_queues(page, built_fixture.database)
    finally:
        page.close()
    assert errors == []


def _check_previous_year_absent(page: object) -> None:
    """The fixture covers 49 days of one year: every tile and trend says so, none invents
    a value."""
    for card in TILE_CARDS:
        texts = page.eval_on_selector_all(
            f"div.chart[data-chart={card}] .tile", "tiles => tiles.map(t => t.textContent)"
        )
        assert texts and all("geen vorig jaar" in text for text in texts), card
    for chart_id in TREND_CHARTS:
        notes = page.eval_on_selector(
            f"div.chart[data-chart={chart_id}] .js-plotly-plot",
            "plot => (plot.layout.annotations || []).map(a => a.text)",
        )
        assert "geen vorig jaar" in notes, chart_id


def _check_small_n(page: object, database: Path) -> None:
    """A tile whose denominator is under SMALL_N is grey and shows its n; the others not."""
    codes = ("kpi_tiles", "email_tiles", "balie_tiles")
    tiles = page.eval_on_selector_all(
        ", ".join(f"div.chart[data-chart={card}] .tile" for card in codes),
        "tiles => tiles.map(t => [t.dataset.kpi, t.classList.contains('small-n'),"
        " t.textContent])",
    )
    with duckdb.connect(str(database), read_only=True) as connection:
        denominators = dict(
            connection.execute(
                "select kpi_code, denominator from kpi.kpi_values where period_grain = 'year'"
                " and channel_key = 'alle' and period_start = (select max(period_start) from "
                "kpi.kpi_values where period_grain = 'year') and value is not null"
            ).fetchall()
        )
    small = [code for code, denominator in denominators.items()
             if denominator is not None and denominator < SMALL_N]
    assert set(small) & {code for code, _, _ in tiles}, "the fixture has no small-n tile"
    for code, greyed, text in tiles:
        expected = code in small
        assert greyed == expected, (code, denominators.get(code))
        if expected:
            assert f"n = {formatting.number(denominators[code])}, klein aantal" in text, code
    # The per-group charts grey a group under SMALL_N and print its n.
    labels = page.eval_on_selector(
        "div.chart[data-chart=balie_branches] .js-plotly-plot", "plot => plot.data[0].text"
    )
    assert any("klein aantal" in label for label in labels), labels


def _check_axes_around_norm(page: object) -> None:
    """The service level (≈ 94 % against ≥ 90 %) is not drawn on 0–100 %: the axis starts
    well above zero and holds the values and the norm line."""
    layout = page.eval_on_selector(
        "div.chart[data-chart=trend_tel_service_level] .js-plotly-plot",
        "plot => [plot.layout.yaxis.range, plot.data.map(t => [t.name, t.y])]",
    )
    (low, high), traces = layout
    shown = [y for _, ys in traces for y in ys if y is not None]
    assert any(name.startswith("Norm") for name, _ in traces)
    assert low > 0.5 and low <= min(shown) and high >= max(shown), layout
    for chart_id in ("mor_on_time", "email_mailboxes", "balie_branches"):
        axis, shapes = page.eval_on_selector(
            f"div.chart[data-chart={chart_id}] .js-plotly-plot",
            "plot => [plot.layout.xaxis.range, (plot.layout.shapes || []).map(s => s.x0)]",
        )
        assert shapes and all(axis[0] <= x <= axis[1] for x in shapes), (chart_id, axis)


def _check_queues(page: object, database: Path) -> None:
    """The section per queue: one line per queue with monthly values in the mart for the
    KPI (in the months the trends show), a norm line inside the axis, abandonment named
    over the offered calls, and no previous year claimed."""
    section = page.locator("section", has=page.locator("h2", has_text="Telefonie per wachtrij"))
    assert section.count() == 1
    assert "geen vorig jaar" in section.locator("p.intro").text_content()
    with duckdb.connect(str(database), read_only=True) as connection:
        for code in QUEUE_KPI_CODES:
            traces, axis, title = page.eval_on_selector(
                f"div.chart[data-chart=queue_{code}] .js-plotly-plot",
                "plot => [plot.data.map(t => [t.meta || '', t.name, t.x, t.y, t.customdata]),"
                " plot.layout.yaxis.range, plot.layout.yaxis.title.text]",
            )
            lines = [(name, xs) for meta, name, xs, _, _ in traces if meta == "queue"]
            points = [(name, notes) for meta, name, _, _, notes in traces
                      if meta == "queue-points"]
            shown = {x.rstrip("*") for _, xs in lines for x in xs}
            expected = {
                "geen wachtrij (onbekend)" if queue == "onbekend" else queue
                for (queue, month) in connection.execute(
                    "select distinct queue_id, period_start from "
                    "kpi.mart_telephony_queue_period where period_grain = 'month' and "
                    "kpi_code = ? and value is not null", [code],
                ).fetchall()
                if formatting.month_tick(month) in shown
            }
            queues = [name for name, _ in lines]
            assert len(queues) == len(set(queues)) and set(queues) == expected, (code, queues)
            assert len(queues) > 1 and [name for name, _ in points] == queues, code
            norms = [ys for _, name, _, ys, _ in traces if name.startswith("Norm")]
            assert norms and all(axis[0] <= y <= axis[1] for ys in norms for y in ys), code
            if code == "tel_queue_abandoned":
                assert title == "verlaten / aangeboden", title
                notes = [note for _, ns in points for note in ns]
                assert notes and all(" verlaten / " in note and " aangeboden" in note
                                     for note in notes), notes
    card_title = page.eval_on_selector(
        "figure:has(div.chart[data-chart=queue_tel_queue_abandoned]) h3", "h => h.textContent"
    )
    assert "(verlaten / aangeboden)" in card_title, card_title


def _check_backlog_terms(page: object) -> None:
    """The planned end and the legal term are both named, in the chart and the trend."""
    for chart_id in ("case_backlog_terms", "case_backlog_trend"):
        names = page.eval_on_selector(
            f"div.chart[data-chart={chart_id}] .js-plotly-plot",
            "plot => plot.data.map(t => t.name)",
        )
        assert "Over geplande einddatum" in names and "Over wettelijke termijn" in names, names
    legacy = page.eval_on_selector(
        "div.chart[data-chart=case_backlog] .js-plotly-plot", "plot => plot.data.map(t => t.name)"
    )
    assert "Over termijn" not in legacy and "Over geplande einddatum" in legacy


def _check_kpi_tree(page: object, database: Path) -> None:
    """One tree per klantketen with every node of core.dim_kpi_tree; not-computable KPIs
    say so; a closed chain KPI opens on a click; the screenshot has every node open."""
    with duckdb.connect(str(database), read_only=True) as connection:
        chains, nodes, not_computable = connection.execute(
            "select count(distinct tree.klantketen), count(*), "
            "count(*) filter (where not dim_kpi.is_computable) "
            "from core.dim_kpi_tree as tree "
            "left join core.dim_kpi on tree.kpi_code = dim_kpi.kpi_code"
        ).fetchone()
    tree = "div.chart[data-chart=kpi_tree]"
    assert page.locator(f"{tree} details.chain").count() == chains
    assert page.locator(f"{tree} .node").count() == nodes
    grey = page.eval_on_selector_all(
        f"{tree} .node.not-computable",
        "nodes => nodes.map(n => n.querySelector("
        "':scope > summary > .node-line, :scope > .node-line').textContent)",
    )
    assert len(grey) == not_computable > 0
    assert all("niet berekenbaar" in text for text in grey), grey
    # Chains start closed; open one, then a chain KPI whose functional KPIs are hidden.
    chain = page.locator(f"{tree} details.chain").filter(
        has=page.locator("details.node[data-kind=keten]")
    ).first
    assert chain.get_attribute("open") is None
    chain.locator("> summary").click()
    keten = chain.locator("details.node[data-kind=keten]").first
    child = keten.locator("> ul > li").first
    assert not child.is_visible()
    keten.locator("> summary").click()
    assert child.is_visible()
    page.click(f"{tree} button[data-tree=open]")
    assert page.locator(f"{tree} details:not([open])").count() == 0
    TREE_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.locator(f"figure:has({tree})").screenshot(path=str(TREE_SCREENSHOT))
    page.click(f"{tree} button[data-tree=close]")
    assert page.locator(f"{tree} details[open]").count() == 0


def _copy_database(fixture: Path, target: Path, *, empty: bool, sql: str = "") -> None:
    """The relations the page reads, copied from the fixture (the chart sources without
    rows when empty), then sql run on the copy."""
    with duckdb.connect(str(target)) as connection:
        connection.execute(f"attach '{fixture}' as fixture (read_only)")
        sources = [(r, "limit 0" if empty else "") for r in CHART_SOURCES]
        for relation, rows in sources + [(r, "") for r in LOOKUPS]:
            schema = relation.split(".")[0]
            connection.execute(f"create schema if not exists {schema}")
            connection.execute(
                f"create table {relation} as select * from fixture.{relation} {rows}"
            )
        if sql:
            connection.execute(sql)


def test_dashboard_shows_previous_year(browser: object, built_fixture: BuiltFixture,
                                       tmp_path: Path) -> None:
    """With value_previous_year filled in (a share five points lower, a count halved),
    each tile shows last year and the difference, judged by the norm's direction, and each
    KPI trend draws last year's line."""
    copy = tmp_path / "previous.duckdb"
    _copy_database(
        built_fixture.database, copy, empty=False,
        sql="update kpi.kpi_values set value_previous_year = case unit "
        "when 'fraction' then value - 0.05 else value / 2 end",
    )
    html = write_dashboard(copy, tmp_path / "dashboard.html")
    page, errors = _open(browser, html)
    try:
        tiles = dict(page.eval_on_selector_all(
            "div.chart[data-chart=kpi_tiles] .tile",
            "tiles => tiles.map(t => [t.dataset.kpi, t.querySelector('.tile-previous')"
            ".textContent])",
        ))
        traces = {
            chart_id: page.eval_on_selector(
                f"div.chart[data-chart={chart_id}] .js-plotly-plot",
                "plot => plot.data.map(t => t.name)",
            )
            for chart_id in ("trend_tel_service_level", "trend_resolved_first_contact",
                             "trend_repeat_contact")
        }
    finally:
        page.close()
    with duckdb.connect(str(copy), read_only=True) as connection:
        service_level, offered = (
            connection.execute(
                "select value_previous_year from kpi.kpi_values where kpi_code = ? and "
                "period_grain = 'year' and channel_key = 'alle'", [code]
            ).fetchone()[0]
            for code in ("tel_service_level", "tel_offered")
        )
    assert tiles["tel_service_level"] == (
        f"vorig jaar {formatting.kpi_value(service_level, 'fraction')} "
        "(+5,0 procentpunt, beter)"
    )
    # A count has no norm here: the difference without a judgement.
    assert tiles["tel_offered"] == (
        f"vorig jaar {formatting.number(offered)} (+{formatting.number(offered)})"
    )
    assert all(text.startswith("vorig jaar ") for text in tiles.values()), tiles
    for chart_id, names in traces.items():
        assert "Vorig jaar (alle kanalen)" in names, chart_id
    assert errors == []


def test_dashboard_without_data_says_so(browser: object, built_fixture: BuiltFixture,
                                        tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    _copy_database(built_fixture.database, empty, empty=True)
    html = write_dashboard(empty, tmp_path / "dashboard.html")
    page, errors = _open(browser, html)
    try:
        kinds = page.eval_on_selector_all(
            "div.chart", "charts => charts.map(chart => [chart.dataset.chart, chart.dataset.kind,"
            " chart.textContent])",
        )
    finally:
        page.close()
    assert [chart_id for chart_id, _, _ in kinds] == list(CHART_IDS)
    for chart_id, kind, text in kinds:
        assert kind == "empty" and NO_DATA in text, chart_id
    assert errors == []
