"""Read one export file type with Spark's CSV reader, as raw_rows reads it in DuckDB.

The inventory (stg_raw_exports__files) decides which files are read and under which
column names (its read_columns: the file's own header order, contract names and
_unexpected_<n>); a Windows-1252 file is read from its UTF-8 copy (read_path). Every
field is a string; an empty field is '' and a field missing from a short record null, as
in DuckDB's read_csv with null_padding. Spark reads an unquoted empty field as null too,
so a short record is told by Spark's corrupt-record column instead, and the nulls of
every other field become ''. In a short record, an empty field followed only by missing
ones stays null (Spark cannot tell them apart); staging quarantines such a record whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

from klantcontact.raw.contract import ContractTable

# Spark puts the text of a record with fewer fields than the header here.
SHORT_RECORD = "_short_record"
# The path below raw_dir of a file read in place or from its copy under
# transcode_dir/<version>/ (both end in <source>/<export date>/<file>.csv).
RELATIVE_PATH = r"([^/]+/[0-9]{4}-[0-9]{2}-[0-9]{2}/[^/]+)$"
LINEAGE = ("_file", "_record_number", "_line_number", "_is_truncated")


def raw_schema(table: ContractTable) -> StructType:
    """raw.<source>__<file>: the contract's columns as strings, then the lineage."""
    from pyspark.sql.types import BooleanType, IntegerType

    return StructType(
        [StructField(column, StringType()) for column in table.columns]
        + [
            StructField("_file", StringType()),
            StructField("_record_number", IntegerType()),
            StructField("_line_number", IntegerType()),
            StructField("_is_truncated", BooleanType()),
        ]
    )


def _read_group(
    spark: SparkSession, table: ContractTable, columns: Sequence[str], paths: Sequence[str]
) -> DataFrame:
    """The files of one header layout, with the file and the reading order of each row."""
    schema = StructType(
        [StructField(column, StringType()) for column in [*columns, SHORT_RECORD]]
    )
    frame = (
        spark.read.schema(schema)
        .option("header", True)
        .option("enforceSchema", True)  # columns by position, named by the inventory
        .option("sep", table.delimiter)
        .option("quote", '"')
        .option("escape", '"')
        .option("mode", "PERMISSIVE")
        .option("multiLine", table.multiline)
        .option("encoding", "UTF-8")
        .option("columnNameOfCorruptRecord", SHORT_RECORD)
        .csv(list(paths))
    )
    line_breaks = sum(
        (F.coalesce(F.length(F.col(column)) - F.length(F.regexp_replace(F.col(column), "\n", "")),
                    F.lit(0))
         for column in columns),
        F.lit(0),
    )  # fmt: skip
    is_truncated = F.col(SHORT_RECORD).isNotNull() & F.col(columns[-1]).isNull()
    return frame.select(
        *[_field(column, columns, is_truncated) for column in table.columns],
        F.regexp_extract(F.col("_metadata.file_path"), RELATIVE_PATH, 1).alias("_file"),
        # Increasing within a Spark partition, and a file is never split over two
        # (command.read_whole_files), so within a file it is the order of the records.
        F.monotonically_increasing_id().alias("_order"),
        line_breaks.alias("_line_breaks"),
        is_truncated.alias("_is_truncated"),
    )


def _field(column: str, columns: Sequence[str], is_truncated: Column) -> Column:
    """The field as DuckDB reads it: '' when empty, null only when missing from a short
    record (no later field present), or when the file does not supply the column (a real
    system's export, klantcontact.raw.formats)."""
    if column not in columns:
        return F.lit(None).cast(StringType()).alias(column)
    later = [F.col(other) for other in columns[columns.index(column) + 1 :]]
    present_later = F.coalesce(*later).isNotNull() if later else F.lit(False)
    missing = is_truncated & ~present_later
    return F.when(F.col(column).isNull() & ~missing, F.lit("")).otherwise(F.col(column)).alias(
        column
    )


def _with_lineage(frame: DataFrame, table: ContractTable) -> DataFrame:
    in_file = Window.partitionBy("_file").orderBy("_order")
    before = in_file.rowsBetween(Window.unboundedPreceding, -1)
    record_number: Column = F.row_number().over(in_file)
    # Header = line 1; every line break inside an earlier record's fields moves a record down.
    line_number = record_number + 1 + F.coalesce(F.sum("_line_breaks").over(before), F.lit(0))
    return frame.select(
        *[F.col(column) for column in table.columns],
        F.col("_file"),
        record_number.cast("int").alias("_record_number"),
        line_number.cast("int").alias("_line_number"),
        F.col("_is_truncated"),
    )


def read_table(
    spark: SparkSession, table: ContractTable, groups: dict[tuple[str, ...], list[str]]
) -> DataFrame:
    """Every readable file of `table`: groups maps a header layout to its files' read paths."""
    frames = [
        _read_group(spark, table, columns, paths) for columns, paths in sorted(groups.items())
    ]
    if not frames:
        return spark.createDataFrame([], raw_schema(table))
    union = frames[0]
    for frame in frames[1:]:
        union = union.unionByName(frame)
    return _with_lineage(union, table)
