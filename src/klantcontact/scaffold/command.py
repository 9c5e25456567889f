"""`klantcontact new-source`: scaffold a new export source from a sample file.

    klantcontact new-source NAME --sample export.csv [--file FILE]
        [--kind plain|contacts|call_legs] [--channel CODE] [--key COLUMN] [--project-dir DIR]

Exit codes: 0 written; 2 nothing written (a wrong argument, an unreadable sample, or a
source or file that exists already).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from klantcontact.scaffold.contracts import ContractError, load_contract
from klantcontact.scaffold.names import InvalidName, columns_of, model_names
from klantcontact.scaffold.registry import RegistryError, check_can_register
from klantcontact.scaffold.registry import register as register_source
from klantcontact.scaffold.render_docs import source_doc
from klantcontact.scaffold.render_sql import base_sql, call_legs_sql, contacts_sql, staged_sql
from klantcontact.scaffold.render_yaml import models_yaml, sources_yaml
from klantcontact.scaffold.sample import SampleError, read_sample
from klantcontact.scaffold.spec import Kind, SourceSpec, build_spec
from klantcontact.settings import PROJECT_FILE

CHANNELS_SEED = Path("seeds/channels.csv")
CONTRACT_OF_KIND = {Kind.CONTACTS: "channel_contact", Kind.CALL_LEGS: "call_leg"}


class Refused(Exception):
    """Nothing was written; the message says why."""


@dataclass(frozen=True)
class Request:
    """What to scaffold: the command's arguments."""

    name: str  # the source: raw folder and model prefix, snake_case
    sample: Path
    kind: Kind
    file: str | None  # None: the sample's file name
    channel: str | None  # kind contacts: a channel code of seeds/channels.csv
    key: str | None  # None: the first id column
    project_dir: Path


@dataclass(frozen=True)
class Plan:
    spec: SourceSpec
    files: dict[Path, str]  # relative to the project dir


def _channels(project_dir: Path) -> list[str]:
    path = project_dir / CHANNELS_SEED
    try:
        with path.open(encoding="utf-8", newline="") as seed:
            return [row["channel_code"] for row in csv.DictReader(seed)]
    except (OSError, KeyError) as problem:
        raise Refused(f"cannot read the channel codes in {path}: {problem}") from problem


def _check_channel(request: Request) -> None:
    if request.kind is not Kind.CONTACTS:
        if request.channel:
            raise Refused("--channel goes with --kind contacts only")
        return
    if not request.channel:
        raise Refused("--kind contacts needs --channel, a channel code of seeds/channels.csv")
    known = _channels(request.project_dir)
    if request.channel not in known:
        raise Refused(
            f"channel {request.channel!r} is not in {CHANNELS_SEED} ({', '.join(known)}); "
            "add a row there first for a new channel"
        )


def plan(request: Request) -> Plan:
    """Everything to write, or Refused; reads but writes nothing."""
    project_dir = request.project_dir
    if not (project_dir / PROJECT_FILE).is_file():
        raise Refused(f"{project_dir} is not the dbt project: no {PROJECT_FILE}")
    kind = request.kind
    _check_channel(request)
    sample = read_sample(request.sample)
    names = model_names(request.name, request.file or request.sample.stem)
    contract = (
        load_contract(project_dir, CONTRACT_OF_KIND[kind]) if kind in CONTRACT_OF_KIND else ()
    )
    spec = build_spec(
        names,
        sample,
        columns_of(sample.header, names.entity),
        kind,
        request.key,
        request.channel,
        contract,
    )
    check_can_register((project_dir / PROJECT_FILE).read_text(encoding="utf-8"), spec.source)
    folder = Path("models/staging") / spec.source
    if (project_dir / folder).exists():
        raise Refused(f"{folder} exists already: source {spec.source!r} has models")
    files = {
        folder / f"_{spec.source}__sources.yml": sources_yaml(spec),
        folder / f"_{spec.source}__models.yml": models_yaml(spec),
        folder / f"{names.base}.sql": base_sql(spec),
        folder / f"{names.staged}.sql": staged_sql(spec),
    }
    if kind is Kind.CONTACTS:
        files[folder / f"{names.contacts}.sql"] = contacts_sql(spec)
    elif kind is Kind.CALL_LEGS:
        files[folder / f"{names.call_legs}.sql"] = call_legs_sql(spec)
    files[Path("docs/sources") / f"{spec.source}.md"] = source_doc(spec, request.sample.name)
    existing = [str(path) for path in files if (project_dir / path).exists()]
    if existing:
        raise Refused(f"would overwrite {', '.join(existing)}")
    _check_elsewhere(project_dir, spec.source, [path for path in files if path.suffix == ".sql"])
    return Plan(spec=spec, files=files)


def _check_elsewhere(project_dir: Path, source: str, models: list[Path]) -> None:
    """A model of the same name, or a dbt source of the same name, in another folder."""
    wanted = {path.name for path in models}
    for path in sorted((project_dir / "models").rglob("*")):
        if path.name in wanted:
            raise Refused(f"model {path.stem} exists already: {path.relative_to(project_dir)}")
        if path.name.endswith("__sources.yml"):
            defined = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if source in {entry.get("name") for entry in defined.get("sources") or []}:
                raise Refused(
                    f"source {source!r} is defined already in {path.relative_to(project_dir)}"
                )


def write(project_dir: Path, planned: Plan) -> None:
    for path, text in planned.files.items():
        target = project_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    register_source(project_dir, planned.spec)


def report(planned: Plan) -> str:
    spec = planned.spec
    names = spec.names
    delimiter = {"\t": "tab"}.get(spec.delimiter, repr(spec.delimiter))
    personal = [column.raw for column in spec.personal]
    lines = [
        f"Scaffolded source {spec.source} ({spec.kind.value}): file {spec.file}.csv, "
        f"delimiter {delimiter}, multiline {str(spec.multiline).lower()}, "
        f"{len(spec.columns)} columns, key {spec.key.raw}.",
        "Created:",
        *[f"  {path}" for path in planned.files],
        "Changed:",
        f"  {PROJECT_FILE} (kcc_sources: {spec.source})",
        "",
        "Next steps:",
        f"  1. Put the exports at <raw_dir>/{spec.source}/<YYYY-MM-DD>/{spec.file}.csv.",
        f"  2. {names.base}.sql: parse timestamps and numbers, add checks, and pseudonymise "
        "or drop personal data"
        + (f" (looks personal: {', '.join(personal)})." if personal else "."),
        f"  3. Describe every column (TODO) in _{spec.source}__sources.yml and "
        f"_{spec.source}__models.yml, and the export in docs/sources/{spec.source}.md.",
    ]
    if spec.kind is Kind.CONTACTS:
        started = spec.started.raw if spec.started else "none found"
        lines.append(
            f"  4. {names.contacts}.sql: map every TODO column (started_at from {started}); "
            "subject values go in seeds/subject_mappings.csv."
        )
    elif spec.kind is Kind.CALL_LEGS:
        lines.append(f"  4. {names.call_legs}.sql: map every TODO column.")
    lines += [
        "  Then: make lint, KCC_RAW_DIR=<raw_dir> make build, make test (docs/adding-a-source.md).",
    ]
    return "\n".join(lines)


def run(request: Request) -> int:
    """Scaffold the source and print what was written and what to do next; 2 when refused."""
    try:
        planned = plan(request)
    except (Refused, SampleError, InvalidName, RegistryError, ContractError) as problem:
        print(f"new-source: {problem}; nothing written.", file=sys.stderr)
        return 2
    write(request.project_dir, planned)
    print(report(planned))
    return 0
