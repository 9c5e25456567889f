"""Short end-of-build summary of a klantcontact DuckDB database."""
