"""Run a command and measure its wall time and peak memory.

Peak memory is the kernel's high-water mark of resident memory (ru_maxrss) from wait4()
on exactly this child: dbt runs its models and DuckDB as threads of one process, so that
process's peak is the peak of the build, and the kernel tracks it on every page fault,
where polling /proc would miss short peaks between samples. getrusage(RUSAGE_CHILDREN)
is not used because it reports the largest of all children so far, the generator
included.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_rss_mb: float
    returncode: int
    log: Path


def measure(command: Sequence[str], env: dict[str, str], cwd: Path, log: Path) -> Measured:
    """Run command with its output in log (a build's output is long; the bench reports)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        began = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
    # Reaped by wait4 already: tell Popen, so it never waits for the pid again.
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    return Measured(seconds, usage.ru_maxrss / 1024, process.returncode, log)


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
