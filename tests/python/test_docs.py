"""The dbt docs site (`make docs`): one static page with the overview, the glossary, the
KPI families and the exposures; every model, seed, snapshot and column described; no
pseudonym key in the published compiled SQL.

`make test` generates the docs of the fixture database into build/test-docs (make
docs-test) just before pytest; run alone, these tests generate them into a temporary
folder when build/test-docs is missing or older than the project's yml and md files.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, BuiltFixture

from klantcontact.export.relations import exported_relations
from klantcontact.settings import SETTINGS

DOCS_VARS = '{pseudonym_key: "not-published-in-the-docs"}'
DEFAULT_KEY = "klantcontact-demo-key"
KPI_FAMILIES = (
    "telephony", "balie", "email", "forms", "web", "mor", "kcc", "cross_channel", "cases", "kto",
)  # fmt: skip


@dataclass(frozen=True)
class Docs:
    folder: Path
    manifest: dict[str, dict]
    catalog: dict[str, dict]

    @property
    def static_index(self) -> str:
        return (self.folder / "static_index.html").read_text(encoding="utf-8")


def _documented_files() -> list[Path]:
    return [
        path
        for folder in ("models", "seeds", "snapshots", "analyses")
        for pattern in ("*.yml", "*.md", "*.sql")
        for path in (PROJECT_DIR / folder).rglob(pattern)
    ]


def _is_fresh(folder: Path) -> bool:
    index = folder / "static_index.html"
    if not (index.exists() and (folder / "catalog.json").exists()):
        return False
    generated = index.stat().st_mtime
    return all(path.stat().st_mtime <= generated for path in _documented_files())


def _generate(built_fixture: BuiltFixture, work_dir: Path) -> Path:
    target = work_dir / "target"
    result = subprocess.run(
        [str(SETTINGS.dbt), "docs", "generate", "--static",
         "--target-path", str(target), "--log-path", str(work_dir / "logs"),
         "--vars", DOCS_VARS],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "KCC_RAW_DIR": str(built_fixture.raw_dir),
            "KCC_DUCKDB_PATH": str(built_fixture.database),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return target


@pytest.fixture(scope="module")
def docs(built_fixture: BuiltFixture, tmp_path_factory: pytest.TempPathFactory) -> Docs:
    folder = SETTINGS.test_docs_dir
    if not _is_fresh(folder):
        folder = _generate(built_fixture, tmp_path_factory.mktemp("docs"))
    return Docs(
        folder,
        json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
        json.loads((folder / "catalog.json").read_text(encoding="utf-8")),
    )


def test_static_index_holds_overview_glossary_and_exposures(docs: Docs) -> None:
    page = docs.static_index
    # One file with manifest and catalog inside: opens without a server.
    assert "exposure.klantcontact.kpi_dashboard" in page
    assert "exposure.klantcontact.bi_exports" in page
    overview = docs.manifest["docs"]["doc.klantcontact.__overview__"]["block_contents"]
    assert "## Where to start" in overview and "## Glossary (woordenlijst)" in overview
    for term in ("klantcontactcentrum", "terugbelverzoek", "Signalen", "zaaktype", "servicenorm",
                 "contactmoment", "internetaak", "KISS", "Open Klant", "ZGW", "KTO",
                 "rapportcijfer", "buurt", "keuzemenu", "nawerktijd", "wachtrij",
                 "doorverbinden", "werkdag", "opschorting", "e-formulier", "eHerkenning", "BSN"):
        assert term in overview, term
    assert "Glossary (woordenlijst)" in page


def test_exposures_name_their_owner_and_the_marts_they_read(
    docs: Docs, built_fixture: BuiltFixture
) -> None:
    exposures = docs.manifest["exposures"]
    dashboard = exposures["exposure.klantcontact.kpi_dashboard"]
    assert dashboard["type"] == "dashboard" and dashboard["url"] == "reports/dashboard.html"
    # The dashboard's exposure names exactly the relations its queries read.
    queries = (PROJECT_DIR / "src/klantcontact/report/data.py").read_text(encoding="utf-8")
    read = set(re.findall(r"\b(?:core|kpi|reference|snapshots)\.([a-z_]+)\b", queries))
    assert read, "no relation found in the dashboard's queries"
    assert {node.split(".")[-1] for node in dashboard["depends_on"]["nodes"]} == read
    for exposure in exposures.values():
        assert exposure["owner"]["name"] == "KCC informatieteam"
        assert exposure["owner"]["email"] and exposure["maturity"] and exposure["description"]
    # bi_exports lists exactly what `make export` writes.
    nodes = {**docs.manifest["nodes"]}
    exported_by_dbt = {
        f"{nodes[unique_id]['schema']}.{nodes[unique_id]['alias']}"
        for unique_id in exposures["exposure.klantcontact.bi_exports"]["depends_on"]["nodes"]
    }
    with duckdb.connect(str(built_fixture.database), read_only=True) as connection:
        exported = {relation.qualified_name for relation in exported_relations(connection)}
    assert exported_by_dbt == exported


def test_every_model_seed_snapshot_and_column_has_a_description(docs: Docs) -> None:
    missing: list[str] = []
    for unique_id, node in docs.manifest["nodes"].items():
        if node["resource_type"] not in ("model", "seed", "snapshot"):
            continue
        if not node["description"].strip():
            missing.append(unique_id)
        documented = {name.lower() for name in node["columns"]}
        missing += [
            f"{unique_id}.{name}"
            for name, column in node["columns"].items()
            if not column["description"].strip()
        ]
        # Columns in the database but not in the yml have no description either.
        built = docs.catalog["nodes"].get(unique_id, {}).get("columns", {})
        missing += [f"{unique_id}.{name} (not in the yml)" for name in built
                    if name.lower() not in documented]
    for unique_id, source in docs.manifest["sources"].items():
        if not source["description"].strip():
            missing.append(unique_id)
    assert not missing, "no description:\n" + "\n".join(sorted(missing))
    assert docs.catalog["nodes"], "the catalog is empty: docs not generated against the database"


def test_kpi_family_docs_list_every_computable_kpi(docs: Docs) -> None:
    blocks = {
        unique_id.removeprefix("doc.klantcontact.kpi_family_"): block["block_contents"]
        for unique_id, block in docs.manifest["docs"].items()
        if unique_id.startswith("doc.klantcontact.kpi_family_")
    }
    assert set(blocks) == set(KPI_FAMILIES)
    with (PROJECT_DIR / "seeds" / "kpis.csv").open(encoding="utf-8") as seed:
        for kpi in csv.DictReader(seed):
            if kpi["is_computable"] == "true":
                assert f"`{kpi['kpi_code']}`" in blocks[kpi["family"]], kpi["kpi_code"]
    kpi_values = docs.manifest["nodes"]["model.klantcontact.kpi_values"]["description"]
    assert "How to read the KPIs" in kpi_values
    for family in KPI_FAMILIES:
        assert blocks[family].strip() in kpi_values, family
    email_mart = docs.manifest["nodes"]["model.klantcontact.mart_email_mailbox"]["description"]
    assert "`eml_answer_timely`" in email_mart
    assert re.search(r"How to read the KPIs",
                     docs.manifest["nodes"]["model.klantcontact.dim_kpi"]["description"])


def test_published_docs_hold_no_pseudonym_key(docs: Docs) -> None:
    """dbt's compiled SQL holds the key (docs/privacy.md): the docs are compiled with a
    placeholder instead."""
    keys = {DEFAULT_KEY, os.environ.get("KCC_PSEUDONYM_KEY") or DEFAULT_KEY}
    page = docs.static_index
    compiled = (docs.folder / "manifest.json").read_text(encoding="utf-8")
    assert "sha256('not-published-in-the-docs|" in page
    for key in keys:
        # The macro's default appears in its source; never in compiled SQL.
        assert f"sha256('{key}|" not in page
        assert f"sha256('{key}|" not in compiled
