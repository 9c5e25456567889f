"""The same fixture exports on DuckDB, PostgreSQL and Spark give the same kpi_values: every
KPI, grain, period and channel, every number equal to 1e-9 (make test-engines).

PostgreSQL runs as the project's own server (scripts/pg.sh, build/pg) and Spark in dbt-spark's
session mode with a project-local warehouse (build/spark); both load the exports with their
loaders first. DuckDB is the reference: the fixture build of `make test` when there is one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import BuiltFixture

from klantcontact.engines.build import BuildFailed, build
from klantcontact.engines.compare import differences
from klantcontact.engines.read import read

pytestmark = pytest.mark.engines
# The star schema's facts: the same rows on every engine, counted.
FACTS = ("core.fact_contact", "core.fact_case", "core.fact_callback", "core.fact_survey_response")


@pytest.fixture(scope="module")
def reference(built_fixture: BuiltFixture) -> pd.DataFrame:
    return read("duckdb", "kpi.kpi_values", built_fixture.database)


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_kpi_values_equal_duckdb(
    engine: str,
    built_fixture: BuiltFixture,
    reference: pd.DataFrame,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    work: Path = tmp_path_factory.mktemp(engine)
    try:
        built = build(engine, built_fixture.raw_dir, work)
    except BuildFailed as failure:
        pytest.fail(str(failure))
    print(f"{engine}: " + ", ".join(f"{s.name} {s.seconds:.0f} s" for s in built.steps))
    values = read(engine, "kpi.kpi_values")
    assert len(reference) > 5000, "the DuckDB reference build has too few KPI rows"
    found = differences(reference, values)
    assert not found, (
        f"{len(found)} differences between duckdb and {engine} "
        f"({len(reference)} and {len(values)} rows); first 20:\n"
        + "\n".join(str(difference) for difference in found[:20])
    )
    for fact in FACTS:
        expected = len(read("duckdb", fact, built_fixture.database))
        assert len(read(engine, fact)) == expected, f"{fact} on {engine}"
