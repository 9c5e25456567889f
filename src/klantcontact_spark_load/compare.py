"""Compare kpi.kpi_values of the Spark build with a DuckDB build of the same exports.

    python -m klantcontact_spark_load.compare --duckdb build/test.duckdb \
        --spark-warehouse build/spark/warehouse

DuckDB reads the Spark table's parquet files itself, so no Spark session is needed.
Rows are matched on (kpi_code, period_grain, period_start, channel); every row must be on
both sides, text and booleans equal, numbers equal to --tolerance (absolute, or relative
to the larger value). Prints the differences; exit status 1 when there are any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

KEYS = ("kpi_code", "period_grain", "period_start", "channel")
NUMBERS = ("numerator", "denominator", "value", "norm_value", "value_previous_year")
OTHERS = ("unit", "norm_operator", "meets_norm")


def differences(duckdb_path: Path, warehouse: Path, tolerance: float) -> list[tuple]:
    connection = duckdb.connect(str(duckdb_path), read_only=True)
    parquet = str(warehouse / "kpi.db" / "kpi_values" / "*.parquet")
    connection.execute(
        f"create temp view spark_kpi_values as select * from read_parquet('{parquet}')"
    )
    join = " and ".join(f"d.{key} is not distinct from s.{key}" for key in KEYS)
    number_differs = " or ".join(
        f"(d.{column} is null) <> (s.{column} is null)"
        f" or abs(d.{column} - s.{column})"
        f" > {tolerance} * greatest(1, abs(d.{column}), abs(s.{column}))"
        for column in NUMBERS
    )
    other_differs = " or ".join(f"d.{column} is distinct from s.{column}" for column in OTHERS)
    keys = ", ".join(f"coalesce(d.{key}, s.{key}) as {key}" for key in KEYS)
    columns = ", ".join(f"d.{column} as duckdb_{column}, s.{column} as spark_{column}"
                        for column in NUMBERS + OTHERS)
    query = f"""
        select
            {keys}, d.kpi_code is null as only_spark, s.kpi_code is null as only_duckdb,
            {columns}
        from kpi.kpi_values as d
        full outer join spark_kpi_values as s on {join}
        where d.kpi_code is null or s.kpi_code is null or {number_differs} or {other_differs}
        order by 1, 2, 3, 4
    """
    rows = connection.execute(query).fetchall()
    counts = connection.execute(
        "select (select count(*) from kpi.kpi_values), (select count(*) from spark_kpi_values)"
    ).fetchone()
    print(f"kpi_values rows: duckdb {counts[0]}, spark {counts[1]}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duckdb", type=Path, required=True)
    parser.add_argument("--spark-warehouse", type=Path, required=True)
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--show", type=int, default=20, help="differences printed")
    arguments = parser.parse_args(argv)
    rows = differences(arguments.duckdb, arguments.spark_warehouse, arguments.tolerance)
    for row in rows[: arguments.show]:
        print(row)
    print(f"{len(rows)} row(s) differ")
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main())
