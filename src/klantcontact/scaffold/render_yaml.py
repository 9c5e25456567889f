"""The sources and models YAML of a new source, in the layout of models/staging/chat/."""

from __future__ import annotations

import json
import re
import textwrap

from klantcontact.scaffold.contracts import ContractColumn
from klantcontact.scaffold.names import Column
from klantcontact.scaffold.spec import Kind, SourceSpec


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


def _stub(column: Column) -> str:
    return f"TODO: describe {column.raw}."


def sources_yaml(spec: SourceSpec) -> str:
    read_columns = ", ".join(f"'{column.raw}': 'varchar'" for column in spec.columns)
    parallel = ", parallel=false" if spec.multiline else ""
    mapped = {
        Kind.CONTACTS: f" Mapped onto the channel contact contract by {spec.names.contacts}.",
        Kind.CALL_LEGS: f" Mapped onto the call-leg contract by {spec.names.call_legs}.",
        Kind.PLAIN: "",
    }[spec.kind]
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
        "        external_location: >-\n",
        f"          read_csv('{{{{ env_var('KCC_RAW_DIR', var('raw_dir')) }}}}/{spec.source}/*/"
        f"{spec.file}.csv', columns={{{read_columns}}}, delim='${{delimiter}}', quote='\"', "
        "escape='\"', header=true, auto_detect=false, filename=true,\n",
        "          null_padding=true, nullstr='<missing-field>', encoding='utf-8'"
        f"{parallel}) with ordinality\n",
        "    columns:\n",
    ]
    for column in spec.columns:
        lines.append(f"    - name: {name(column.raw)}\n")
        lines.append(described(_stub(column), 6))
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


def models_yaml(spec: SourceSpec) -> str:
    names = spec.names
    raw = [(column.name, _stub(column)) for column in spec.columns]
    out = [
        "version: 2\n",
        "models:\n",
        f"- name: {names.base}\n",
        folded(
            "description",
            f"Grain: one row per raw row of {spec.source}/<export-date>/{spec.file}.csv, every "
            "export folder. TODO: values parsed and personal data pseudonymised; rows failing "
            f"validation are kept here with their reason and go to quarantined_rows, the "
            f"others feed {names.staged}.",
            2,
        ),
        "  data_tests:\n",
        "  - unique_combination_of_columns:\n",
        "      arguments:\n",
        "        combination_of_columns:\n",
        "        - _file\n",
        "        - _record_number\n",
        _columns([*raw, *BASE_LINEAGE], key=None),
        f"- name: {names.staged}\n",
        folded(
            "description",
            f"Grain: one row per {spec.key.name} (TODO: one row per what). Valid rows of "
            f"{names.base}, de-duplicated: the latest export folder wins, within a file the "
            "last line wins.",
            2,
        ),
        _columns([*raw, *STAGED_LINEAGE], key=spec.key.name),
    ]
    if spec.kind is Kind.CONTACTS:
        relationship = (
            "    data_tests:\n"
            "    - relationships:\n"
            "        arguments:\n"
            "          to: ref('channels')\n"
            "          field: channel_code\n"
        )
        out.append(
            _contract_model(
                names.contacts,
                f"Grain: one row per {spec.key.name} of {names.staged}, as a contact on the "
                "channel_contact contract (macros/staging/contracts.sql, test "
                f"conforms_to_contract). Registered in kcc_sources ({spec.source}: contacts) so "
                "int_channel_contacts_unioned unions it with the other channels; no personal "
                "data beyond keyed pseudonyms. TODO: map every column marked TODO in the SQL.",
                "channel_contact",
                spec.contract,
                "source_record_id",
                relationship,
            )
        )
    elif spec.kind is Kind.CALL_LEGS:
        out.append(
            _contract_model(
                names.call_legs,
                f"Grain: one row per call leg of {names.staged}, on the call_leg contract "
                "(macros/staging/contracts.sql, the shape of stg_telephony__dialogue_legs; test "
                f"conforms_to_contract). Registered in kcc_sources ({spec.source}: call_legs) so "
                "int_call_legs_unioned folds its legs into calls with every other vendor's. "
                "TODO: map every column marked TODO in the SQL.",
                "call_leg",
                spec.contract,
                "leg_id",
                "",
            )
        )
    return "".join(out)
