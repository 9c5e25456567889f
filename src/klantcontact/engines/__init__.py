"""One project, three engines: build the same exports on DuckDB, PostgreSQL or Spark and
compare what they give (tests/python/test_engines.py, make bench)."""
