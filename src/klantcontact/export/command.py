"""`klantcontact export`: the marts for Power BI and Excel (docs/exports.md).

    klantcontact export --database klantcontact.duckdb --out exports

Writes every table of schemas core and kpi, the KPI catalogue (reference.kpis), the norm
profiles (reference.norm_profiles), the thresholds and norms seed(s)
(reference.kpi_parameters*, reference.kpi_norms*) to
<out>/parquet/<schema>.<table>.parquet and <out>/csv/<schema>.<table>.csv, with
<out>/README.txt and <out>/manifest.json (row counts; descriptions from dbt's
manifest.json when given). Opens the database read-only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from klantcontact.export.descriptions import read_descriptions
from klantcontact.export.export import export_relations
from klantcontact.export.relations import exported_relations


def run(database: Path, out: Path, manifest: Path) -> int:
    """Export every relation of database into out; 2 when there is nothing to export."""
    if not database.exists():
        print(f"No database at {database}; run `make build` first.", file=sys.stderr)
        return 2
    descriptions = read_descriptions(manifest)
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        relations = exported_relations(connection)
        if not relations:
            print(f"{database} has no tables in schemas core and kpi; "
                  "run `make build` first.", file=sys.stderr)
            return 2
        exported = export_relations(connection, relations, out, descriptions, database.name)
    total = sum(item.rows for item in exported)
    described = sum(1 for item in exported if item.relation.qualified_name in descriptions)
    print(
        f"Exported {len(exported)} tables ({total:,} rows) to {out}/parquet and "
        f"{out}/csv; {described} described from {manifest}. "
        f"See {out}/README.txt."
    )
    return 0
