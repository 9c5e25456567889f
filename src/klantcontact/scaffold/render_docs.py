"""docs/sources/<name>.md: what the export is and what is still to fill in."""

from __future__ import annotations

import textwrap

from klantcontact.scaffold.declaration import base_name
from klantcontact.scaffold.spec import SourceSpec

DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
WIDTH = 90


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=WIDTH) + "\n"


def _item(marker: str, text: str) -> str:
    return (
        textwrap.fill(
            text,
            width=WIDTH,
            initial_indent=marker + " ",
            subsequent_indent=" " * (len(marker) + 1),
        )
        + "\n"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _role(spec: SourceSpec) -> str:
    if spec.contract_name == "channel_contact":
        return (
            f"a channel. Its records are contacts on channel `{spec.channel}` "
            f"(`{spec.contract_model}`, contract `channel_contact`): they reach "
            "`core.fact_contact` and the cross-channel KPIs through the `contacts` entry in "
            "kcc_sources."
        )
    if spec.contract_name:
        return (
            f"records on the `{spec.contract_name}` contract (`{spec.contract_model}`), read by "
            "that contract's union model through its entry in kcc_sources."
        )
    return "staged only; nothing downstream reads it yet."


def source_doc(spec: SourceSpec, sample_name: str) -> str:
    names = spec.names
    declaration = spec.declaration
    assert declaration is not None
    folder = f"models/staging/{spec.source}"
    models = [names.base, names.staged, *([spec.contract_model] if spec.contract_model else [])]
    delimiter = DELIMITER_NAMES.get(spec.delimiter, repr(spec.delimiter))
    lines = [
        f"# Source `{spec.source}`\n",
        "\n",
        _paragraph(
            "TODO: what the export is: the system and report it comes from, who delivers "
            "it, one row per what, delta export or full dump, how often."
        ),
        "\n",
        _paragraph(f"Role in the datamart: {_role(spec)}"),
        "\n",
        "## File\n",
        "\n",
        f"    <raw_dir>/{spec.source}/<export-date YYYY-MM-DD>/{spec.file}.csv\n",
        "\n",
        _item("-", f'{delimiter}-separated, header on line 1, fields quoted with `"`; the '
              f"sample was {spec.encoding}"),
        _item(
            "-", "quoted line breaks: " + ("yes (`multiline: true`)" if spec.multiline else "no")
        ),
        _item(
            "-",
            f"key: `{spec.key.raw}` (staged as `{spec.key.name}`): one staged row per key, "
            "the latest export folder wins, within a file the last line wins",
        ),
        _item("-", f"declared in `{folder}/_{spec.source}__sources.yml`, scaffolded from the "
              f"sample `{sample_name}`"),
        "\n",
        "## Columns\n",
        "\n",
        "| # | column in the export | read as | in the base model |\n",
        "|---:|---|---|---|\n",
    ]
    moments = declaration.declared.get("moments") or {}
    for position, detected in enumerate(declaration.columns, start=1):
        base = base_name(detected)
        raw = detected.column.raw
        used = [f"`{m}_at`" for m, parts in moments.items() if raw in parts.values()]
        where = ", ".join(([f"`{base}`"] if base else []) + used) or "dropped"
        lines.append(
            f"| {position} | `{_cell(detected.column.raw)}` | {_cell(detected.what)} | "
            f"{where} |\n"
        )
    lines += [
        "\n",
        _paragraph(
            "A column marked `personal: safe` is kept as it is; every other column is a keyed "
            "pseudonym, a postcode area, or dropped (free text, names, addresses)."
        ),
        "\n",
        "## Models\n",
        "\n",
        *[f"- `{model}` (`{folder}/{model}.sql`)\n" for model in models],
        "\n",
        "The walk-through is [adding a source](../adding-a-source.md).\n",
    ]
    return "".join(lines)
