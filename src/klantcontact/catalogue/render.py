"""docs/kpi-catalogue.md from the catalogue's seeds: per klantketen its KPI tree and the
KPIs in it, then the KPIs in no tree by family, then VNG's Bijlage 3 with the code that
implements each row and the counts per match. The output depends on the seeds only, so
`klantcontact catalogue --check` can tell whether the committed file is current."""

from __future__ import annotations

from collections import defaultdict

from klantcontact.catalogue.check import Catalogue, Row, norms_in_layout, vng_counts

TITLE = "# KPI catalogue"
INTRO = """\
Generated from the seeds `kpis`, `vng_kpis`, `klantketens`, `kpi_tree`, `kpi_norms` and
`kpi_parameters` by `klantcontact catalogue`; do not edit by hand (`klantcontact catalogue
--check` fails when this file is not current). The same data is in the database as
`core.dim_kpi`, `core.dim_kpi_tree` and `core.dim_service_norm`.

Every KPI has its definition in Dutch and in English (the same rule, thresholds at their
defaults) and cites its source: the document, the section or page, and the few Dutch
words that carry it. `klantcontact default` marks a definition no source gives, with the
reason. The 51 KPIs of VNG's Bijlage 3 "KPI's ter inspiratie" (VNG KPI-onderzoek
2021, p.26-30) each sit on one catalogue row, which says how closely it follows VNG:
`same`, `approximated` (with the deviation) or `not_computable` (with the data it would
need).

The KPI trees follow VNG: one tree per klantketen (customer chain), about twelve KPIs, on
three levels paired with three kinds: resultaat (strategisch, the management team's
result KPIs), keten (tactisch, the chain's process KPIs) and functioneel (operationeel,
the team's KPIs). Each KPI drives the one above it in the same chain. KPIs in no tree are
drill-down indicators."""
KIND_ORDER = ("resultaat", "keten", "functioneel")
UNIT_SYMBOLS = {"percent": "%"}
OPERATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
OPEN_START = "2000-01-01"


