"""Export the marts for Power BI and Excel (docs/exports.md).

    python -m klantcontact.export --database klantcontact.duckdb --out exports

Writes every table of schemas core and kpi, the KPI catalogue (reference.kpis), its
thresholds (reference.kpi_parameters) and the norms seed(s) (reference.kpi_norms*) to
<out>/parquet/<schema>.<table>.parquet and <out>/csv/<schema>.<table>.csv, with
<out>/README.txt and <out>/manifest.json (row counts; descriptions from dbt's
manifest.json when given). Opens the database read-only.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from klantcontact.export.descriptions import read_descriptions
from klantcontact.export.export import export_relations
from klantcontact.export.relations import exported_relations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("KCC_DUCKDB_PATH", "klantcontact.duckdb")),
        help="the built database (default: KCC_DUCKDB_PATH, else klantcontact.duckdb)",
    )
    parser.add_argument("--out", type=Path, default=Path("exports"),
                        help="output folder (default: exports)")
    parser.add_argument(
        "--manifest",
        type=Path,
        default=Path("target/manifest.json"),
        help="dbt's manifest.json for descriptions (default: target/manifest.json; "
        "left out when absent)",
    )
    arguments = parser.parse_args(argv)
    if not arguments.database.exists():
        print(f"No database at {arguments.database}; run `make build` first.", file=sys.stderr)
        return 2
    descriptions = read_descriptions(arguments.manifest)
    with duckdb.connect(str(arguments.database), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        relations = exported_relations(connection)
        if not relations:
            print(f"{arguments.database} has no tables in schemas core and kpi; "
                  "run `make build` first.", file=sys.stderr)
            return 2
        exported = export_relations(
            connection, relations, arguments.out, descriptions, arguments.database.name
        )
    total = sum(item.rows for item in exported)
    described = sum(1 for item in exported if item.relation.qualified_name in descriptions)
    print(
        f"Exported {len(exported)} tables ({total:,} rows) to {arguments.out}/parquet and "
        f"{arguments.out}/csv; {described} described from {arguments.manifest}. "
        f"See {arguments.out}/README.txt."
    )
    return 0
