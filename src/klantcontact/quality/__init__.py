"""Checks of a built DuckDB database.

- The Great Expectations checkpoint over staging, quality, facts and KPIs:
  `run_checkpoint(database, models=None)` validates each registered model's suite and
  returns a CheckpointReport; `klantcontact quality` is the command line (command.py).
- The privacy scan (privacy_scan.py): personal-data patterns in every text column;
  `klantcontact privacy-scan`, and after every `klantcontact dbt build`.

The names below are imported on first use, so the privacy scan and the registry do not
pay for importing Great Expectations.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CheckpointReport": "klantcontact.quality.checkpoint",
    "DatabaseError": "klantcontact.quality.checkpoint",
    "ExpectationOutcome": "klantcontact.quality.checkpoint",
    "ModelReport": "klantcontact.quality.checkpoint",
    "run_checkpoint": "klantcontact.quality.checkpoint",
    "REGISTRY": "klantcontact.quality.registry",
    "ModelSuite": "klantcontact.quality.registry",
}

__all__ = [
    "REGISTRY", "CheckpointReport", "DatabaseError", "ExpectationOutcome", "ModelReport",
    "ModelSuite", "run_checkpoint",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
