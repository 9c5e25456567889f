"""`make export` (klantcontact export): every mart in Parquet and CSV, the same
rows and columns as the database, CSVs as Dutch Excel reads them, and a README and
manifest listing every file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, BuiltFixture

from klantcontact.cli import main


@dataclass(frozen=True)
class Export:
    out_dir: Path
    manifest: dict[str, object]

    @property
    def files(self) -> list[dict[str, object]]:
        return self.manifest["files"]  # type: ignore[return-value]


@pytest.fixture(scope="module")
def export(built_fixture: BuiltFixture, tmp_path_factory: pytest.TempPathFactory) -> Export:
    out_dir = tmp_path_factory.mktemp("exports")
    dbt_manifest = PROJECT_DIR / "target" / "manifest.json"
    assert main([
        "export",
        "--database", str(built_fixture.database),
        "--out", str(out_dir),
        "--manifest", str(dbt_manifest),
    ]) == 0  # fmt: skip
    return Export(out_dir, json.loads((out_dir / "manifest.json").read_text(encoding="utf-8")))


def _database_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.sql(
        """
        select table_schema || '.' || table_name
        from information_schema.tables
        where table_schema in ('core', 'kpi')
            or (table_schema = 'reference'
                and (table_name in ('kpis', 'norm_profiles')
                    or table_name like 'kpi_norms%' or table_name like 'kpi_parameters%'))
        """
    ).fetchall()
    return {name for (name,) in rows}


def test_every_core_and_kpi_table_is_exported_in_both_formats(
    export: Export, connection: duckdb.DuckDBPyConnection
) -> None:
    tables = _database_tables(connection)
    expected = {
        "core.fact_contact", "kpi.kpi_values", "core.dim_norm_profile", "reference.kpis",
        "reference.kpi_norms", "reference.kpi_parameters", "reference.norm_profiles",
    }
    assert expected <= tables
    assert {item["relation"] for item in export.files} == tables
    assert {path.stem for path in (export.out_dir / "parquet").glob("*.parquet")} == tables
    assert {path.stem for path in (export.out_dir / "csv").glob("*.csv")} == tables
    for item in export.files:
        assert (export.out_dir / str(item["parquet"])).is_file()
        assert (export.out_dir / str(item["csv"])).is_file()


def test_row_counts_equal_the_database(
    export: Export, connection: duckdb.DuckDBPyConnection
) -> None:
    for item in export.files:
        relation = str(item["relation"])
        (database_rows,) = connection.sql(f"select count(*) from {relation}").fetchone()
        parquet = export.out_dir / str(item["parquet"])
        csv = export.out_dir / str(item["csv"])
        (parquet_rows,) = connection.execute("select count(*) from read_parquet(?)",
                                             [str(parquet)]).fetchone()
        (csv_rows,) = connection.execute(
            "select count(*) from read_csv(?, delim = ';', header = true, all_varchar = true)",
            [str(csv)],
        ).fetchone()
        assert item["rows"] == database_rows == parquet_rows == csv_rows, relation
    rows = {item["relation"]: int(item["rows"]) for item in export.files}
    assert rows["core.fact_contact"] > 0 and rows["kpi.kpi_values"] > 0


def test_parquet_round_trips_with_the_same_columns_and_rows(
    export: Export, connection: duckdb.DuckDBPyConnection
) -> None:
    for item in export.files:
        relation = str(item["relation"])
        parquet = str(export.out_dir / str(item["parquet"]))
        database_columns = connection.sql(f"describe {relation}").fetchall()
        parquet_columns = connection.execute(
            "describe select * from read_parquet(?)", [parquet]
        ).fetchall()
        names = [column[0] for column in parquet_columns]
        assert names == [column[0] for column in database_columns], relation
        for (name, parquet_type, *_), (_, database_type, *_) in zip(
            parquet_columns, database_columns, strict=True
        ):
            # HUGEINT (sums of integers) has no Parquet type: exported as BIGINT.
            expected = "BIGINT" if database_type == "HUGEINT" else database_type
            assert parquet_type == expected, f"{relation}.{name}"
        (differences,) = connection.execute(
            f"""
            select count(*) from (
                (select * from {relation} except all select * from read_parquet($1))
                union all
                (select * from read_parquet($1) except all select * from {relation})
            )
            """,
            [parquet],
        ).fetchone()
        assert differences == 0, relation


def test_csv_is_utf8_with_bom_semicolons_and_decimal_commas(
    export: Export, connection: duckdb.DuckDBPyConnection
) -> None:
    csv = export.out_dir / "csv" / "kpi.kpi_values.csv"
    raw = csv.read_bytes()
    assert raw.startswith(
        b"\xef\xbb\xbfgemeente_code;kpi_code;period_grain;period_start;channel_key;"
    )
    header, first_row = raw[3:].decode("utf-8").splitlines()[:2]
    assert len(first_row.split(";")) == len(header.split(";"))
    read_back = connection.execute(
        "select kpi_code, period_grain, period_start, channel_key, value "
        "from read_csv(?, delim = ';', decimal_separator = ',', header = true)",
        [str(csv)],
    )
    assert [column[0] for column in read_back.description][0] == "kpi_code"
    (csv_sum, database_sum) = connection.execute(
        """
        select
            (select sum(value) from read_csv(?, delim = ';', decimal_separator = ',')),
            (select sum(value) from kpi.kpi_values)
        """,
        [str(csv)],
    ).fetchone()
    assert csv_sum == pytest.approx(database_sum, rel=1e-9)
    contacts = (export.out_dir / "csv" / "core.fact_contact.csv").read_text(encoding="utf-8-sig")
    # timestamptz as Excel parses it: no time-zone suffix (UTC, README.txt says so).
    started_at = contacts.splitlines()[1].split(";")[
        contacts.splitlines()[0].split(";").index("started_at")
    ]
    assert len(started_at) == 19 and started_at[10] == " ", started_at


def test_readme_and_manifest_describe_every_file(export: Export) -> None:
    readme = (export.out_dir / "README.txt").read_text(encoding="utf-8")
    for item in export.files:
        line = next(line for line in readme.splitlines() if line.startswith(f"{item['relation']} "))
        assert f"{int(item['rows']):,}" in line
        # Descriptions come from dbt's manifest: every exported relation is documented.
        assert item["description"], item["relation"]
        assert all(column["description"] for column in item["columns"]), item["relation"]
    assert "delimiter ';'" in readme and "decimal comma" in readme
    assert export.manifest["csv_format"]["delimiter"] == ";"  # type: ignore[index]


def test_export_replaces_the_previous_one(
    built_fixture: BuiltFixture, tmp_path: Path
) -> None:
    stale = tmp_path / "csv" / "core.dropped_table.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    keep = tmp_path / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    assert main(["export", "--database", str(built_fixture.database), "--out", str(tmp_path),
                 "--manifest", str(tmp_path / "no-manifest.json")]) == 0
    assert not stale.exists()
    assert keep.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / ".export-in-progress").exists()


def test_export_without_database_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "absent.duckdb"
    assert main(["export", "--database", str(absent), "--out", str(tmp_path)]) == 2
    assert "make build" in capsys.readouterr().err
