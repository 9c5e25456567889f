"""The export contract as data: every table of models/staging/*/_*__sources.yml with its
columns in file order and its meta `delimiter` / `multiline` (docs/raw-validation-contract.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from klantcontact.settings import SETTINGS


@dataclass(frozen=True)
class ContractTable:
    source: str
    name: str
    delimiter: str
    multiline: bool
    columns: tuple[str, ...]

    @property
    def table_name(self) -> str:
        """The table in schema raw of a loaded engine (PostgreSQL, Spark): `<source>__<file>`."""
        return f"{self.source}__{self.name}"

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _meta(table: dict[str, Any]) -> dict[str, Any]:
    """meta under config (dbt >= 1.10) or, as older YAML has it, on the table itself."""
    config = table.get("config") or {}
    return {**(table.get("meta") or {}), **(config.get("meta") or {})}


def read_contract(project_dir: Path) -> tuple[ContractTable, ...]:
    """Every export file type of the project, sorted by table name."""
    tables: list[ContractTable] = []
    for path in sorted(project_dir.glob("models/staging/*/_*__sources.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or []:
            for table in source.get("tables") or []:
                meta = _meta(table)
                if "delimiter" not in meta:
                    continue  # not a raw export file
                tables.append(
                    ContractTable(
                        source=source["name"],
                        name=table["name"],
                        delimiter=str(meta["delimiter"]),
                        multiline=bool(meta.get("multiline", False)),
                        columns=tuple(column["name"] for column in table.get("columns") or []),
                    )
                )
    return tuple(sorted(tables, key=lambda table: table.table_name))


def source_registry() -> dict[str, dict[str, object]]:
    """The project's source registry, dbt var kcc_sources in dbt_project.yml."""
    return SETTINGS.project_vars["kcc_sources"]


def enabled_tables(tables: tuple[ContractTable, ...]) -> tuple[ContractTable, ...]:
    """The tables of sources switched on in kcc_sources (as source_is_enabled() in dbt)."""
    registry = source_registry()
    return tuple(table for table in tables if registry.get(table.source, {}).get("enabled", True))
