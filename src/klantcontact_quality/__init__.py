"""Great Expectations checkpoint over the built DuckDB: staging, quality, facts and KPIs.

`run_checkpoint(database, models=None)` validates each registered model's suite and
returns a CheckpointReport; `python -m klantcontact_quality` is the command line.
"""

import os

# Before anything imports great_expectations: GX must not phone home from a
# municipality's machine (checkpoint.py repeats this for direct imports).
os.environ["GX_ANALYTICS_ENABLED"] = "false"

from klantcontact_quality.checkpoint import (  # noqa: E402
    CheckpointReport,
    DatabaseError,
    ExpectationOutcome,
    ModelReport,
    run_checkpoint,
)
from klantcontact_quality.registry import REGISTRY, ModelSuite  # noqa: E402

__all__ = [
    "REGISTRY",
    "CheckpointReport",
    "DatabaseError",
    "ExpectationOutcome",
    "ModelReport",
    "ModelSuite",
    "run_checkpoint",
]
