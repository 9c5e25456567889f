"""The dashboard (make report) in a real browser: Debian's headless Chromium, driven by
Playwright, with no network (the page must need none) and no browser download.

Renders the fixture database's dashboard, fails on any JavaScript error, checks that every
chart is drawn and saves a full-page screenshot to build/artifacts/dashboard.png. A second
page from a database whose facts and marts are empty must show "geen gegevens" everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, BuiltFixture
from playwright import sync_api

from klantcontact.report.command import write_dashboard
from klantcontact.report.page import CHART_IDS, NO_DATA

CHROMIUM = Path(os.environ.get("KCC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = PROJECT_DIR / "build" / "artifacts"
# The relations whose rows the charts show; emptied for the "geen gegevens" page.
CHART_SOURCES = (
    "kpi.kpi_values", "kpi.mart_telephony_half_hour", "kpi.mart_mor_category_buurt",
    "kpi.mart_case_manager_view", "kpi.mart_cases_type_department",
    "core.fact_survey_response",
)
# Read by the page besides the chart sources, copied as they are.
LOOKUPS = (
    "core.dim_municipality", "core.dim_channel", "core.dim_department", "core.dim_norm_profile",
    "reference.kpis", "snapshots.kpi_parameters_snapshot",
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
                assert chart["tiles"] >= 8, chart
            else:
                assert chart["svgs"] > 0 and chart["traces"] > 0 and chart["drawn"] > 0, chart
        # Nothing runs off the side at a laptop's width.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 1366
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    finally:
        page.close()
    assert errors == []


def test_dashboard_without_data_says_so(browser: object, built_fixture: BuiltFixture,
                                        tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as connection:
        connection.execute(f"attach '{built_fixture.database}' as fixture (read_only)")
        for relation, rows in [(r, "limit 0") for r in CHART_SOURCES] + [(r, "") for r in LOOKUPS]:
            schema = relation.split(".")[0]
            connection.execute(f"create schema if not exists {schema}")
            connection.execute(
                f"create table {relation} as select * from fixture.{relation} {rows}"
            )
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
