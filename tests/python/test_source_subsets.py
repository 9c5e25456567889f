"""Any subset of sources builds cleanly (issue: forking).

The fixture exports are built once per source with only that source switched on in
kcc_sources (every other one `enabled: false`), and once per source with that source's
export folder missing. Each build must pass, a switched-off or missing source must leave
no rows in fact_contact, and KPI families fed by absent sources must be absent from
kpi_values, never zero rows or errors.

Each build runs every model, seed and snapshot, and the data tests that can tell a
missing source apart: all singular tests, relationships and expressions everywhere, and
every test of the marts and quality models. Left out are the unit tests (fixed inputs,
default configuration) and the column tests (not_null, unique, accepted values, keys) of
staging, intermediate models and seeds, which hold on fewer rows whenever they hold on
all: `make test` runs them on the full fixture. Twenty builds, two at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltFixture, dbt

from klantcontact.raw.contract import source_registry

pytestmark = pytest.mark.source_matrix

REGISTRY = source_registry()
SOURCES = tuple(REGISTRY)
# Sources whose records are contacts in fact_contact (source_system = source name).
CONTACT_SOURCES = frozenset(
    {"telephony", "cxone", "balie", "email", "web", "mor", "kcs", "chat"}
)
# Which sources can feed each KPI family (kpi_family_sources in macros/kpi/registry.sql,
# stated again here as the expectation).
FAMILY_SOURCES = {
    "telephony": {"telephony", "cxone"},
    "balie": {"balie"},
    "email": {"email"},
    "forms": {"web"},
    "web": {"web"},
    "mor": {"mor"},
    "cases": {"zaken"},
    "kcc": {"kcs"},
    "kto": {"kto"},
    "cross_channel": set(CONTACT_SOURCES),
}


@dataclass(frozen=True)
class Build:
    name: str
    present: frozenset[str]
    database: Path
    returncode: int
    failed_nodes: tuple[str, ...]
    log_tail: str


def _only(source: str) -> str:
    registry = {
        name: {**entry, "enabled": name == source} for name, entry in REGISTRY.items()
    }
    return json.dumps({"kcc_sources": registry})


def _without(raw_dir: Path, source: str, work: Path) -> Path:
    """A raw folder holding every export folder of raw_dir except the source's."""
    raw = work / "raw"
    raw.mkdir(parents=True)
    for folder in raw_dir.iterdir():
        if folder.name != source:
            (raw / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
    return raw


COLUMN_TESTS = ("not_null", "unique", "accepted_values", "unique_combination_of_columns")
EXCLUDED = (
    "--exclude-resource-type",
    "unit_test",
    "--exclude",
    *(
        f"test_name:{test},path:{folder}"
        for test in COLUMN_TESTS
        for folder in ("models/staging", "models/intermediate", "seeds")
    ),
)


def _build(name: str, raw: Path, present: frozenset[str], work: Path, *extra: str) -> Build:
    database = work / "subset.duckdb"
    finished = dbt(
        "build",
        raw,
        database,
        *EXCLUDED,
        *extra,
        work_dir=work,
        env={"KCC_THREADS": "1", "KCC_TRANSCODE_DIR": str(work / "transcoded")},
    )
    results_file = work / "target/run_results.json"
    results = json.loads(results_file.read_text())["results"] if results_file.exists() else []
    failed = tuple(
        result["unique_id"] for result in results if result["status"] in ("error", "fail")
    )
    return Build(name, present, database, finished.returncode, failed, finished.stdout[-3000:])


@pytest.fixture(scope="module")
def builds(
    built_fixture: BuiltFixture, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Build]]:
    work = tmp_path_factory.mktemp("subsets")
    jobs = []
    for source in SOURCES:
        jobs.append(
            (f"only {source}", built_fixture.raw_dir, frozenset({source}),
             work / f"only_{source}", ("--vars", _only(source)))
        )  # fmt: skip
        without = work / f"without_{source}"
        jobs.append(
            (f"without {source}", _without(built_fixture.raw_dir, source, without),
             frozenset(SOURCES) - {source}, without, ())
        )  # fmt: skip
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda job: _build(job[0], job[1], job[2], job[3], *job[4]), jobs))
    yield {build.name: build for build in done}


CONFIGURATIONS = [f"{kind} {source}" for source in SOURCES for kind in ("only", "without")]


def _query(build: Build, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(build.database), read_only=True) as db:
        return db.sql(sql).fetchall()


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_builds_cleanly(builds: dict[str, Build], configuration: str) -> None:
    build = builds[configuration]
    assert build.returncode == 0 and not build.failed_nodes, (
        f"{configuration}: failed {build.failed_nodes}\n{build.log_tail}"
    )


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_contacts_come_only_from_present_sources(
    builds: dict[str, Build], configuration: str
) -> None:
    build = builds[configuration]
    systems = {
        row[0] for row in _query(build, "select distinct source_system from core.fact_contact")
    }
    assert systems <= build.present, f"{configuration}: contacts of {systems - build.present}"
    # Every present contact source yields contacts of its own (or, for kcs, registrations).
    assert systems == build.present & CONTACT_SOURCES


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_kpis_of_absent_sources_are_absent(builds: dict[str, Build], configuration: str) -> None:
    build = builds[configuration]
    families = {
        row[0]
        for row in _query(
            build,
            "select distinct kpis.family from kpi.kpi_values"
            " inner join reference.kpis as kpis using (kpi_code)",
        )
    }
    expected = {family for family, needs in FAMILY_SOURCES.items() if needs & build.present}
    assert families <= expected, f"{configuration}: KPIs of {families - expected}"


@pytest.mark.parametrize("source", SOURCES)
def test_a_switched_off_source_reads_no_file(builds: dict[str, Build], source: str) -> None:
    build = builds[f"only {source}"]
    read = {
        row[0]
        for row in _query(
            build, "select distinct source_name from staging.stg_raw_exports__files where is_read"
        )
    }
    assert read == {source}
