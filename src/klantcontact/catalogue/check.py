"""Checks of the KPI catalogue's seeds: every row is defined in English and in Dutch and
cites its source, every KPI of VNG's Bijlage 3 is on exactly one catalogue row, and the
KPI trees pair kinds and levels as VNG does, one level per step, within one chain.

`check(catalogue)` returns the problems as sentences (empty when the seeds are right);
`vng_counts(catalogue)` counts the Bijlage 3 KPIs per match (same, approximated,
not_computable, missing)."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

Row = dict[str, str]

DEFAULT_SOURCE = "klantcontact default"
SOURCE_DOCUMENTS = (
    "VNG KPI-onderzoek 2021",
    "VNG Omnichannel-aanpak",
    "KCC-inrichting",
    "Waterland 2023",
    "Rekenkamer Zeist 2018",
    "Gemeente Katwijk, Servicenormen",
    "E-mailgedragslijn overheden",
    DEFAULT_SOURCE,
)
VNG_MATCHES = ("same", "approximated", "not_computable")
# Every KPI is defined in English and in Dutch.
DEFINITIONS = ("definition", "definition_nl")
# VNG pairs the three kinds with the three levels one to one; the rank is the depth.
KIND_LEVEL = {"resultaat": "strategisch", "keten": "tactisch", "functioneel": "operationeel"}
KIND_RANK = {"resultaat": 1, "keten": 2, "functioneel": 3}
MAX_TREE_SIZE = 14
# The chain KPI of VNG's worked example of a KPI tree; it must sit in a tree.
AGREEMENTS_KEPT = "afspraken_nagekomen"
NORM_COLUMNS = (
    "norm_profile", "kpi_code", "channel_code", "norm_value", "norm_unit", "norm_operator",
    "valid_from", "valid_to", "source_document", "source_location", "source_quote", "source_note",
)  # fmt: skip
PARAMETER_COLUMNS = (
    "norm_profile", "parameter_code", "kpi_code", "value", "unit", "valid_from", "valid_to",
    "description", "source_document", "source_location", "source_quote", "source_note",
)  # fmt: skip


@dataclass(frozen=True)
class Seed:
    """One seed file: its name, columns and rows (values stripped, empty = missing)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Catalogue:
    kpis: Seed
    vng_kpis: Seed
    klantketens: Seed
    kpi_tree: Seed
    kpi_norms: Seed
    kpi_parameters: Seed


def read_seed(path: Path) -> Seed:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = tuple({key: (value or "").strip() for key, value in row.items()} for row in reader)
        return Seed(path.stem, tuple(reader.fieldnames or ()), rows)


def load(seeds_dir: Path) -> Catalogue:
    """The six seeds of the catalogue from a seeds folder."""
    return Catalogue(*(read_seed(seeds_dir / f"{name}.csv") for name in (
        "kpis", "vng_kpis", "klantketens", "kpi_tree", "kpi_norms", "kpi_parameters",
    )))  # fmt: skip


def norms_in_layout(catalogue: Catalogue) -> bool:
    """Whether kpi_norms and kpi_parameters have the profile and provenance columns."""
    return set(NORM_COLUMNS) <= set(catalogue.kpi_norms.columns) and set(
        PARAMETER_COLUMNS
    ) <= set(catalogue.kpi_parameters.columns)


def _source_problems(seed: str, label: str, row: Row) -> list[str]:
    document = row.get("source_document", "")
    if not document:
        return [f"{seed} {label}: no source_document"]
    if document not in SOURCE_DOCUMENTS:
        return [f"{seed} {label}: unknown source_document {document!r}"]
    if document == DEFAULT_SOURCE:
        if not row.get("source_note"):
            return [f"{seed} {label}: {DEFAULT_SOURCE} without a source_note saying why"]
        return []
    missing = [column for column in ("source_location", "source_quote") if not row.get(column)]
    return [f"{seed} {label}: {document} without {' and '.join(missing)}"] if missing else []


