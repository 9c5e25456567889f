"""Several municipalities in one warehouse (docs/multi-municipality.md): the fixture
municipality (0307) and a second, smaller one (0344) built by `klantcontact pool`
into one DuckDB file, each into its own schema set, and pooled. Each municipality's rows
of pooled.pooled_kpi_values must equal its kpi_values built alone.

`make test-pooled` (not part of `make test`). The single build of 0307 is the fixture
database (KCC_TEST_DUCKDB) when it was built from KCC_TEST_RAW_DIR by this version of the
project; otherwise it is built here. The single build of 0344 runs while the pooled
warehouse builds (another file, another target folder), and without its data tests: the
pooled build runs them on the same exports.
"""

from __future__ import annotations

import math
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURE_ARGS, PROJECT_DIR, dbt, generate

from klantcontact.cli import main
from klantcontact.settings import SETTINGS

pytestmark = pytest.mark.pooled

FIRST = "0307"
SECOND = "0344"
SECOND_NAME = "Utrecht"
# A small municipality over three weeks. Seed 11 gives no Signalen feedback in those three
# weeks, so mor_satisfied would be absent and assert_every_kpi_at_every_grain fail; seed
# 12 has some.
SECOND_ARGS = [
    "--inhabitants", "3000", "--start", "2025-04-14", "--days", "21", "--seed", "12",
    "--fault-rate", "0.02", "--formats", "contract",
]  # fmt: skip
# Unit tests check SQL logic on fixed inputs, the same in every schema: `make dbt-test`
# runs them. Data tests run on the pooled builds.
POOLED_DBT_ARGS = ["--exclude-resource-type", "unit_test"]
SINGLE_DBT_ARGS = ["--exclude-resource-type", "unit_test", "--exclude-resource-type", "test"]


@dataclass(frozen=True)
class Warehouses:
    pooled: Path
    single: dict[str, Path]
    raw: dict[str, Path]


def _inventory_matches(database: Path, raw_dir: Path) -> bool:
    """The database was built by this version of the project (kpi_values has
    gemeente_code) for municipality 0307, from exactly the files of raw_dir."""
    on_disk = {
        f"{path.parent.parent.name}/{path.parent.name}/{path.name}": path.stat().st_size
        for path in raw_dir.glob("*/*/*.csv")
    }
    root = str(raw_dir.resolve())
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            columns = {
                name
                for (name,) in connection.execute(
                    "select column_name from information_schema.columns"
                    " where table_schema = 'kpi' and table_name = 'kpi_values'"
                ).fetchall()
            }
            codes = connection.execute("select gemeente_code from core.dim_municipality").fetchall()
            files = connection.execute(
                "select file_path, size_bytes, read_path from staging.stg_raw_exports__files"
            ).fetchall()
    except duckdb.Error:
        return False
    return (
        "gemeente_code" in columns
        and codes == [(FIRST,)]
        and {path: size for path, size, _ in files} == on_disk
        and any(read_path and read_path.startswith(root) for _, _, read_path in files)
    )


def _single_build(raw_dir: Path, database: Path, work_dir: Path, code: str, name: str | None):
    """Start a build of one municipality alone into its own file (plain schema names)."""
    municipality = f"municipality_cbs_code: '{code}'" + (
        f", municipality_name: '{name}'" if name else ""
    )
    return subprocess.Popen(
        [
            str(SETTINGS.dbt), "build",
            "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
            "--vars", "{" + municipality + "}", *SINGLE_DBT_ARGS,
        ],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "KCC_RAW_DIR": str(raw_dir),
            "KCC_DUCKDB_PATH": str(database),
            "KCC_TRANSCODE_DIR": str(work_dir / "transcoded"),
            "KCC_SCHEMA_PREFIX": "",
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> Warehouses:
    work = tmp_path_factory.mktemp("pooled")
    given_raw, given_database = SETTINGS.test_raw_dir, SETTINGS.test_database
    if given_raw and (given_raw / "_generator" / "summary.json").exists():
        first_raw = given_raw
    else:
        first_raw = work / "raw_0307"
        generate(first_raw, *FIXTURE_ARGS)
    second_raw = work / "raw_0344"
    generate(second_raw, *SECOND_ARGS)

    singles = {SECOND: work / "single_0344.duckdb"}
    builds = {SECOND: _single_build(second_raw, singles[SECOND], work / "single_0344", SECOND,
                                    SECOND_NAME)}  # fmt: skip
    if given_database and _inventory_matches(given_database, first_raw):
        singles[FIRST] = given_database
    else:
        singles[FIRST] = work / "single_0307.duckdb"
        # One at a time: two builds already share the two cores with the pooled one.
        result = dbt("build", first_raw, singles[FIRST], *SINGLE_DBT_ARGS,
                     work_dir=work / "single_0307", env={"KCC_SCHEMA_PREFIX": ""})  # fmt: skip
        assert result.returncode == 0, result.stdout[-5000:]

    pooled = work / "pooled.duckdb"
    pool_target = work / "pool"
    status = main([
        "pool",
        f"{FIRST}={first_raw}",
        f"{SECOND}:{SECOND_NAME}={second_raw}",
        "--database", str(pooled),
        "--log-dir", str(pool_target / "output"),
        "--dbt-args=" + " ".join([
            *POOLED_DBT_ARGS,
            "--target-path", str(pool_target / "target"),
            "--log-path", str(pool_target / "logs"),
        ]),
    ])  # fmt: skip
    output, _ = builds[SECOND].communicate()
    assert builds[SECOND].returncode == 0, output[-5000:]
    assert status == 0, f"klantcontact pool failed; its dbt output is in {pool_target}/output"
    return Warehouses(pooled, singles, {FIRST: first_raw, SECOND: second_raw})


def _kpi_values(database: Path, relation: str, code: str) -> tuple[list[str], list[tuple]]:
    """The columns of kpi_values (without gemeente_code) and the municipality's rows,
    sorted by the key."""
    with duckdb.connect(str(database), read_only=True) as connection:
        (catalog,) = connection.execute("select current_database()").fetchone()
        qualified = f'"{catalog}".{relation}'
        columns = [
            name for (name, *_) in connection.execute(f"describe {qualified}").fetchall()
            if name != "gemeente_code"
        ]  # fmt: skip
        rows = connection.execute(
            f"select {', '.join(columns)} from {qualified} where gemeente_code = ?"
            " order by kpi_code, period_grain, period_start, channel_key",
            [code],
        ).fetchall()
    return columns, rows


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)
    return left == right


