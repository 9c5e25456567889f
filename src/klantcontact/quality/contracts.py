"""The conformed-layer contracts as data, for the quality checkpoint.

A source maps its export onto a contract (macros/staging/contracts.sql: column names and
DuckDB types) and registers the model in kcc_sources under the contract's key. The column
lists are read from that macro file, so they are written once; what this module adds is
what the checkpoint needs beyond them: each contract's record key and the columns the
conformed layer cannot do without (never null).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from klantcontact.settings import SETTINGS

_MACRO = re.compile(r"{%\s*macro\s+(\w+)_contract\(\)\s*%}(.*?){%\s*endmacro\s*%}", re.DOTALL)
_COLUMN = re.compile(r"\(\s*'(\w+)'\s*,\s*'([^']+)'\s*\)")


@dataclass(frozen=True)
class Contract:
    name: str
    # The kcc_sources key that registers a model on it.
    registry_key: str
    # The record key within one source's model.
    key: tuple[str, ...]
    # Columns every row has: the conformed layer's anchors, grouping and flags.
    required: tuple[str, ...]


CONTRACTS: Mapping[str, Contract] = MappingProxyType(
    {
        contract.name: contract
        for contract in (
            Contract(
                "call_leg",
                "call_legs",
                ("leg_id",),
                ("call_id", "direction", "started_at", "started_date", "ended_at", "outcome"),
            ),
            Contract(
                "channel_contact",
                "contacts",
                ("source_record_id",),
                ("channel_key", "source_system", "started_at", "contact_date", "department_key"),
            ),
            Contract(
                "counter_visit",
                "counter_visits",
                ("visit_id",),
                ("visit_date", "is_walk_in", "status"),
            ),
            Contract(
                "email_message",
                "email_messages",
                ("message_id",),
                ("conversation_id", "direction", "sent_at", "sent_date", "is_auto_reply"),
            ),
            Contract("form_submission", "form_submissions", ("submission_id",), ()),
        )
    }
)


@cache
def contract_columns(
    project_dir: Path = SETTINGS.project_dir,
) -> Mapping[str, tuple[tuple[str, str], ...]]:
    """contract name -> ((column, DuckDB type), ...) as macros/staging/contracts.sql has them."""
    text = (project_dir / "macros" / "staging" / "contracts.sql").read_text(encoding="utf-8")
    return MappingProxyType(
        {name: tuple(_COLUMN.findall(body)) for name, body in _MACRO.findall(text)}
    )


def registered_models(registry: Mapping[str, Mapping[str, object]]) -> list[tuple[str, str, str]]:
    """(model, contract, source) for every model a source registers for a contract."""
    models: list[tuple[str, str, str]] = []
    for source, entry in registry.items():
        for contract in CONTRACTS.values():
            registered = entry.get(contract.registry_key)
            if isinstance(registered, Mapping):  # contacts: {model, channels}
                registered = registered.get("model")
            if registered:
                models.append((str(registered), contract.name, source))
    return models
