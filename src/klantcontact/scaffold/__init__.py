"""Scaffold a new export source: `klantcontact new-source NAME --sample export.csv`.

Reads a sample export's header, then writes the source's YAML, base and staged models
(and, for a channel or a telephony vendor, the model on its contract), registers the
source in dbt_project.yml (kcc_sources) and writes a documentation stub. Everything it
writes is a starting point with TODOs: docs/adding-a-source.md is the walk-through.
"""