@pytest.mark.parametrize("code", [FIRST, SECOND])
def test_pooled_kpis_equal_the_single_build(warehouses: Warehouses, code: str) -> None:
    single_columns, single = _kpi_values(warehouses.single[code], "kpi.kpi_values", code)
    pooled_columns, pooled = _kpi_values(warehouses.pooled, "pooled.pooled_kpi_values", code)
    assert pooled_columns == single_columns
    assert single, f"no kpi_values for {code} in its single build"
    assert len(pooled) == len(single)
    differences = [
        (single_row[:4], column, single_value, pooled_value)
        for single_row, pooled_row in zip(single, pooled, strict=True)
        for column, single_value, pooled_value in zip(
            single_columns, single_row, pooled_row, strict=True
        )
        if not _same(single_value, pooled_value)
    ]
    assert not differences, f"{len(differences)} differences, e.g. {differences[:5]}"


def test_every_row_carries_its_municipality(warehouses: Warehouses) -> None:
    with duckdb.connect(str(warehouses.pooled), read_only=True) as connection:
        (catalog,) = connection.execute("select current_database()").fetchone()
        municipalities = connection.execute(
            f'select gemeente_code, gemeente_name, schema_prefix from "{catalog}".pooled'
            ".pooled_dim_municipality order by 1"
        ).fetchall()
        pooled_codes = connection.execute(
            f'select gemeente_code, count(*) from "{catalog}".pooled.pooled_kpi_values'
            " group by 1 order by 1"
        ).fetchall()
        schemas = {
            name
            for (name,) in connection.execute(
                "select schema_name from information_schema.schemata"
                " where catalog_name = current_database()"
            ).fetchall()
        }
        # Each municipality's own tables carry its code, and only its code.
        own_codes = {
            code: connection.execute(
                f'select distinct gemeente_code from "{catalog}".gm{code}_core.fact_contact'
                f' union select distinct gemeente_code from "{catalog}".gm{code}_kpi.kpi_values'
                f' union select distinct gemeente_code from "{catalog}".gm{code}_staging'
                ".stg_balie__visits"
            ).fetchall()
            for code in (FIRST, SECOND)
        }
    assert [code for code, _, _ in municipalities] == [FIRST, SECOND]
    assert municipalities[1][1] == SECOND_NAME
    assert [prefix for _, _, prefix in municipalities] == [f"gm{FIRST}_", f"gm{SECOND}_"]
    assert [code for code, _ in pooled_codes] == [FIRST, SECOND]
    assert all(rows > 0 for _, rows in pooled_codes)
    assert own_codes == {FIRST: [(FIRST,)], SECOND: [(SECOND,)]}
    for code in (FIRST, SECOND):
        assert {f"gm{code}_{layer}" for layer in ("staging", "core", "kpi")} <= schemas
    # No municipality was built into the plain schema names of a single build.
    assert not schemas & {"staging", "intermediate", "core", "kpi", "quality", "reference"}
    for code in (FIRST, SECOND):
        with duckdb.connect(str(warehouses.single[code]), read_only=True) as connection:
            single_codes = connection.execute(
                "select distinct gemeente_code from kpi.kpi_values"
            ).fetchall()
        assert single_codes == [(code,)]
