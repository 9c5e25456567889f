"""Great Expectations checkpoint over the built DuckDB: staging, quality, facts and KPIs.

`run_checkpoint(database, models=None)` validates each registered model's suite and
returns a CheckpointReport; `klantcontact quality` is the command line (command.py).
"""

from klantcontact.quality.checkpoint import (
    CheckpointReport,
    DatabaseError,
    ExpectationOutcome,
    ModelReport,
    run_checkpoint,
)
from klantcontact.quality.registry import REGISTRY, ModelSuite

__all__ = [
    "REGISTRY", "CheckpointReport", "DatabaseError", "ExpectationOutcome", "ModelReport",
    "ModelSuite", "run_checkpoint",
]  # fmt: skip
