"""Load the raw exports into PostgreSQL (docs/postgres.md): every export file type into one
`text` table `raw.<source>__<file>` with `COPY ... FROM STDIN`, because PostgreSQL cannot
read the export folders in place the way DuckDB's read_csv does."""
