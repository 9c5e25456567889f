"""Descriptions of the exported relations and columns, from dbt's manifest.json.

Optional: without a manifest (or for a relation dbt does not know) the export still
runs, with empty descriptions. Doc blocks are already rendered in the manifest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Described:
    description: str = ""
    columns: dict[str, str] = field(default_factory=dict)


def read_descriptions(manifest_path: Path | None) -> dict[str, Described]:
    """`schema.name` -> description and column descriptions of every model, seed and
    snapshot of the manifest; {} when there is no manifest."""
    if manifest_path is None or not manifest_path.exists():
        return {}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    described: dict[str, Described] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") not in ("model", "seed", "snapshot"):
            continue
        name = node.get("alias") or node["name"]
        described[f"{node['schema']}.{name}"] = Described(
            node.get("description", ""),
            {
                column_name: column.get("description", "")
                for column_name, column in node.get("columns", {}).items()
            },
        )
    return described


def summary(description: str, limit: int = 240) -> str:
    """The description's first paragraph on one line, cut at `limit` characters: what
    README.txt shows (the manifest keeps the full text)."""
    paragraph = description.strip().split("\n\n", 1)[0]
    text = re.sub(r"\s+", " ", paragraph).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
