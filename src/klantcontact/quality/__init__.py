"""Great Expectations checkpoint over the built DuckDB: staging, quality, facts and KPIs.

`run_checkpoint(database, models=None)` validates each registered model's suite and
returns a CheckpointReport; `python -m klantcontact.quality` is the command line.

Names are imported on first use, not with the package: `python -m klantcontact.quality`
imports the package before its `__main__` exists, and great_expectations imports pyspark's
Spark Connect module, which ends a process whose `__main__` is not set up yet with exit
status 0 ("Skipping doctests"), so the checkpoint would silently not run.
"""

import os
from typing import Any

# Before anything imports great_expectations: GX must not phone home from a
# municipality's machine (checkpoint.py repeats this for direct imports).
os.environ["GX_ANALYTICS_ENABLED"] = "false"

_CHECKPOINT_NAMES = (
    "CheckpointReport", "DatabaseError", "ExpectationOutcome", "ModelReport", "run_checkpoint",
)  # fmt: skip
_REGISTRY_NAMES = ("REGISTRY", "ModelSuite")

__all__ = [*_REGISTRY_NAMES, *_CHECKPOINT_NAMES]


def __getattr__(name: str) -> Any:
    if name in _CHECKPOINT_NAMES:
        from klantcontact.quality import checkpoint

        return getattr(checkpoint, name)
    if name in _REGISTRY_NAMES:
        from klantcontact.quality import registry

        return getattr(registry, name)
    raise AttributeError(f"module 'klantcontact.quality' has no attribute {name!r}")
