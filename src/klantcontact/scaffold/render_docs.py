"""docs/sources/<name>.md: what the export is and what is still to fill in."""

from __future__ import annotations

import textwrap

from klantcontact.scaffold.spec import Kind, SourceSpec

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
    names = spec.names
    return {
        Kind.CONTACTS: f"a channel. Its records are contacts on channel `{spec.channel}` "
        f"(`{names.contacts}`, contract `channel_contact`): they reach `core.fact_contact` "
        "and the cross-channel KPIs through the `contacts` entry in kcc_sources.",
        Kind.CALL_LEGS: f"a telephony vendor. Its records are call legs (`{names.call_legs}`, "
        "contract `call_leg`), folded into calls with every other vendor's legs through the "
        "`call_legs` entry in kcc_sources.",
        Kind.PLAIN: "staged only; nothing downstream reads it yet.",
    }[spec.kind]


def _to_fill_in(spec: SourceSpec, folder: str) -> list[str]:
    names = spec.names
    steps = [
        f"`{folder}/_{spec.source}__sources.yml`: the source and table descriptions and every "
        "column's meaning; freshness (a daily delta export: warn after 2, error after 7 days).",
        f"`{folder}/{names.base}.sql`: parse timestamps (`parse_ts_offset`, `parse_ts_local`), "
        "numbers and codes; add checks (`check_timestamp`, `check_number`, `check_code`, "
        "`check_order`); pseudonymise or drop every personal column.",
        f"`{folder}/_{spec.source}__models.yml`: the descriptions, once the base model's "
        "columns are final.",
    ]
    if spec.kind is Kind.CONTACTS:
        steps.append(
            f"`{folder}/{names.contacts}.sql`: every column marked TODO; subject values in "
            "`seeds/subject_mappings.csv`, channel values (if the export has several "
            "channels) in `seeds/channel_mappings.csv`."
        )
    elif spec.kind is Kind.CALL_LEGS:
        steps.append(f"`{folder}/{names.call_legs}.sql`: every column marked TODO.")
    steps.append(
        "This page: what the export is and the meaning of every column. The walk-through "
        "is [adding a source](../adding-a-source.md)."
    )
    return [_item(f"{number}.", step) for number, step in enumerate(steps, start=1)]


def source_doc(spec: SourceSpec, sample_name: str) -> str:
    names = spec.names
    folder = f"models/staging/{spec.source}"
    models = [names.base, names.staged]
    if spec.kind is Kind.CONTACTS:
        models.append(names.contacts)
    elif spec.kind is Kind.CALL_LEGS:
        models.append(names.call_legs)
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
        _item("-", f'{delimiter}-separated, header on line 1, UTF-8, fields quoted with `"`'),
        _item(
            "-", "quoted line breaks: " + ("yes (`multiline: true`)" if spec.multiline else "no")
        ),
        _item(
            "-",
            f"key: `{spec.key.raw}` (staged as `{spec.key.name}`): one staged row per key, "
            "the latest export folder wins, within a file the last line wins",
        ),
        _item("-", f"scaffolded from the sample `{sample_name}`"),
        "\n",
        "## Columns\n",
        "\n",
        "| # | column in the export | staged as | meaning | personal data |\n",
        "|---:|---|---|---|---|\n",
    ]
    for position, column in enumerate(spec.columns, start=1):
        advice = spec.personal.get(column)
        personal = f"looks like it ({advice.kind.value}): TODO" if advice else ""
        lines.append(
            f"| {position} | `{_cell(column.raw)}` | `{column.name}` | TODO | {personal} |\n"
        )
    lines += [
        "\n",
        "## Models\n",
        "\n",
        *[f"- `{model}` (`{folder}/{model}.sql`)\n" for model in models],
        "\n",
        "## To fill in\n",
        "\n",
        *_to_fill_in(spec, folder),
    ]
    return "".join(lines)
