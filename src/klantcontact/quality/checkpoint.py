"""Run the GX checkpoint over the DuckDB file built by dbt.

Why pandas and not GX's SQL datasource: GX over duckdb_engine fails here (IndexError in
resolve_metric_bundle), and sqlalchemy is not a project dependency. So each model's
needed columns are read read-only with the duckdb client into a DataFrame and validated
through a pandas dataframe asset.

Why the checkpoint's validation definitions are run one by one: `Checkpoint.run` hands
the same `batch_parameters` to every validation definition, and a dataframe asset takes
its data only from `batch_parameters["dataframe"]`, so one call cannot give each model
its own frame. `_run_checkpoint` therefore does what `Checkpoint.run` does (run each
definition under one run id and the checkpoint's id, collect a CheckpointResult),
loading the frames one model ahead so memory holds at most two, and then builds Data
Docs once: a checkpoint's UpdateDataDocsAction rebuilds the whole site per validation
result, which took ~1 s per model.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# GX reads this when a context is created; set before the import so nothing phones home.
os.environ["GX_ANALYTICS_ENABLED"] = "false"

import duckdb  # noqa: E402
import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
import pandas as pd  # noqa: E402
from great_expectations.checkpoint import CheckpointResult  # noqa: E402
from great_expectations.core import RunIdentifier  # noqa: E402
from great_expectations.core.expectation_validation_result import (  # noqa: E402
    ExpectationSuiteValidationResult,
    ExpectationValidationResult,
)
from great_expectations.data_context import EphemeralDataContext  # noqa: E402
from great_expectations.data_context.types.base import (  # noqa: E402
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.data_context.types.resource_identifiers import (  # noqa: E402
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from klantcontact.quality.registry import (  # noqa: E402
    Between,
    Check,
    InSet,
    Matches,
    MinRows,
    ModelSuite,
    NotBefore,
    NotNull,
    Unique,
    select_suites,
)
from klantcontact.settings import SETTINGS  # noqa: E402

CHECKPOINT_NAME = "klantcontact"
DATA_DOCS_SITE = "klantcontact_data_docs"
DATASOURCE_NAME = "klantcontact_duckdb"
DEFAULT_DOCS_DIR = SETTINGS.project_dir / "build" / "data-docs"
# SUMMARY keeps a short sample of unexpected values for the report and Data Docs
# without GX collecting every failing row of a million-row model.
RESULT_FORMAT = "SUMMARY"
_SAMPLE_VALUES = 3

ModelStatus = Literal["validated", "missing", "unreadable"]


class DatabaseError(Exception):
    """The DuckDB file cannot be opened (absent, locked by a running build, not DuckDB)."""


@dataclass(frozen=True)
class ExpectationOutcome:
    model: str
    expectation: str
    columns: str
    success: bool
    detail: str = ""


@dataclass
class ModelReport:
    model: str
    relation: str
    status: ModelStatus
    rows: int = 0
    seconds: float = 0.0
    message: str = ""
    outcomes: list[ExpectationOutcome] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(outcome.success for outcome in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(not outcome.success for outcome in self.outcomes)

    @property
    def success(self) -> bool:
        return self.status == "validated" and self.failed == 0


@dataclass
class CheckpointReport:
    database: Path
    models: list[ModelReport]
    docs_index: Path | None = None
    # The GX result of the checkpoint, for callers that want GX's own view of the run.
    gx_result: CheckpointResult | None = None
    seconds: float = 0.0

    @property
    def success(self) -> bool:
        return all(model.success for model in self.models)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for model in self.models for o in model.outcomes if not o.success]


# -- registry check -> GX expectation -----------------------------------------------


def to_expectation(check: Check) -> gxe.Expectation:
    """The GX expectation for one registry check."""
    match check:
        case NotNull(column):
            return gxe.ExpectColumnValuesToNotBeNull(column=column)
        case Unique(key) if len(key) == 1:
            return gxe.ExpectColumnValuesToBeUnique(column=key[0])
        case Unique(key):
            return gxe.ExpectCompoundColumnsToBeUnique(column_list=list(key))
        case InSet(column, values):
            return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values))
        case Between(column, min_value, max_value):
            return gxe.ExpectColumnValuesToBeBetween(
                column=column, min_value=min_value, max_value=max_value
            )
        case Matches(column, regex):
            return gxe.ExpectColumnValuesToMatchRegex(column=column, regex=regex)
        case NotBefore(later, earlier):
            # Open ends (a task not completed yet) are not a violation.
            return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=later,
                column_B=earlier,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        case MinRows(minimum):
            return gxe.ExpectTableRowCountToBeBetween(min_value=minimum)
    raise TypeError(f"no GX expectation for {check!r}")  # pragma: no cover


def build_suite(model: ModelSuite) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=model.name, expectations=[to_expectation(check) for check in model.checks]
    )


# -- DuckDB ---------------------------------------------------------------------------


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def connect_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    if not database.is_file():
        raise DatabaseError(f"DuckDB file {database} does not exist; run dbt build first")
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        # Typically the lock of a dbt build still writing to the file.
        raise DatabaseError(f"cannot open {database} read-only: {error}") from error
    return _session(connection)


def _session(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Per-connection settings, applied to every cursor as well."""
    # Timestamps arrive in UTC, as in the dbt profile, whatever the machine's zone.
    connection.execute("SET TimeZone = 'UTC'")
    # Slow staging views would otherwise draw progress bars over the report.
    connection.execute("SET enable_progress_bar = false")
    return connection


