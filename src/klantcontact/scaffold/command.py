"""`klantcontact new-source`: scaffold a new export source from a sample file.

    klantcontact new-source NAME --sample export.csv [--file FILE]
        [--kind plain|contacts|call_legs] [--contract NAME] [--channel CODE] [--key COLUMN]
        [--answers answers.yml] [--project-dir DIR]

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
from klantcontact.scaffold.declaration import AnswerError, build_declaration
from klantcontact.scaffold.names import InvalidName, columns_of, model_names
from klantcontact.scaffold.registry import RegistryError, check_can_register
from klantcontact.scaffold.registry import register as register_source
from klantcontact.scaffold.render_docs import source_doc
from klantcontact.scaffold.render_sql import base_sql, contract_sql, staged_sql
from klantcontact.scaffold.render_yaml import models_yaml, sources_yaml
from klantcontact.scaffold.sample import SampleError, read_sample
from klantcontact.scaffold.spec import CONTRACT_OF_KIND, Kind, SourceSpec, build_spec, pick_key
from klantcontact.settings import PROJECT_FILE

CHANNELS_SEED = Path("seeds/channels.csv")


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
    contract: str | None = None  # any contract of contracts.sql; default: the kind's
    answers: Path | None = None  # a YAML file answering the declaration's questions


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


def _contract(request: Request) -> str | None:
    if request.contract:
        if request.kind is not Kind.PLAIN and CONTRACT_OF_KIND[request.kind] != request.contract:
            raise Refused(f"--kind {request.kind.value} and --contract {request.contract} disagree")
        return request.contract
    return CONTRACT_OF_KIND.get(request.kind)


def sample_file_name(source: str, sample: Path) -> str:
    """The sample's name, without the source in front: jcc_afspraken.csv → afspraken."""
    stem = sample.stem
    return stem[len(source) + 1 :] if stem.startswith(f"{source}_") and stem != source else stem


def _answers(path: Path | None) -> dict[str, object]:
    if path is None:
        return {}
    try:
        answers = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as problem:
        raise Refused(f"cannot read the answers {path}: {problem}") from problem
    if not isinstance(answers, dict) or set(answers) - {"columns", "fields"}:
        raise Refused(f"{path}: answers are a mapping with `columns:` and `fields:`")
    return answers


def _check_channel(request: Request) -> None:
    if _contract(request) != "channel_contact":
        if request.channel:
            raise Refused("--channel goes with --kind contacts only")
        return
    if not request.channel:
        raise Refused(
            "the channel_contact contract (--kind contacts) needs --channel, a channel code of "
            "seeds/channels.csv"
        )
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
    contract_name = _contract(request)
    sample = read_sample(request.sample)
    file = request.file or sample_file_name(request.name, request.sample)
    names = model_names(request.name, file)
    contract = load_contract(project_dir, contract_name) if contract_name else ()
    columns = columns_of(sample.header, names.entity)
    key = pick_key(columns, request.key)
    declaration = build_declaration(
        sample,
        columns,
        key,
        names.source,
        contract_name,
        tuple(column.name for column in contract),
        request.channel,
        _answers(request.answers),
    )
    spec = build_spec(
        names,
        sample,
        columns,
        kind,
        request.key,
        request.channel,
        contract,
        contract_name,
        declaration,
    )
    if spec.contract_model == names.staged:
        raise Refused(
            f"the staged model of file {spec.file!r} would be the contract model "
            f"{spec.contract_model}: pass another --file name (e.g. {spec.file}_export)"
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
    if spec.contract_model:
        files[folder / f"{spec.contract_model}.sql"] = contract_sql(spec)
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
    declaration = spec.declaration
    assert declaration is not None
    delimiter = {"\t": "tab"}.get(spec.delimiter, repr(spec.delimiter))
    sources_file = next(path for path in planned.files if path.name.endswith("__sources.yml"))
    personal = [
        f"{d.column.raw} ({d.personal})" for d in declaration.columns if d.personal != "safe"
    ]
    questions = declaration.questions
    lines = [
        f"Scaffolded source {spec.source}"
        + (f" on contract {spec.contract_name}" if spec.contract_name else " (staged only)")
        + f": file {spec.file}.csv, delimiter {delimiter}, {spec.encoding}, multiline "
        f"{str(spec.multiline).lower()}, {len(spec.columns)} columns, key {spec.key.raw}.",
        "Personal (pseudonymised or dropped until marked `personal: safe`): "
        + (", ".join(personal) or "none"),
        "Created:",
        *[f"  {path}" for path in planned.files],
        "Changed:",
        f"  {PROJECT_FILE} (kcc_sources: {spec.source})",
        "",
    ]
    if questions:
        lines += [
            f"Questions in {sources_file} (the build refuses to run until each is answered "
            "and its `question:` deleted):",
            *[f"  - {question}" for question in questions],
            "",
        ]
    lines += [
        "Next steps:",
        f"  1. Put the exports at <raw_dir>/{spec.source}/<YYYY-MM-DD>/{spec.file}.csv.",
        f"  2. {sources_file}: answer the questions"
        + (f" ({len(questions)})" if questions else " (none)")
        + ", check the declaration (formats, personal kinds, contract fields"
        + (
            f": the {spec.contract_name} columns are described in docs/adding-a-source.md"
            if spec.contract_name
            else ""
        )
        + ") and describe the source and its columns (TODO).",
        f"  3. docs/sources/{spec.source}.md: what the export is (TODO); a row for "
        f"{spec.file} in the \"Checks per file\" table of docs/raw-validation-contract.md.",
    ]
    if spec.contract_name == "channel_contact":
        lines.append(
            "  4. seeds/subject_mappings.csv: the subject values, if the declaration names "
            "a subject column."
        )
    lines += [
        "  Then: make lint, KCC_RAW_DIR=<raw_dir> make build, make test (docs/adding-a-source.md).",
        "  The quality checkpoint derives the new models' suites from kcc_sources and the "
        "contract; nothing in src/ or tests/ needs an edit.",
    ]
    return "\n".join(lines)


def run(request: Request) -> int:
    """Scaffold the source and print what was written and what to do next; 2 when refused."""
    refused = (Refused, SampleError, InvalidName, RegistryError, ContractError, AnswerError)
    try:
        planned = plan(request)
    except refused as problem:
        print(f"new-source: {problem}; nothing written.", file=sys.stderr)
        return 2
    write(request.project_dir, planned)
    print(report(planned))
    return 0
