"""raw.export_files and raw.public_holidays: the project's two Python models, computed by
klantcontact.raw.python_models, as Spark tables of the same columns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DataType,
    DateType,
    LongType,
    StringType,
    StructField,
    StructType,
)

_TEXT: DataType = StringType()
_TEXTS: DataType = ArrayType(StringType())

# The columns of stg_raw_exports__files (its COLUMNS), in order.
EXPORT_FILES = StructType(
    [
        StructField("file_path", _TEXT),
        StructField("source_name", _TEXT),
        StructField("table_name", _TEXT),
        StructField("export_date", DateType()),
        StructField("size_bytes", LongType()),
        StructField("file_version", _TEXT),
        StructField("contract_version", _TEXT),
        StructField("physical_lines", LongType()),
        StructField("encoding", _TEXT),
        StructField("header_columns", _TEXTS),
        StructField("read_columns", _TEXTS),
        StructField("is_read", BooleanType()),
        StructField("read_path", _TEXT),
        StructField("fault_kinds", _TEXTS),
        StructField("fault_severities", _TEXTS),
        StructField("fault_messages", _TEXTS),
        StructField("format_name", _TEXT),
    ]
)

PUBLIC_HOLIDAYS = StructType(
    [
        StructField("holiday_date", DateType()),
        StructField("holiday_name", _TEXT),
        StructField("holiday_source", _TEXT),
    ]
)


def _value(value: Any, kind: DataType) -> Any:
    """A pandas cell as the Python value Spark expects (NaT/NaN/None to None)."""
    if isinstance(kind, ArrayType):
        return None if value is None else [str(item) for item in value]
    if value is None or (not isinstance(value, (list, str)) and pd.isna(value)):
        return None
    if isinstance(kind, DateType):
        return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
    if isinstance(kind, LongType):
        return int(value)
    if isinstance(kind, BooleanType):
        return bool(value)
    return str(value)


def frame_of(spark: SparkSession, data: pd.DataFrame, schema: StructType) -> DataFrame:
    """`data` (columns named as in schema) as a Spark DataFrame, without Arrow."""
    rows = [
        tuple(_value(record[field.name], field.dataType) for field in schema.fields)
        for record in data.to_dict("records")
    ]
    return spark.createDataFrame(rows, schema)