def _missing_columns(connection: duckdb.DuckDBPyConnection, model: ModelSuite) -> list[str] | None:
    """None when the relation does not exist, else the needed columns it lacks, and each
    column of a contract type (ModelSuite.column_types) it holds with another type, as
    `column (TYPE, contract TYPE)`: checked whatever the rows, an empty model too."""
    rows = connection.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = ? and table_name = ?",
        [model.schema, model.name],
    ).fetchall()
    if not rows:
        return None
    present = {name: data_type for name, data_type in rows}
    missing = [column for column in model.source_columns if column not in present]
    return missing + [
        f"{column} ({present[column]}, contract {expected.upper()})"
        for column, expected in model.column_types.items()
        if column in present and present[column].upper() != expected.upper()
    ]


def load_frame(connection: duckdb.DuckDBPyConnection, model: ModelSuite) -> pd.DataFrame:
    """Only the columns the suite needs, so a million-row model stays cheap to read."""
    select_list = ", ".join(
        f"{model.computed[column]} as {_quote(column)}"
        if column in model.computed
        else _quote(column)
        for column in model.columns
    )
    # A suite of table-level checks only still needs its rows.
    select_list = select_list or "1 as _row"
    sql = f"select {select_list} from {_quote(model.schema)}.{_quote(model.name)}"
    return connection.sql(sql).df()


# -- GX -------------------------------------------------------------------------------


