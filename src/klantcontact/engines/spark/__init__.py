"""Load the raw exports into Spark's warehouse with Spark's own CSV reader (docs/spark.md)."""
