"""Register a source in dbt_project.yml (var kcc_sources), by inserting text.

The entry goes directly below the marker line, so the file keeps its layout and its
comments; the YAML is parsed only to see which sources exist already.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from klantcontact.scaffold.spec import SourceSpec, registry_key
from klantcontact.settings import PROJECT_FILE

MARKER = "    # new sources (make new-source) go below this line"


class RegistryError(ValueError):
    """dbt_project.yml cannot take the entry: no marker line, or the source exists."""


def registered_sources(text: str) -> set[str]:
    """The names in vars.kcc_sources of a dbt_project.yml."""
    try:
        project = yaml.safe_load(text) or {}
    except yaml.YAMLError as problem:
        raise RegistryError(f"{PROJECT_FILE} is not valid YAML: {problem}") from problem
    registry = (project.get("vars") or {}).get("kcc_sources") or {}
    return set(registry)


def entry(spec: SourceSpec) -> str:
    """The kcc_sources entry of a source, in the layout of the entries above the marker."""
    names = spec.names
    lines = [f"    {spec.source}:\n", "      enabled: true\n"]
    if spec.contract_name == "channel_contact":
        lines.append(
            f"      contacts: {{model: {spec.contract_model}, channels: [{spec.channel}]}}\n"
        )
    elif spec.contract_name:
        lines.append(f"      {registry_key(spec.contract_name)}: {spec.contract_model}\n")
    lines += [
        "      files:\n",
        f"        - {{file: {spec.file}, base: {names.base}, staged: {names.staged},\n",
        f"           key: [{spec.key.name}], record_id: {spec.key.name}}}\n",
    ]
    return "".join(lines)


def check_can_register(text: str, source: str) -> None:
    if source in registered_sources(text):
        raise RegistryError(
            f"source {source!r} is already registered in kcc_sources ({PROJECT_FILE})"
        )
    if MARKER not in text.splitlines():
        raise RegistryError(
            f"{PROJECT_FILE} has no marker line {MARKER.strip()!r} at the end of kcc_sources; "
            "add the entry by hand (docs/adding-a-source.md)"
        )


def with_entry(text: str, spec: SourceSpec) -> str:
    """The project file's text with the source's entry directly below the marker line."""
    check_can_register(text, spec.source)
    lines = text.splitlines(keepends=True)
    position = next(i for i, line in enumerate(lines) if line.rstrip("\r\n") == MARKER)
    updated = "".join([*lines[: position + 1], entry(spec), *lines[position + 1 :]])
    if spec.source not in registered_sources(updated):
        raise RegistryError(f"the marker line in {PROJECT_FILE} is not inside kcc_sources")
    return updated


def register(project_dir: Path, spec: SourceSpec) -> Path:
    path = project_dir / PROJECT_FILE
    path.write_text(with_entry(path.read_text(encoding="utf-8"), spec), encoding="utf-8")
    return path
