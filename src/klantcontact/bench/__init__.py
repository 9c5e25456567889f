"""`make bench`: time generation, full and one-day dbt builds and the raw read floor."""
