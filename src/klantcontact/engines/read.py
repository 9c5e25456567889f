"""A mart as a pandas frame, from whichever engine built it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from klantcontact.settings import SETTINGS


def from_duckdb(database: Path, relation: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(f"select * from {relation}").df()


def from_postgres(relation: str) -> pd.DataFrame:
    from klantcontact.engines.postgres.connection import connect

    with connect() as connection:
        with connection.cursor() as cursor:
            cursor.execute(f"select * from {relation}")
            columns = [column.name for column in cursor.description or []]
            return pd.DataFrame(cursor.fetchall(), columns=columns)


def from_spark(relation: str) -> pd.DataFrame:
    """Through a session on the warehouse and metastore of profiles.yml's spark output (the
    build's dbt process must have ended: embedded Derby admits one process at a time)."""
    from klantcontact.engines.spark.session import spark_parameters, spark_session

    spark = spark_session(spark_parameters(SETTINGS.profiles_dir))
    try:
        frame = spark.table(relation)
        rows = frame.collect()
        return pd.DataFrame([row.asDict() for row in rows], columns=frame.columns)
    finally:
        spark.stop()


def read(engine: str, relation: str, duckdb_path: Path | None = None) -> pd.DataFrame:
    if engine == "duckdb":
        if duckdb_path is None:
            raise ValueError("a DuckDB read needs the database file")
        return from_duckdb(duckdb_path, relation)
    if engine == "postgres":
        return from_postgres(relation)
    if engine == "spark":
        return from_spark(relation)
    raise ValueError(f"unknown engine {engine!r}")
