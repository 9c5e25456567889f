"""The raw layer of the engines that cannot read export folders in place (PostgreSQL, Spark).

DuckDB reads the exports inside dbt: the Python models stg_raw_exports__files (the file
inventory) and int_public_holidays_listed (the CAO holidays) run in dbt-duckdb. dbt-postgres
and dbt-spark's session mode run no Python models, so the loaders compute both tables with
the very same model code (python_models) and load them, beside the raw rows, into schema
`raw`, where the SQL variants of those two models read them.
"""
