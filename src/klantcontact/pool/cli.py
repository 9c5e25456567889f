"""Build several municipalities into one DuckDB warehouse (docs/multi-municipality.md).

    python -m klantcontact.pool 0307=data/raw_a 0344:Utrecht=data/raw_b

Runs `dbt build` once per municipality, each from its own export folder into a schema set
of its own (gm0307_staging, gm0307_core, gm0307_kpi, ...), then `dbt build --select
models/pooled`, which puts their KPIs side by side in pooled.pooled_kpi_values. Each
municipality is built exactly as it would be alone: its own incremental state, identities,
norms and vars. Rebuilding one municipality leaves the others as they are.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from rich.console import Console

from klantcontact.pool.builds import Run, build_municipality, build_pool, tail
from klantcontact.pool.municipalities import (
    SpecError,
    parse_extra_vars,
    parse_municipalities,
    project_municipality,
)
from klantcontact.pool.summary import pooled_municipalities, print_summary

PROJECT_DIR = Path(__file__).resolve().parents[3]
# Not pooled.duckdb: DuckDB names the catalog after the file, and a catalog "pooled" makes
# pooled.pooled_kpi_values ambiguous with schema pooled.
DEFAULT_DATABASE = Path("build") / "klantcontact_pooled.duckdb"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m klantcontact.pool",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "municipalities",
        nargs="+",
        metavar="CODE[:NAME]=RAW_DIR",
        help="a municipality: CBS gemeentecode (4 digits), optional name, its export folder",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("KCC_DUCKDB_PATH") or PROJECT_DIR / DEFAULT_DATABASE),
        help=f"the pooled warehouse (default: KCC_DUCKDB_PATH, else {DEFAULT_DATABASE})",
    )
    parser.add_argument(
        "--vars",
        action="append",
        default=[],
        metavar="CODE=YAML",
        help="dbt vars of one municipality, e.g. 0344='{kpi_norms_seed: kpi_norms_utrecht}'",
    )
    parser.add_argument(
        "--dbt-args",
        default="",
        help="extra arguments for every dbt build, e.g. --dbt-args=--full-refresh or "
        "--dbt-args='--exclude-resource-type unit_test'",
    )
    parser.add_argument(
        "--pool-only",
        action="store_true",
        help="build only the pooled models, from municipalities built earlier",
    )
    parser.add_argument(
        "--log-dir",
        type=Path,
        default=PROJECT_DIR / "target" / "pool",
        help="dbt's output per build (default: target/pool)",
    )
    parser.add_argument("--verbose", action="store_true", help="show dbt's output while it runs")
    return parser


def _failed(console: Console, run: Run) -> int:
    console.out(tail(run.log), highlight=False)
    console.print(
        f"[red]dbt build of {run.label} failed[/red] (exit {run.returncode}); "
        f"full output: {run.log}"
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    console = Console()
    try:
        municipalities = parse_municipalities(
            arguments.municipalities, project_municipality(PROJECT_DIR)
        )
        extra_vars = parse_extra_vars(
            arguments.vars, {municipality.code for municipality in municipalities}
        )
    except SpecError as error:
        print(f"klantcontact.pool: {error}", file=sys.stderr)
        return 2
    database = arguments.database.expanduser().resolve()
    database.parent.mkdir(parents=True, exist_ok=True)
    dbt_args = shlex.split(arguments.dbt_args)

    runs: list[Run] = []
    for municipality in [] if arguments.pool_only else municipalities:
        console.print(
            f"dbt build [bold]{municipality.code} {municipality.name}[/bold] from "
            f"{municipality.raw_dir} into {database.name}, schemas {municipality.schema_prefix}*"
        )
        run = build_municipality(
            PROJECT_DIR, database, municipality, arguments.log_dir, dbt_args,
            extra_vars.get(municipality.code), arguments.verbose,
        )  # fmt: skip
        if run.returncode != 0:
            return _failed(console, run)
        console.print(f"  done in {run.seconds:.0f} s")
        runs.append(run)

    codes = [municipality.code for municipality in municipalities]
    console.print(f"dbt build [bold]pooled[/bold] models of {', '.join(codes)}")
    run = build_pool(PROJECT_DIR, database, codes, arguments.log_dir, dbt_args, arguments.verbose)
    if run.returncode != 0:
        return _failed(console, run)
    console.print(f"  done in {run.seconds:.0f} s")
    print_summary(console, database, pooled_municipalities(database), runs)
    return 0
