"""Export the marts to Parquet (Power BI) and CSV (Excel): `make export`, docs/exports.md."""
