"""The DuckDB settings of a build, from the same environment variables as profiles.yml.

The bench passes them to dbt explicitly and applies them to its read floor, so both run
under the same threads, memory limit and spill folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# The defaults of profiles.yml; the spill folder defaults to <database>.tmp there too.
DEFAULT_THREADS = "2"
DEFAULT_MEMORY_LIMIT = "3GiB"


@dataclass(frozen=True)
class DuckDBSettings:
    threads: int
    memory_limit: str
    temp_dir: Path

    @classmethod
    def from_env(cls, database: Path) -> DuckDBSettings:
        temp_dir = os.environ.get("KCC_TEMP_DIR") or f"{database}.tmp"
        return cls(
            threads=int(os.environ.get("KCC_THREADS") or DEFAULT_THREADS),
            memory_limit=os.environ.get("KCC_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT,
            temp_dir=Path(temp_dir).resolve(),
        )

    def env(self) -> dict[str, str]:
        return {
            "KCC_THREADS": str(self.threads),
            "KCC_MEMORY_LIMIT": self.memory_limit,
            "KCC_TEMP_DIR": str(self.temp_dir),
        }

    def config(self) -> dict[str, str]:
        """For duckdb.connect(): as profiles.yml's config_options, given at open."""
        # DuckDB creates the spill folder but not its parents.
        self.temp_dir.parent.mkdir(parents=True, exist_ok=True)
        return {
            "threads": str(self.threads),
            "memory_limit": self.memory_limit,
            "temp_directory": str(self.temp_dir),
        }
