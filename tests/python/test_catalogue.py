"""The KPI catalogue's seeds and docs/kpi-catalogue.md (klantcontact.catalogue).

The real seeds pass the checker; each rule fails on a copy broken in one place; the
renderer shows the trees, the sources and the norms per profile (a small norms fixture in
the profile layout); the committed Markdown is what the seeds render."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from klantcontact.catalogue import command
from klantcontact.catalogue.check import (
    Catalogue,
    Row,
    Seed,
    check,
    load,
    norms_in_layout,
    read_seed,
    vng_counts,
)  # fmt: skip
from klantcontact.catalogue.render import render
from klantcontact.settings import SETTINGS

SEEDS = SETTINGS.project_dir / "seeds"
FIXTURE = Path(__file__).parent / "fixtures" / "catalogue"
COMMITTED = SETTINGS.project_dir / "docs" / "kpi-catalogue.md"
REAL = load(SEEDS)


def with_fixture_norms(catalogue: Catalogue) -> Catalogue:
    """The catalogue with the small norms and parameters fixture (profile layout)."""
    return dataclasses.replace(
        catalogue,
        kpi_norms=read_seed(FIXTURE / "kpi_norms.csv"),
        kpi_parameters=read_seed(FIXTURE / "kpi_parameters.csv"),
    )


BASE = with_fixture_norms(REAL)


def test_real_catalogue_seeds_pass() -> None:
    assert check(REAL, norms=False) == []


def test_every_bijlage_3_kpi_is_on_a_row() -> None:
    counts = vng_counts(REAL)
    assert sum(counts.values()) == 51
    assert counts == {"same": 14, "approximated": 13, "not_computable": 24, "missing": 0}


@pytest.mark.skipif(not norms_in_layout(REAL), reason="norm seeds not yet in the profile layout")
def test_real_norm_seeds_cite_their_sources() -> None:
    assert check(REAL) == []


def test_fixture_norms_pass() -> None:
    assert check(BASE) == []


Breaker = Callable[[Catalogue], Catalogue]


def _edit(seed: str, match: Callable[[Row], bool], **changes: str) -> Breaker:
    def apply(catalogue: Catalogue) -> Catalogue:
        old: Seed = getattr(catalogue, seed)
        rows = tuple({**row, **changes} if match(row) else row for row in old.rows)
        assert rows != old.rows, f"{seed}: no row matched"
        return dataclasses.replace(catalogue, **{seed: dataclasses.replace(old, rows=rows)})
    return apply


def _kpi(code: str, **changes: str) -> Breaker:
    return _edit("kpis", lambda row: row["kpi_code"] == code, **changes)


def _node(chain: str, code: str, **changes: str) -> Breaker:
    return _edit("kpi_tree", lambda row: (row["klantketen"], row["kpi_code"]) == (chain, code),
                 **changes)


def _add_nodes(chain: str, parent: str, codes: tuple[str, ...]) -> Breaker:
    def apply(catalogue: Catalogue) -> Catalogue:
        extra = tuple(
            {"klantketen": chain, "kpi_code": code, "channel_code": "alle", "kind": "functioneel",
             "level": "operationeel", "parent_kpi_code": parent, "note": ""}
            for code in codes
        )  # fmt: skip
        tree = catalogue.kpi_tree
        rows = tree.rows + extra
        return dataclasses.replace(catalogue, kpi_tree=dataclasses.replace(tree, rows=rows))
    return apply


def _drop_node(chain: str, code: str) -> Breaker:
    def apply(catalogue: Catalogue) -> Catalogue:
        tree = catalogue.kpi_tree
        rows = tuple(
            row for row in tree.rows if (row["klantketen"], row["kpi_code"]) != (chain, code)
        )
        return dataclasses.replace(catalogue, kpi_tree=dataclasses.replace(tree, rows=rows))
    return apply


WATERLAND_NORM = "kpi_norms waterland_2023/tel_service_level"
DEFAULT_PARAMETER = "kpi_parameters klantcontact/tel_service_level_answer_within"
BROKEN = [
    pytest.param(_kpi("tel_offered", definition_nl=""),
                 "kpis tel_offered: no definition_nl", id="no Dutch definition"),
    pytest.param(_kpi("tel_asa", definition=""),
                 "kpis tel_asa: no definition", id="no English definition"),
    pytest.param(_kpi("tel_offered", source_document=""),
                 "kpis tel_offered: no source_document", id="row without a source"),
    pytest.param(_kpi("tel_offered", source_document="VNG"),
                 "unknown source_document", id="unknown source"),
    pytest.param(_kpi("tel_offered", source_quote=""),
                 "without source_quote", id="cited without a quote"),
    pytest.param(_kpi("tel_queued", source_note=""),
                 "klantcontact default without a source_note", id="default without why"),
    pytest.param(_kpi("tel_handled", deviation=""),
                 "tel_handled: approximated without a deviation",
                 id="approximated without deviation"),
    pytest.param(_kpi("occupancy_rate", data_needed=""),
                 "occupancy_rate: not computable without data_needed",
                 id="not computable without data_needed"),
    pytest.param(_kpi("tel_offered", vng_kpi_number="", vng_match=""),
                 "Bijlage 3 #35: on no row", id="missing Bijlage 3 number"),
    pytest.param(_kpi("tel_queued", vng_kpi_number="35", vng_match="same"),
                 "Bijlage 3 #35: on 2 rows", id="duplicated Bijlage 3 number"),
    pytest.param(_kpi("tel_queued", vng_match="same"),
                 "tel_queued: vng_match must be set exactly", id="match without number"),
    pytest.param(_node("kcc", "tel_service_level", level="operationeel"),
                 "does not pair with level", id="kind and level do not pair"),
    pytest.param(_node("kcc", "tel_queue_abandoned", parent_kpi_code="kto_satisfied"),
                 "parent kto_satisfied is not one level up", id="parent not one level up"),
    pytest.param(_node("kcc", "tel_queue_abandoned", parent_kpi_code="bal_wait_within_norm"),
                 "is not in the same chain", id="parent in another chain"),
    pytest.param(_node("kcc", "kto_dissatisfied", parent_kpi_code="kto_satisfied"),
                 "a result node has no parent", id="result node with a parent"),
    pytest.param(_add_nodes("kcc", "tel_service_level", ("tel_asa", "tel_talk_time")),
                 "kpi_tree kcc: 15 KPIs, more than 14", id="tree over 14 KPIs"),
    pytest.param(_drop_node("kcc", "afspraken_nagekomen"),
                 "no tree holds afspraken_nagekomen", id="no afspraken_nagekomen"),
    pytest.param(_edit("kpi_norms", lambda row: row["norm_profile"] == "waterland_2023",
                       source_quote=""),
                 WATERLAND_NORM, id="norm without source"),
    pytest.param(_edit("kpi_parameters", lambda row: row["norm_profile"] == "klantcontact",
                       source_note=""),
                 DEFAULT_PARAMETER, id="parameter default without why"),
]


@pytest.mark.parametrize(("breaks", "expected"), BROKEN)
def test_each_rule_fails_on_a_broken_copy(breaks: Breaker, expected: str) -> None:
    problems = check(breaks(BASE))
    assert any(expected in problem for problem in problems), problems


def test_renderer_shows_trees_sources_norms_and_bijlage_3() -> None:
    text = render(BASE)
    kcc = text[text.index("### KCC (telefonieproces) (`kcc`, 13 KPIs)"):]
    # The tree is indented result -> keten -> functioneel, with the node's channel.
    assert (
        "\n- [`kto_satisfied`](#kpi-kto-satisfied) Klanttevredenheid — resultaat / strategisch,"
        " kanaal telefoon"
    ) in kcc
    assert "\n  - [`afspraken_nagekomen`](#kpi-afspraken-nagekomen)" in kcc
    assert "\n    - [`callback_timely`](#kpi-callback-timely)" in kcc
    assert "\n    - [`kcc_direct_resolved`](#kpi-kcc-direct-resolved)" in kcc
    # Every KPI once, with its source, and the norms per profile from the fixture.
    for row in BASE.kpis.rows:
        anchor = f'<a id="kpi-{row["kpi_code"].replace("_", "-")}"></a>'
        assert text.count(anchor) == 1, row["kpi_code"]
    assert (
        "| waterland_2023 | alle | ≥ 90% | always | Waterland 2023, Doelstellingen: de eerste"
        " opzet, Bereikbaarheid: “Het service level"
    ) in text
    assert "| waterland_2023 | alle | > 75% | 2023-07-17 – 2026-12-31 |" in text
    assert (
        "| klantcontact | `tel_service_level_answer_within` | 30 seconds | always |"
        " klantcontact default: No source"
    ) in text
    # Each KPI defined in Dutch, then in English.
    assert (
        "| Definitie (NL) | Gemiddelde wachttijd in seconden (acceptTimestamp -"
        " queueEnterTimestamp) van aangenomen eerstelijns gespreksdelen. |\n"
        "| Definition (EN) | Mean wait in seconds (acceptTimestamp - queueEnterTimestamp) of"
        " accepted first-line legs. |"
    ) in text
    assert "| Computable | no; needs Agent-state exports" in text
    assert (
        "| 35 | Aangeboden calls | Verkeersmanagement en content | 29 |"
        " [`tel_offered`](#kpi-tel-offered) | same |"
    ) in text
    assert text.endswith("Counts: same 14, approximated 13, not_computable 24, missing 0.\n")
    assert "## KPIs in no tree, by family" in text


def test_cli_writes_and_checks_the_file(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns("*.yml"))
    for name in ("kpi_norms.csv", "kpi_parameters.csv"):
        shutil.copy(FIXTURE / name, seeds / name)
    out = tmp_path / "kpi-catalogue.md"
    console = Console(file=None, width=200, quiet=True)
    assert command.run(seeds, out, check_only=True, console=console) == 1  # not written yet
    assert command.run(seeds, out, check_only=False, console=console) == 0
    assert command.run(seeds, out, check_only=True, console=console) == 0
    out.write_text(out.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert command.run(seeds, out, check_only=True, console=console) == 1


@pytest.mark.skipif(not norms_in_layout(REAL), reason="norm seeds not yet in the profile layout")
def test_committed_catalogue_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render(REAL), (
        "docs/kpi-catalogue.md is not current: run `klantcontact catalogue`"
    )
