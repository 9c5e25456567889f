"""One project, three engines: build the same exports on DuckDB, PostgreSQL or Spark and
compare what they give (tests/python/test_engines.py, make bench).

postgres/ and spark/ are the loaders of the engines that cannot read the export folders in
place (`klantcontact load postgres|spark`); the modules here build, read and compare on top
of them and never the other way round.
"""
