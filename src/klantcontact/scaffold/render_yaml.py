"""The sources and models YAML of a new source, in the layout of models/staging/chat/.

The sources YAML carries the declaration (docs/adding-a-source.md): the table's
`config.meta.declared` and each column's `config.meta`, written in YAML flow style so
that one column or one contract field is one line.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from klantcontact.scaffold.contracts import ContractColumn
from klantcontact.scaffold.declaration import Declaration
from klantcontact.scaffold.spec import SourceSpec


class Doc(str):
    """The name of a doc block in models/docs/_columns__docs.md, written as its reference."""


# The lineage columns raw_rows and the base model add, described by the doc blocks the
# existing staging YAML uses: a base_ model's _file_version and _loaded_at differ in
# meaning from a stg_ model's.
GEMEENTE_CODE = ("gemeente_code", Doc("col_gemeente_code"))
FILE = ("_file", Doc("col_file"))
POSITION = (
    ("_export_date", Doc("col_export_date")),
    ("_record_number", Doc("col_record_number")),
    ("_line_number", Doc("col_line_number")),
)
BASE_LINEAGE = (
    GEMEENTE_CODE,
    FILE,
    ("_file_version", Doc("col_file_version_base")),
    ("_loaded_at", Doc("col_loaded_at_base")),
    *POSITION,
    ("_is_truncated", Doc("col_is_truncated")),
    ("_file_records", Doc("col_file_records")),
    ("_reject_reason", Doc("col_reject_reason")),
    ("_reject_column", Doc("col_reject_column")),
)
STAGED_LINEAGE = (
    GEMEENTE_CODE,
    FILE,
    ("_file_version", Doc("col_file_version_stg")),
    ("_loaded_at", Doc("col_loaded_at_stg")),
    *POSITION,
)
PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FLOW_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_ .-]*[A-Za-z0-9_.]|[A-Za-z_]")
# Plain scalars YAML 1.1 reads as booleans or null.
YAML_WORDS = frozenset({"yes", "no", "true", "false", "null", "on", "off", "y", "n"})
FRESHNESS = """\
  config:
    loaded_at_field: cast(regexp_extract(filename, '([0-9]{4}-[0-9]{2}-[0-9]{2})[/][^/]+$', 1) as timestamp)
    freshness:
      warn_after:
        count: 2
        period: day
      error_after:
        count: 7
        period: day