def _cell(text: str) -> str:
    """A value safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def _anchor(code: str) -> str:
    return f"kpi-{code.replace('_', '-')}"


def _link(code: str) -> str:
    return f"[`{code}`](#{_anchor(code)})"


def _source(row: Row) -> str:
    if row.get("source_document") == "klantcontact default":
        return f"klantcontact default: {row.get('source_note', '')}"
    text = f"{row['source_document']}, {row['source_location']}: “{row['source_quote']}”"
    return f"{text} ({row['source_note']})" if row.get("source_note") else text


def _validity(row: Row) -> str:
    start, end = row.get("valid_from", ""), row.get("valid_to", "")
    if start <= OPEN_START and not end:
        return "always"
    return f"{start} – {end}" if end else f"from {start}"


def _norm(row: Row) -> str:
    unit = UNIT_SYMBOLS.get(row["norm_unit"], " " + row["norm_unit"].replace("_", " "))
    return f"{OPERATORS.get(row['norm_operator'], row['norm_operator'])} {row['norm_value']}{unit}"


class _Renderer:
    def __init__(self, catalogue: Catalogue) -> None:
        if not norms_in_layout(catalogue):
            raise ValueError(
                "kpi_norms.csv and kpi_parameters.csv lack the norm_profile and source "
                "columns; the catalogue cannot show the norms per profile"
            )
        self.catalogue = catalogue
        self.kpis = {row["kpi_code"]: row for row in catalogue.kpis.rows}
        self.vng = {row["vng_kpi_number"]: row for row in catalogue.vng_kpis.rows}
        self.norms: dict[str, list[Row]] = defaultdict(list)
        for row in catalogue.kpi_norms.rows:
            self.norms[row["kpi_code"]].append(row)
        self.parameters: dict[str, list[Row]] = defaultdict(list)
        for row in catalogue.kpi_parameters.rows:
            if row.get("kpi_code"):
                self.parameters[row["kpi_code"]].append(row)
        self.trees: dict[str, list[Row]] = defaultdict(list)
        self.chains_of: dict[str, list[str]] = defaultdict(list)
        for row in catalogue.kpi_tree.rows:
            self.trees[row["klantketen"]].append(row)
            self.chains_of[row["kpi_code"]].append(row["klantketen"])
        self.written: set[str] = set()

    def tree_lines(self, chain: str) -> list[str]:
        nodes = self.trees[chain]
        children: dict[str, list[Row]] = defaultdict(list)
        for node in nodes:
            children[node["parent_kpi_code"]].append(node)
        lines: list[str] = []

        def walk(parent: str, depth: int) -> None:
            for node in children.get(parent, []):
                kpi = self.kpis.get(node["kpi_code"], {})
                channel = node["channel_code"]
                text = (
                    f"{'  ' * depth}- {_link(node['kpi_code'])} {kpi.get('name_nl', '')} — "
                    f"{node['kind']} / {node['level']}, kanaal {channel}"
                )
                if kpi.get("is_computable") == "false":
                    text += " (not computable)"
                if node.get("note"):
                    text += f". {node['note']}"
                lines.append(text)
                walk(node["kpi_code"], depth + 1)

        walk("", 0)
        return lines

    def kpi_section(self, code: str) -> list[str]:
        kpi = self.kpis[code]
        self.written.add(code)
        computable = (
            "yes" if kpi["is_computable"] == "true" else f"no; needs {kpi['data_needed']}"
        )
        rows = [
            ("Definitie (NL)", kpi.get("definition_nl", "")),
            ("Definition (EN)", kpi["definition"]),
            ("Unit", f"{kpi['unit']} ({kpi['aggregation']})"
             + ("; year grain only" if kpi["is_year_grain_only"] == "true" else "")),
            ("Computable", computable),
            ("Source", _source(kpi)),
        ]
        number = kpi.get("vng_kpi_number", "")
        if number:
            vng = self.vng.get(number, {})
            page = vng.get("page", "")
            text = f"#{number} {vng.get('name_nl', '')} (p.{page}): {kpi['vng_match']}"
            rows.append(("VNG Bijlage 3", text))
        if kpi.get("deviation"):
            rows.append(("Deviation", kpi["deviation"]))
        chains = self.chains_of.get(code, [])
        rows.append(("In trees", ", ".join(chains) if chains else "none (drill-down)"))
        lines = [
            f'<a id="{_anchor(code)}"></a>',
            f"#### `{code}` — {kpi['name_nl']} / {kpi['name_en']}",
            "",
            "| | |",
            "|---|---|",
            *(f"| {label} | {_cell(value)} |" for label, value in rows),
            "",
        ]
        norms = self.norms.get(code, [])
        if norms:
            lines += [
                "Norms per profile:",
                "",
                "| profile | channel | norm | valid | source |",
                "|---|---|---|---|---|",
                *(
                    f"| {row['norm_profile']} | {row['channel_code']} | {_cell(_norm(row))} | "
                    f"{_validity(row)} | {_cell(_source(row))} |"
                    for row in norms
                ),
                "",
            ]
        parameters = self.parameters.get(code, [])
        if parameters:
            lines += [
                "Parameters per profile:",
                "",
                "| profile | parameter | value | valid | source |",
                "|---|---|---|---|---|",
                *(
                    f"| {row['norm_profile']} | `{row['parameter_code']}` | "
                    f"{row['value']} {row['unit'].replace('_', ' ')} | {_validity(row)} | "
                    f"{_cell(_source(row))} |"
                    for row in parameters
                ),
                "",
            ]
        return lines

    def render(self) -> str:
        lines = [TITLE, "", INTRO, "", "## KPI trees per klantketen", ""]
        for chain in self.catalogue.klantketens.rows:
            code = chain["klantketen"]
            nodes = self.trees.get(code, [])
            lines += [
                f"### {chain['name_nl']} (`{code}`, {len(nodes)} KPIs)",
                "",
                chain["description"],
                f"Source: {_source(chain)}.",
                "",
                *self.tree_lines(code),
                "",
            ]
            for node in nodes:
                if node["kpi_code"] not in self.written and node["kpi_code"] in self.kpis:
                    lines += self.kpi_section(node["kpi_code"])
        lines += ["## KPIs in no tree, by family", ""]
        by_family: dict[str, list[str]] = defaultdict(list)
        for kpi in self.catalogue.kpis.rows:
            if kpi["kpi_code"] not in self.written:
                by_family[kpi["family"]].append(kpi["kpi_code"])
        for family, codes in by_family.items():
            lines += [f"### {family}", ""]
            for code in codes:
                lines += self.kpi_section(code)
        lines += self.bijlage_3()
        return "\n".join(lines).rstrip("\n") + "\n"

    def bijlage_3(self) -> list[str]:
        implemented = {
            kpi["vng_kpi_number"]: kpi for kpi in self.catalogue.kpis.rows if kpi["vng_kpi_number"]
        }
        counts = vng_counts(self.catalogue)
        lines = [
            "## VNG Bijlage 3: the 51 KPIs and their codes",
            "",
            "| # | KPI (as printed) | primair voor kanaal | page | code | match |",
            "|---|---|---|---|---|---|",
        ]
        for row in self.catalogue.vng_kpis.rows:
            kpi = implemented.get(row["vng_kpi_number"])
            code, match = (_link(kpi["kpi_code"]), kpi["vng_match"]) if kpi else ("—", "missing")
            lines.append(
                f"| {row['vng_kpi_number']} | {_cell(row['name_nl'])} | "
                f"{_cell(row['primair_voor_kanaal'])} | {row['page']} | {code} | {match} |"
            )
        lines += [
            "",
            "Counts: " + ", ".join(f"{match} {n}" for match, n in counts.items()) + ".",
        ]
        return lines


def render(catalogue: Catalogue) -> str:
    """The Markdown of docs/kpi-catalogue.md."""
    return _Renderer(catalogue).render()
