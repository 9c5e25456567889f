"""The municipalities of a pooled warehouse, as given on the command line.

    CODE[:NAME]=RAW_DIR     e.g. 0307=data/raw_a  0344:Utrecht=/data/utrecht

CODE is the CBS gemeentecode (4 digits). Each municipality's schemas get the prefix
gm<CODE>_, as macro municipality_schema_prefix (macros/generate_schema_name.sql) and the
pooled models (models/pooled) expect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

CODE = re.compile(r"[0-9]{4}")
# Vars the pool sets itself: a municipality's --vars may not override them.
POOL_VARS = frozenset({"municipality_cbs_code", "schema_prefix", "pooled_municipalities"})


class SpecError(ValueError):
    """A municipality argument that cannot be used; the message says why."""


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    raw_dir: Path

    @property
    def schema_prefix(self) -> str:
        return schema_prefix(self.code)


def schema_prefix(code: str) -> str:
    """gm<code>_: the prefix of every schema of the municipality in a pooled warehouse."""
    return f"gm{code}_"


def project_municipality(variables: Mapping[str, object]) -> tuple[str, str]:
    """The CBS code and name of the project's vars (municipality_cbs_code and
    municipality_name in dbt_project.yml)."""
    return str(variables.get("municipality_cbs_code", "")), str(
        variables.get("municipality_name", "")
    )


def parse_municipality(text: str, project: tuple[str, str]) -> Municipality:
    """One CODE[:NAME]=RAW_DIR argument. Without NAME: the project's municipality_name
    for the project's own code, else GM<code>."""
    head, separator, raw = text.partition("=")
    if not separator or not raw:
        raise SpecError(f"'{text}': expected CODE[:NAME]=RAW_DIR, e.g. 0307=data/raw")
    code, _, name = head.partition(":")
    code, name = code.strip(), name.strip()
    if not CODE.fullmatch(code):
        raise SpecError(f"'{text}': the CBS gemeentecode must be 4 digits, e.g. 0307")
    raw_dir = Path(raw).expanduser().resolve()
    if not raw_dir.is_dir():
        raise SpecError(f"'{text}': {raw_dir} is not a folder")
    if not name:
        project_code, project_name = project
        name = project_name if code == project_code and project_name else f"GM{code}"
    return Municipality(code, name, raw_dir)


def parse_municipalities(texts: list[str], project: tuple[str, str]) -> list[Municipality]:
    """Every argument, in the order given; a code given twice is an error."""
    municipalities = [parse_municipality(text, project) for text in texts]
    codes = [municipality.code for municipality in municipalities]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise SpecError(f"municipality {', '.join(twice)} given more than once")
    return municipalities


def parse_extra_vars(texts: list[str], codes: set[str]) -> dict[str, dict[str, object]]:
    """--vars CODE=YAML arguments: a municipality's own dbt vars (norms seed, closing days,
    kcc_sources, ...), merged over the ones the pool sets; later ones win."""
    extra: dict[str, dict[str, object]] = {}
    for text in texts:
        code, separator, mapping = text.partition("=")
        code = code.strip()
        if not separator or code not in codes:
            raise SpecError(f"--vars '{text}': expected CODE=YAML for a municipality given")
        try:
            parsed = yaml.safe_load(mapping)
        except yaml.YAMLError as error:
            raise SpecError(f"--vars '{text}': not YAML ({error})") from error
        if not isinstance(parsed, dict):
            raise SpecError(f"--vars '{text}': expected a mapping, e.g. {{kpi_norms_seed: x}}")
        fixed = sorted(set(parsed) & POOL_VARS)
        if fixed:
            raise SpecError(f"--vars '{text}': {', '.join(fixed)} is set by the pool")
        extra.setdefault(code, {}).update(parsed)
    return extra
