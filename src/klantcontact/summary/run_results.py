"""Load dbt's target/run_results.json into quality.build_test_results.

Why Python writes this table and not a dbt model: the results of a dbt run exist only
once that run has finished (dbt writes run_results.json at the very end), so no model of
the same run can select them. The end-of-build summary, which runs right after
`dbt build`, imports them instead. dbt neither creates nor drops this table; it is
replaced as a whole on every import, so importing the same file twice gives the same
table.
"""

from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from pathlib import Path

import duckdb

TEST_RESOURCE_TYPES = ("test", "unit_test")
TABLE = "quality.build_test_results"

_CREATE_SQL = f"""
    create or replace table {TABLE} (
        unique_id varchar primary key,
        resource_type varchar not null,
        test_name varchar not null,
        tested_model varchar,
        status varchar not null,
        failures bigint,
        message varchar,
        execution_seconds double,
        invocation_id varchar,
        generated_at timestamp
    )
"""


@dataclass(frozen=True)
class BuildTestResult:
    unique_id: str
    resource_type: str
    test_name: str
    tested_model: str | None
    status: str
    failures: int | None
    message: str | None
    execution_seconds: float | None
    invocation_id: str | None
    generated_at: str | None


def _first_line(message: object) -> str | None:
    if message is None:
        return None
    lines = str(message).strip().splitlines()
    return lines[0].strip() if lines else None


def _tested_models(manifest: dict, unique_id: str) -> str | None:
    """The model a test is attached to, else the models it selects from (comma-joined)."""
    node = manifest.get("nodes", {}).get(unique_id) or manifest.get("unit_tests", {}).get(
        unique_id
    )
    if not node:
        return None
    if node.get("attached_node"):
        return node["attached_node"].split(".")[-1]
    if node.get("model"):  # unit tests name their model
        return node["model"]
    models = [
        dependency.split(".")[-1]
        for dependency in node.get("depends_on", {}).get("nodes", [])
        if dependency.startswith(("model.", "seed.", "snapshot."))
    ]
    return ", ".join(models) or None


def read_test_results(run_results_path: Path) -> list[BuildTestResult]:
    """Every test and unit test of a run_results.json; manifest.json beside it adds the model."""
    run_results = json.loads(run_results_path.read_text(encoding="utf-8"))
    manifest_path = run_results_path.with_name("manifest.json")
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    metadata = run_results.get("metadata", {})
    results = []
    for result in run_results.get("results", []):
        unique_id = result["unique_id"]
        resource_type = unique_id.split(".", 1)[0]
        if resource_type not in TEST_RESOURCE_TYPES:
            continue
        results.append(
            BuildTestResult(
                unique_id=unique_id,
                resource_type=resource_type,
                # test.<project>.<name>[.<hash>]; unit_test.<project>.<model>.<name>
                test_name=unique_id.split(".")[-1 if resource_type == "unit_test" else 2],
                tested_model=_tested_models(manifest, unique_id),
                status=result["status"],
                failures=result.get("failures"),
                message=_first_line(result.get("message")),
                execution_seconds=result.get("execution_time"),
                invocation_id=metadata.get("invocation_id"),
                generated_at=metadata.get("generated_at"),
            )
        )
    return results


def write_test_results(database: Path, results: list[BuildTestResult]) -> None:
    """Replace quality.build_test_results; the only read-write connection of the summary."""
    with duckdb.connect(str(database)) as connection:
        connection.execute("begin transaction")
        connection.execute("create schema if not exists quality")
        connection.execute(_CREATE_SQL)
        if results:
            connection.executemany(
                f"insert into {TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [astuple(result) for result in results],
            )
        connection.execute("commit")
