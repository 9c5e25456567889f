"""`klantcontact load spark`: the raw exports into Spark's warehouse (docs/spark.md).

    klantcontact load spark [--raw-dir data/raw]

Writes, in database `raw` of the metastore and warehouse of the `spark` output of
profiles.yml (the ones dbt uses with KCC_TARGET=spark):
- raw.<source>__<file> for every export file type of the contract: its columns as strings
  in contract order, then _file (path below raw_dir), _record_number (1 = first record of
  the file), _line_number (physical line where the record starts, header = 1) and
  _is_truncated (the record had fewer fields than the header), read with Spark's CSV reader
  from the files the inventory marks readable;
- raw.export_files: the inventory, stg_raw_exports__files;
- raw.public_holidays: int_public_holidays_listed.
Every run replaces the tables. File faults are the inventory's, reported by dbt
(quality.raw_file_faults), as in the DuckDB build.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd
from pyspark.sql import DataFrame, SparkSession

from klantcontact.engines.spark.reader import read_table
from klantcontact.engines.spark.session import spark_parameters, spark_session
from klantcontact.engines.spark.tables import EXPORT_FILES, PUBLIC_HOLIDAYS, frame_of
from klantcontact.raw.contract import ContractTable, enabled_tables, read_contract
from klantcontact.raw.python_models import public_holidays, raw_file_inventory
from klantcontact.settings import SETTINGS


def read_groups(inventory: pd.DataFrame, table: ContractTable) -> dict[tuple[str, ...], list[str]]:
    """The readable files of `table` by header layout (read_columns), in file_path order."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    files = inventory[
        (inventory["source_name"] == table.source)
        & (inventory["table_name"] == table.name)
        & inventory["is_read"]
    ].sort_values("file_path")
    for record in files.to_dict("records"):
        groups[tuple(record["read_columns"])].append(str(record["read_path"]))
    return dict(groups)


def read_whole_files(spark: SparkSession, inventory: pd.DataFrame) -> None:
    """No file split over two Spark partitions: record order within a file is then the
    reading order (reader._read_group). Splits are at most maxPartitionBytes long."""
    largest = int(inventory["size_bytes"].max()) if len(inventory) else 0
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(max(largest + 1, 128 * 1024 * 1024)))


def write(frame: DataFrame, name: str) -> int:
    frame.write.mode("overwrite").format("parquet").saveAsTable(name)
    return frame.sparkSession.table(name).count()


def run(raw_dir: Path | None, project_dir: Path, profiles_dir: Path, database: str) -> int:
    """Load the exports of raw_dir (default: KCC_RAW_DIR, else the var raw_dir) into the
    Spark database; 2 when raw_dir is not a folder."""
    project = SETTINGS.for_project(project_dir)
    raw_dir = (raw_dir or project.raw_dir).resolve()
    if not raw_dir.is_dir():
        print(f"raw dir {raw_dir} is not a folder", file=sys.stderr)
        return 2
    tables = read_contract(project.project_dir)
    started = time.monotonic()
    inventory = raw_file_inventory(raw_dir, project.transcode_dir, enabled_tables(tables))
    variables = project.project_vars
    holidays = public_holidays(str(variables["calendar_start"]), str(variables["calendar_end"]))
    spark = spark_session(spark_parameters(profiles_dir))
    spark.sql(f"create database if not exists {database}")
    read_whole_files(spark, inventory)
    counts = {
        "export_files": write(frame_of(spark, inventory, EXPORT_FILES), f"{database}.export_files"),
        "public_holidays": write(frame_of(spark, holidays, PUBLIC_HOLIDAYS),
                                 f"{database}.public_holidays"),
    }
    for table in tables:
        frame = read_table(spark, table, read_groups(inventory, table))
        counts[table.table_name] = write(frame, f"{database}.{table.table_name}")
    width = max(len(name) for name in counts) + len(database) + 1
    for name, rows in counts.items():
        print(f"{database + '.' + name:<{width}}  {rows:>9}")
    print(f"loaded {len(counts)} tables into Spark database {database} "
          f"in {time.monotonic() - started:.1f} s")
    return 0