"""  # noqa: E501


def scalar(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def name(text: str) -> str:
    """A column name as YAML: plain when it is an identifier YAML reads as a string."""
    if PLAIN.fullmatch(text) and text.lower() not in YAML_WORDS:
        return text
    return scalar(text)


def described(text: str, indent: int) -> str:
    """`description:` on one line when it fits in 110 characters, else folded; a doc
    block as `'{{ doc("col_...") }}'`, as the existing staging YAML writes it."""
    if isinstance(text, Doc):
        return f"{' ' * indent}description: '{{{{ doc(\"{text}\") }}}}'\n"
    line = f"{' ' * indent}description: {scalar(text)}\n"
    return line if len(line) <= 111 else folded("description", text, indent)


def folded(key: str, text: str, indent: int) -> str:
    """`key: >` with the text wrapped below it, indented."""
    pad = " " * indent
    body = textwrap.fill(text, width=96, initial_indent=pad + "  ", subsequent_indent=pad + "  ")
    return f"{pad}{key}: >\n{body}\n"


def _delimiter(delimiter: str) -> str:
    return '"\\t"' if delimiter == "\t" else f"'{delimiter}'"


def flow(value: Any) -> str:
    """A value in YAML flow style: `{when: status, in: [Afgerond]}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(key)}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if FLOW_PLAIN.fullmatch(text) and text.lower() not in YAML_WORDS:
        return text
    return scalar(text)


def _declared(declaration: Declaration) -> str:
    """The table's `declared:` block, below `meta:`."""
    declared = declaration.declared
    lines = ["        declared:\n", f"          key: {flow(declared['key'])}\n"]
    if declared.get("moments"):
        lines.append(
            "          # A date and a time column read as one wall-clock time in time_zone.\n"
        )
        lines.append("          moments:\n")
        for moment, parts in declared["moments"].items():
            lines.append(f"            {moment}: {flow(parts)}\n")
    lines.append(f"          time_zone: {declared.get('time_zone', 'Europe/Amsterdam')}\n")
    if declared.get("contract"):
        lines.append(f"          contract: {declared['contract']}\n")
        lines.append(
            "          # Contract field: a column of the staged model, or {value: ...}, {when: "
            "<column>, in: [...]},\n          # {map: <column>, values: {...}}, {seconds: [<from>, "
            "<to>]}, {local_date: ...}, {sql: ...}.\n"
            "          # A field left out is null.\n"
        )
        lines.append("          fields:\n")
        for name, field in declared.get("fields", {}).items():
            lines.append(f"            {name}: {flow(field)}\n")
    return "".join(lines)


def sources_yaml(spec: SourceSpec) -> str:
    declaration = spec.declaration
    assert declaration is not None
    read_columns = ", ".join(f"'{column.raw}': 'varchar'" for column in spec.columns)
    parallel = ", parallel=false" if spec.multiline else ""
    mapped = (
        f" Mapped onto the {spec.contract_name} contract by {spec.contract_model}."
        if spec.contract_name
        else ""
    )
    lines = [
        "version: 2\n",
        "sources:\n",
        f"- name: {spec.source}\n",
        folded(
            "description",
            "TODO: describe the export: the system and report it comes from, one row per "
            "what, delta or full dump, one folder per export day." + mapped,
            2,
        ),
        FRESHNESS,
        "  tables:\n",
        f"  - name: {spec.file}\n",
        f"    description: {scalar(f'TODO: one row per what. File: <raw_dir>/{spec.source}/<export-date>/{spec.file}.csv.')}\n",  # noqa: E501
        "    config:\n",
        "      meta:\n",
        "        formatter: template\n",
        f"        delimiter: {_delimiter(spec.delimiter)}\n",
        f"        multiline: {'true' if spec.multiline else 'false'}\n",
        f"        # The sample was {spec.encoding}.\n",
        "        external_location: >-\n",
        f"          read_csv('{{{{ env_var('KCC_RAW_DIR', var('raw_dir')) }}}}/{spec.source}/*/"
        f"{spec.file}.csv', columns={{{read_columns}}}, delim='${{delimiter}}', quote='\"', "
        "escape='\"', header=true, auto_detect=false, filename=true,\n",
        "          null_padding=true, nullstr='<missing-field>', encoding='utf-8'"
        f"{parallel}) with ordinality\n",
        _declared(declaration),
        "    # personal: safe (kept as it is), or bsn, phone, email, staff_email, staff_number,\n"
        "    # identifier (a keyed pseudonym <name>_key), postcode (<name>_area), free_text,\n"
        "    # name, address, birth_date (dropped). Only `safe` leaves the base model as it is.\n",
        "    columns:\n",
    ]
    for detected in declaration.columns:
        lines.append(f"    - name: {name(detected.column.raw)}\n")
        what = f"TODO: describe {detected.column.raw}. Sample: {detected.what}."
        lines.append(described(what, 6))
        lines.append(f"      config: {{meta: {flow(detected.meta)}}}\n")
    return "".join(lines)


def _columns(columns: list[tuple[str, str]], key: str | None, indent: int = 2) -> str:
    pad = " " * indent
    out = [f"{pad}columns:\n"]
    for column, description in columns:
        out.append(f"{pad}- name: {column}\n")
        out.append(described(description, indent + 2))
        if column == key:
            out.append(f"{pad}  data_tests:\n{pad}  - unique\n{pad}  - not_null\n")
    return "".join(out)


def _contract_model(
    name: str,
    description: str,
    contract: str,
    columns: tuple[ContractColumn, ...],
    key: str,
    extra_tests: str,
) -> str:
    out = [
        f"- name: {name}\n",
        folded("description", description, 2),
        "  data_tests:\n",
        "  - conforms_to_contract:\n",
        "      arguments:\n",
        f"        contract: {contract}\n",
        "  columns:\n",
        f"  - name: {GEMEENTE_CODE[0]}\n",
        described(GEMEENTE_CODE[1], 4),
    ]
    for column in columns:
        out.append(f"  - name: {column.name}\n")
        out.append(described(column.description, 4))
        if column.name == key:
            out.append("    data_tests:\n    - unique\n    - not_null\n")
        elif column.name == "channel_key" and extra_tests:
            out.append(extra_tests)
    return "".join(out)


def _contract_key(spec: SourceSpec) -> str | None:
    """The contract column the record's key fills (source_record_id, leg_id, ...)."""
    declaration = spec.declaration
    fields = declaration.declared.get("fields", {}) if declaration else {}
    if "source_record_id" in fields:
        return "source_record_id"
    return next((name for name, field in fields.items() if field == spec.key.name), None)


def models_yaml(spec: SourceSpec) -> str:
    names = spec.names
    declaration = spec.declaration
    assert declaration is not None
    values = declaration.base_columns
    out = [
        "version: 2\n",
        "models:\n",
        f"- name: {names.base}\n",
        folded(
            "description",
            f"Grain: one row per raw row of {spec.source}/<export-date>/{spec.file}.csv, every "
            "export folder: parsed, checked and pseudonymised as declared in "
            f"_{spec.source}__sources.yml (declared_base). Rows failing a check are kept here "
            f"with their reason and go to quarantined_rows, the others feed {names.staged}.",
            2,
        ),
        "  data_tests:\n",
        "  - unique_combination_of_columns:\n",
        "      arguments:\n",
        "        combination_of_columns:\n",
        "        - _file\n",
        "        - _record_number\n",
        _columns([*values, *BASE_LINEAGE], key=None),
        f"- name: {names.staged}\n",
        folded(
            "description",
            f"Grain: one row per {spec.key.name}. Valid rows of {names.base}, de-duplicated: "
            "the latest export folder wins, within a file the last line wins.",
            2,
        ),
        _columns([*values, *STAGED_LINEAGE], key=spec.key.name),
    ]
    if spec.contract_name and spec.contract_model:
        relationship = (
            "    data_tests:\n"
            "    - relationships:\n"
            "        arguments:\n"
            "          to: ref('channels')\n"
            "          field: channel_code\n"
        )
        out.append(
            _contract_model(
                spec.contract_model,
                f"Grain: one row per {spec.key.name} of {names.staged}, on the "
                f"{spec.contract_name} contract (macros/staging/contracts.sql, test "
                "conforms_to_contract), every field as declared in "
                f"_{spec.source}__sources.yml (declared_contract). Registered in kcc_sources "
                "so the contract's union model reads it; no personal data beyond keyed "
                "pseudonyms.",
                spec.contract_name,
                spec.contract,
                _contract_key(spec) or "",
                relationship if spec.contract_name == "channel_contact" else "",
            )
        )
    return "".join(out)
