"""The same demo world as real systems' exports and as contract files gives the same KPIs.

`klantcontact generate --formats real` writes Signalen's datawarehouse dump (loose files and,
on Sundays, its zip), Matomo's reports and Open Formulieren's submissions exports;
`--formats contract` writes the same meldingen, visits and searches as the project's
contract files. Both are built in full, without planted faults (they are written into the
contract files only), and every KPI whose inputs both formats carry must be equal, row for
row. What the real exports cannot carry (page feedback, form starts, authentication method)
is absent from the real build, never zero.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import dbt, generate

pytestmark = pytest.mark.real_formats

ARGS = ("--inhabitants", "4000", "--start", "2025-04-14", "--days", "28", "--seed", "11",
        "--fault-rate", "0")  # fmt: skip
# KPIs computed from the inputs a real export has too.
SHARED = (
    "starts_with(kpi_code, 'mor_') or kpi_code in ('web_pageviews', 'web_search_exit', "
    "'web_search_simple', 'web_search_no_result')"
)
# KPIs that need what the real exports do not hold.
NOT_IN_REAL_EXPORTS = ("web_useful", "frm_started", "frm_completion", "frm_quality")


def _build(work: Path, formats: str) -> Path:
    raw, database = work / "raw", work / "build.duckdb"
    generate(raw, *ARGS, "--formats", formats)
    finished = dbt("build", raw, database, "--exclude-resource-type", "unit_test", work_dir=work)
    assert finished.returncode == 0, finished.stdout[-5000:]
    return database


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        formats: _build(tmp_path_factory.mktemp(f"demo_{formats}"), formats)
        for formats in ("real", "contract")
    }


def _rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def _kpi_values(database: Path, where: str) -> list[tuple]:
    return _rows(
        database,
        "select kpi_code, period_grain, period_start, channel_key, numerator, denominator, value "
        f"from kpi.kpi_values where {where} order by all",
    )


def test_the_real_build_reads_every_real_file(builds: dict[str, Path]) -> None:
    formats = _rows(
        builds["real"],
        "select format_name, count(*) filter (where is_read) from staging.stg_raw_exports__files"
        " where source_name in ('mor', 'web') group by all order by all",
    )
    assert [name for name, read in formats if read] == [
        "matomo", "openforms_submissions", "signalen_dump",
    ]  # fmt: skip
    assert _rows(builds["real"], "select count(*) from quality.raw_file_faults") == [(0,)]


def test_kpis_of_shared_inputs_are_equal(builds: dict[str, Path]) -> None:
    real = _kpi_values(builds["real"], SHARED)
    contract = _kpi_values(builds["contract"], SHARED)
    # Every shared KPI has values to compare, so equality cannot hold by both being empty.
    codes = {row[0] for row in contract}
    assert {"mor_on_time", "mor_digital_share", "web_pageviews", "web_search_no_result"} <= codes
    assert len(contract) > 500
    assert real == contract


@pytest.mark.parametrize("code", NOT_IN_REAL_EXPORTS)
def test_kpis_the_real_exports_cannot_support_are_absent(
    builds: dict[str, Path], code: str
) -> None:
    where = f"kpi_code = '{code}'"
    assert _kpi_values(builds["contract"], where), f"{code} is in the contract build"
    assert _kpi_values(builds["real"], where) == []
