"""Write every exported relation to Parquet and CSV with DuckDB's COPY, plus README.txt
and manifest.json listing the files.

DuckDB writes every file (`COPY (select ...) TO ...`): no row passes through Python. The
export is written into a fresh folder next to the output and moved in place at the end,
so a failed export leaves the previous one whole.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from klantcontact.export.descriptions import Described, summary
from klantcontact.export.relations import Relation, csv_expression, parquet_expression

PARQUET_DIR = "parquet"
CSV_DIR = "csv"
CSV_DELIMITER = ";"
# What README.txt and manifest.json say about the CSV files.
CSV_FORMAT = {
    "encoding": "UTF-8 with byte-order mark",
    "delimiter": CSV_DELIMITER,
    "decimal_separator": ",",
    "header": True,
    "timestamps": "YYYY-MM-DD hh:mm:ss; *_at columns in UTC, half_hour_start_local local time",
    "dates": "YYYY-MM-DD (local Europe/Amsterdam dates)",
    "booleans": "true / false",
    "null": "empty field",
}


@dataclass(frozen=True)
class ExportedFile:
    relation: Relation
    rows: int
    parquet_path: str
    csv_path: str


def file_stem(relation: Relation) -> str:
    """`core.fact_contact`: the name analysts query, as the file name."""
    return relation.qualified_name


def _copy_parquet(connection: duckdb.DuckDBPyConnection, relation: Relation, path: Path) -> int:
    columns = ", ".join(parquet_expression(column) for column in relation.columns)
    (rows,) = connection.execute(
        f"copy (select {columns} from {relation.sql_name}) to '{_literal(path)}' "
        "(format parquet, compression snappy)"
    ).fetchone()
    return int(rows)


def _copy_csv(connection: duckdb.DuckDBPyConnection, relation: Relation, path: Path) -> int:
    columns = ", ".join(
        csv_expression(column, first=index == 0) for index, column in enumerate(relation.columns)
    )
    (rows,) = connection.execute(
        f"copy (select {columns} from {relation.sql_name}) to '{_literal(path)}' "
        f"(format csv, header true, delimiter '{CSV_DELIMITER}', quote '\"')"
    ).fetchone()
    return int(rows)


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def export_relations(
    connection: duckdb.DuckDBPyConnection,
    relations: list[Relation],
    out_dir: Path,
    descriptions: dict[str, Described],
    database_name: str,
) -> list[ExportedFile]:
    """Write relations into out_dir (parquet/, csv/, README.txt, manifest.json), replacing
    what an earlier export wrote there; other files in out_dir are left alone."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / ".export-in-progress"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / PARQUET_DIR).mkdir(parents=True)
    (staging / CSV_DIR).mkdir(parents=True)
    exported: list[ExportedFile] = []
    for relation in relations:
        parquet_path = f"{PARQUET_DIR}/{file_stem(relation)}.parquet"
        csv_path = f"{CSV_DIR}/{file_stem(relation)}.csv"
        parquet_rows = _copy_parquet(connection, relation, staging / parquet_path)
        csv_rows = _copy_csv(connection, relation, staging / csv_path)
        if parquet_rows != csv_rows:
            raise RuntimeError(
                f"{relation.qualified_name}: {parquet_rows} rows to Parquet, {csv_rows} to CSV"
            )
        exported.append(ExportedFile(relation, parquet_rows, parquet_path, csv_path))
    generated_at = datetime.now(UTC).replace(microsecond=0)
    (staging / "manifest.json").write_text(
        json.dumps(_manifest(exported, descriptions, database_name, generated_at), indent=2,
                   ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (staging / "README.txt").write_text(
        _readme(exported, descriptions, database_name, generated_at), encoding="utf-8"
    )
    for name in (PARQUET_DIR, CSV_DIR, "manifest.json", "README.txt"):
        target = out_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        (staging / name).rename(target)
    staging.rmdir()
    return exported


def _manifest(
    exported: list[ExportedFile],
    descriptions: dict[str, Described],
    database_name: str,
    generated_at: datetime,
) -> dict[str, object]:
    files = []
    for item in exported:
        described = descriptions.get(item.relation.qualified_name, Described())
        files.append({
            "relation": item.relation.qualified_name,
            "rows": item.rows,
            "parquet": item.parquet_path,
            "csv": item.csv_path,
            "description": described.description.strip(),
            "columns": [
                {
                    "name": column.name,
                    "type": column.data_type,
                    "description": described.columns.get(column.name, "").strip(),
                }
                for column in item.relation.columns
            ],
        })
    return {
        "generated_at": generated_at.isoformat(),
        "database": database_name,
        "csv_format": CSV_FORMAT,
        "files": files,
    }


def _readme(
    exported: list[ExportedFile],
    descriptions: dict[str, Described],
    database_name: str,
    generated_at: datetime,
) -> str:
    lines = [
        "klantcontact exports",
        "====================",
        "",
        f"Written {generated_at.isoformat()} from {database_name} by `make export`",
        "(klantcontact export). Guide: docs/exports.md in the project; the",
        "data dictionary with every column is manifest.json next to this file.",
        "",
        "parquet/  one Parquet file per table (Power BI: Get Data > Parquet)",
        "csv/      the same tables as CSV for Excel (Data > From Text/CSV):",
        "          UTF-8 with byte-order mark, delimiter ';', decimal comma,",
        "          timestamps YYYY-MM-DD hh:mm:ss (*_at columns in UTC), dates YYYY-MM-DD.",
        "",
        "No file holds names, phone numbers, e-mail addresses, BSNs or addresses:",
        "customers and staff are pseudonymous keys. Keep the files inside the organisation.",
        "",
        f"{'file (parquet/ and csv/)':<48} {'rows':>10}  description",
        f"{'-' * 48} {'-' * 10}  {'-' * 11}",
    ]
    for item in exported:
        described = descriptions.get(item.relation.qualified_name, Described())
        lines.append(
            f"{file_stem(item.relation):<48} {item.rows:>10,}  {summary(described.description)}"
        )
    return "\n".join(lines) + "\n"