def _context(docs_dir: Path | None) -> EphemeralDataContext:
    """An ephemeral context: suites and results live in memory, only Data Docs hit disk."""
    sites: dict[str, Any] = {}
    if docs_dir is not None:
        sites[DATA_DOCS_SITE] = {
            "class_name": "SiteBuilder",
            # Absolute: an ephemeral context has no root directory to resolve against.
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                # No "check out these tutorials" banner on a municipality's report.
                "show_how_to_buttons": False,
            },
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites=sites,
        analytics_enabled=False,
        # tqdm bars per metric batch would drown the report.
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _columns_of(result: ExpectationValidationResult) -> str:
    kwargs = result.expectation_config.kwargs
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_list" in kwargs:
        return ", ".join(kwargs["column_list"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']} >= {kwargs['column_B']}"
    return "(table)"


def _exception_message(result: ExpectationValidationResult) -> str | None:
    info = result.exception_info or {}
    # One dict for the expectation, or one per metric keyed by metric id.
    infos = [info] if "raised_exception" in info else [v for v in info.values() if v]
    for item in infos:
        if isinstance(item, dict) and item.get("raised_exception"):
            message = str(item.get("exception_message") or "exception")
            return message.strip().splitlines()[-1][:200]
    return None


def _shown(value: Any) -> str:
    if isinstance(value, tuple | list):  # a column pair's (A, B)
        return "(" + ", ".join(_shown(item) for item in value) + ")"
    if isinstance(value, str):
        return repr(value[:70])
    return str(value)  # numpy datetime64 and numbers print readably with str()


def _sample(values: Iterable[Any]) -> str:
    shown = list(dict.fromkeys(_shown(value) for value in values))[:_SAMPLE_VALUES]
    return f", e.g. {', '.join(shown)}" if shown else ""


def _detail(result: ExpectationValidationResult) -> str:
    error = _exception_message(result)
    if error:
        return f"error: {error}"
    outcome = result.result or {}
    if "unexpected_count" in outcome:
        count = outcome.get("unexpected_count") or 0
        total = outcome.get("element_count") or 0
        detail = f"{count} of {total} rows unexpected"
        if not result.success:
            detail += _sample(outcome.get("partial_unexpected_list") or [])
        return detail
    if "observed_value" in outcome:
        return f"observed {outcome['observed_value']}"
    return ""


def _outcomes(model: str, result: ExpectationSuiteValidationResult) -> list[ExpectationOutcome]:
    return [
        ExpectationOutcome(
            model=model,
            expectation=item.expectation_config.type,
            columns=_columns_of(item),
            success=bool(item.success),
            detail=_detail(item),
        )
        for item in result.results
    ]


def run_checkpoint(
    database: Path | str,
    models: Sequence[str] | None = None,
    docs_dir: Path | str | None = DEFAULT_DOCS_DIR,
) -> CheckpointReport:
    """Validate the given models (all registered ones when None) in the DuckDB file.

    Raises DatabaseError when the file cannot be opened and KeyError for a model that
    has no suite; a model absent from the file is reported, not raised.
    """
    started = time.perf_counter()
    database = Path(database)
    docs_path = Path(docs_dir) if docs_dir is not None else None
    suites = select_suites(models)
    reports = {suite.name: ModelReport(suite.name, suite.relation, "validated") for suite in suites}

    connection = connect_read_only(database)
    try:
        present: list[ModelSuite] = []
        for suite in suites:
            missing = _missing_columns(connection, suite)
            report = reports[suite.name]
            if missing is None:
                report.status = "missing"
                report.message = f"{suite.relation} is not in {database}"
            elif missing:
                report.status = "unreadable"
                report.message = f"{suite.relation} lacks column(s) {', '.join(missing)}"
            else:
                present.append(suite)
        gx_result, docs_index = (
            _run_checkpoint(connection, present, reports, docs_path) if present else (None, None)
        )
    finally:
        connection.close()

    return CheckpointReport(
        database=database,
        models=[reports[suite.name] for suite in suites],
        docs_index=docs_index,
        gx_result=gx_result,
        seconds=time.perf_counter() - started,
    )


def _run_checkpoint(
    connection: duckdb.DuckDBPyConnection,
    suites: list[ModelSuite],
    reports: dict[str, ModelReport],
    docs_dir: Path | None,
) -> tuple[CheckpointResult | None, Path | None]:
    """Validate each present model; the GX CheckpointResult and the Data Docs index."""
    context = _context(docs_dir)
    datasource = context.data_sources.add_pandas(name=DATASOURCE_NAME)
    definitions = []
    for suite in suites:
        batch_definition = datasource.add_dataframe_asset(
            name=suite.name
        ).add_batch_definition_whole_dataframe(name="whole_model")
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=suite.name,
                    data=batch_definition,
                    suite=context.suites.add(build_suite(suite)),
                )
            )
        )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=CHECKPOINT_NAME,
            validation_definitions=definitions,
            result_format=RESULT_FORMAT,
        )
    )

    run_id = RunIdentifier(run_name=CHECKPOINT_NAME, run_time=dt.datetime.now(dt.UTC))
    run_results: dict[ValidationResultIdentifier, ExpectationSuiteValidationResult] = {}
    # Reading a staging view re-parses its raw CSVs and mostly keeps one core busy, as
    # does GX: so the next model is read in a worker thread (its own DuckDB cursor)
    # while this one is validated. At most two frames are in memory.
    with ThreadPoolExecutor(max_workers=1) as reader, _session(connection.cursor()) as cursor:
        pending = [reader.submit(load_frame, cursor, suite) for suite in suites[:1]]
        for index, (suite, definition) in enumerate(
            zip(suites, checkpoint.validation_definitions, strict=True)
        ):
            model_started = time.perf_counter()
            if index + 1 < len(suites):
                pending.append(reader.submit(load_frame, cursor, suites[index + 1]))
            report = reports[suite.name]
            try:
                frame = pending.pop(0).result()
            except duckdb.Error as error:
                # e.g. a staging view whose raw CSV files are gone.
                report.status = "unreadable"
                reason = str(error).strip().splitlines()[0][:300]
                report.message = f"{suite.relation} could not be read: {reason}"
                continue
            report.rows = len(frame)
            result = definition.run(
                checkpoint_id=checkpoint.id,
                batch_parameters={"dataframe": frame},
                result_format=RESULT_FORMAT,
                run_id=run_id,
            )
            del frame
            report.outcomes = _outcomes(suite.name, result)
            report.seconds = time.perf_counter() - model_started
            key = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
                run_id=run_id,
                batch_identifier=result.batch_id,
            )
            run_results[key] = result

    if not run_results:
        return None, None
    result = CheckpointResult(run_id=run_id, run_results=run_results, checkpoint_config=checkpoint)
    if docs_dir is None:
        return result, None
    # Suites and results live in the context's in-memory stores: one build renders them all.
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    index = docs_dir.resolve() / "index.html"
    return result, index if index.is_file() else None
