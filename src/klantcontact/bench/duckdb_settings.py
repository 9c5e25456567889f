"""The DuckDB settings of a build, from the same environment variables as profiles.yml
(KCC_THREADS, KCC_MEMORY_LIMIT, KCC_TEMP_DIR: klantcontact.settings).

The bench passes them to dbt explicitly and applies them to its read floor, so both run
under the same threads, memory limit and spill folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from klantcontact.settings import SETTINGS


@dataclass(frozen=True)
class DuckDBSettings:
    threads: int
    memory_limit: str
    temp_dir: Path

    @classmethod
    def of(cls, database: Path) -> DuckDBSettings:
        """The settings of a build into database; the spill folder defaults to
        <database>.tmp, as in profiles.yml."""
        return cls(
            threads=SETTINGS.threads,
            memory_limit=SETTINGS.memory_limit,
            temp_dir=SETTINGS.temp_dir or Path(f"{database}.tmp").resolve(),
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
