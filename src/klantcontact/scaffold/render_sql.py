"""The SQL of a new source: one line per model, the declaration does the rest.

The base model is `declared_base`, the contract model `declared_contract`
(macros/staging/declared.sql): both read the declaration in the sources YAML. The
staged model is `latest_records` on the declared key, as for every built-in source.
"""

from __future__ import annotations

from klantcontact.scaffold.spec import SourceSpec


def base_sql(spec: SourceSpec) -> str:
    return (
        f"-- Every raw row of {spec.source}/<export-date>/{spec.file}.csv, parsed, checked and "
        f"pseudonymised as declared in _{spec.source}__sources.yml.\n"
        f"{{{{ declared_base('{spec.source}', '{spec.file}') }}}}\n"
    )


def staged_sql(spec: SourceSpec) -> str:
    names = spec.names
    return (
        f"-- One row per {spec.key.name}; the latest export of a record wins.\n"
        f"{{{{ latest_records(ref('{names.base}'), ['{spec.key.name}']) }}}}\n"
    )


def contract_sql(spec: SourceSpec) -> str:
    return (
        f"-- Every record of {spec.names.staged} on the {spec.contract_name} contract, as declared "
        f"in _{spec.source}__sources.yml (fields).\n"
        f"{{{{ declared_contract('{spec.source}', '{spec.file}') }}}}\n"
    )