def _kpi_problems(catalogue: Catalogue) -> list[str]:
    problems: list[str] = []
    vng_numbers = {row["vng_kpi_number"] for row in catalogue.vng_kpis.rows}
    codes = Counter(row["kpi_code"] for row in catalogue.kpis.rows)
    problems += [f"kpis: kpi_code {code} on {n} rows" for code, n in codes.items() if n > 1]
    for row in catalogue.kpis.rows:
        code = row["kpi_code"]
        problems += _source_problems("kpis", code, row)
        problems += [
            f"kpis {code}: no {column}" for column in DEFINITIONS if not row.get(column)
        ]
        number, match = row.get("vng_kpi_number", ""), row.get("vng_match", "")
        if number and number not in vng_numbers:
            problems.append(f"kpis {code}: vng_kpi_number {number} is not a Bijlage 3 row")
        if bool(number) != bool(match):
            problems.append(f"kpis {code}: vng_match must be set exactly when vng_kpi_number is")
        if match and match not in VNG_MATCHES:
            problems.append(f"kpis {code}: unknown vng_match {match!r}")
        if match == "approximated" and not row.get("deviation"):
            problems.append(f"kpis {code}: approximated without a deviation")
        if row.get("is_computable") == "false" and not row.get("data_needed"):
            problems.append(f"kpis {code}: not computable without data_needed")
        if match == "not_computable" and row.get("is_computable") != "false":
            problems.append(f"kpis {code}: vng_match not_computable but is_computable is not false")
    used = Counter(
        row["vng_kpi_number"] for row in catalogue.kpis.rows if row.get("vng_kpi_number")
    )
    for number in sorted(vng_numbers, key=int):
        if used[number] == 0:
            problems.append(f"Bijlage 3 #{number}: on no row of kpis")
        elif used[number] > 1:
            problems.append(f"Bijlage 3 #{number}: on {used[number]} rows of kpis")
    return problems


def _tree_problems(catalogue: Catalogue) -> list[str]:
    problems: list[str] = []
    kpi_codes = {row["kpi_code"] for row in catalogue.kpis.rows}
    chains = {row["klantketen"] for row in catalogue.klantketens.rows}
    nodes: dict[tuple[str, str], Row] = {}
    for row in catalogue.kpi_tree.rows:
        chain, code = row["klantketen"], row["kpi_code"]
        label = f"kpi_tree {chain}/{code}"
        if (chain, code) in nodes:
            problems.append(f"{label}: twice in the chain")
        nodes[(chain, code)] = row
        if chain not in chains:
            problems.append(f"{label}: klantketen not in klantketens")
        if code not in kpi_codes:
            problems.append(f"{label}: kpi_code not in kpis")
        kind, level = row.get("kind", ""), row.get("level", "")
        if KIND_LEVEL.get(kind) != level:
            problems.append(f"{label}: kind {kind!r} does not pair with level {level!r}")
    for (chain, code), row in nodes.items():
        label = f"kpi_tree {chain}/{code}"
        parent = row.get("parent_kpi_code", "")
        rank = KIND_RANK.get(row.get("kind", ""))
        if rank == 1 and parent:
            problems.append(f"{label}: a result node has no parent (has {parent})")
        elif rank is not None and rank > 1:
            if not parent:
                problems.append(f"{label}: no parent")
            elif (chain, parent) not in nodes:
                problems.append(f"{label}: parent {parent} is not in the same chain")
            elif KIND_RANK.get(nodes[(chain, parent)].get("kind", "")) != rank - 1:
                problems.append(f"{label}: parent {parent} is not one level up")
    sizes = Counter(chain for chain, _ in nodes)
    problems += [
        f"kpi_tree {chain}: {n} KPIs, more than {MAX_TREE_SIZE}"
        for chain, n in sorted(sizes.items()) if n > MAX_TREE_SIZE
    ]  # fmt: skip
    if not any(code == AGREEMENTS_KEPT for _, code in nodes):
        problems.append(f"kpi_tree: no tree holds {AGREEMENTS_KEPT}")
    return problems


def _norm_problems(catalogue: Catalogue) -> list[str]:
    if not norms_in_layout(catalogue):
        return ["kpi_norms/kpi_parameters: not in the profile layout (no norm_profile and "
                "source columns)"]
    problems: list[str] = []
    for row in catalogue.kpi_norms.rows:
        label = f"{row['norm_profile']}/{row['kpi_code']}/{row['channel_code']}/{row['valid_from']}"
        problems += _source_problems("kpi_norms", label, row)
    for row in catalogue.kpi_parameters.rows:
        label = f"{row['norm_profile']}/{row['parameter_code']}/{row['valid_from']}"
        problems += _source_problems("kpi_parameters", label, row)
    return problems


def check(catalogue: Catalogue, *, norms: bool = True) -> list[str]:
    """Every problem of the catalogue's seeds, one sentence each; norms=False leaves
    kpi_norms and kpi_parameters out."""
    problems = _kpi_problems(catalogue) + _tree_problems(catalogue)
    return problems + _norm_problems(catalogue) if norms else problems


def vng_counts(catalogue: Catalogue) -> dict[str, int]:
    """Bijlage 3 KPIs per match: same, approximated, not_computable, and missing (no
    catalogue row carries the number)."""
    matches = {
        row["vng_kpi_number"]: row["vng_match"]
        for row in catalogue.kpis.rows if row.get("vng_kpi_number")
    }  # fmt: skip
    counts = dict.fromkeys((*VNG_MATCHES, "missing"), 0)
    for row in catalogue.vng_kpis.rows:
        match = matches.get(row["vng_kpi_number"], "missing")
        counts[match if match in counts else "missing"] += 1
    return counts
