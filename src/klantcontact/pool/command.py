"""`klantcontact pool`: several municipalities in one DuckDB warehouse
(docs/multi-municipality.md).

    klantcontact pool 0307=data/raw_a 0344:Utrecht=data/raw_b

Runs `dbt build` once per municipality, each from its own export folder into a schema set
of its own (gm0307_staging, gm0307_core, gm0307_kpi, ...), then `dbt build --select
models/pooled`, which puts their KPIs side by side in pooled.pooled_kpi_values. Each
municipality is built exactly as it would be alone: its own incremental state, identities,
norms and vars. Rebuilding one municipality leaves the others as they are.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
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
from klantcontact.settings import SETTINGS


def _failed(console: Console, run: Run) -> int:
    console.out(tail(run.log), highlight=False)
    console.print(
        f"[red]dbt build of {run.label} failed[/red] (exit {run.returncode}); "
        f"full output: {run.log}"
    )
    return 1


def run(
    specs: Sequence[str],
    database: Path,
    extra_vars_specs: Sequence[str],
    dbt_args: Sequence[str],
    pool_only: bool,
    log_dir: Path,
    verbose: bool,
) -> int:
    """Build the municipalities of specs (CODE[:NAME]=RAW_DIR), then the pooled models;
    extra_vars_specs are CODE=YAML dbt vars of one municipality. 2 for a wrong spec."""
    console = Console()
    try:
        municipalities = parse_municipalities(
            list(specs), project_municipality(SETTINGS.project_vars)
        )
        extra_vars = parse_extra_vars(
            list(extra_vars_specs), {municipality.code for municipality in municipalities}
        )
    except SpecError as error:
        print(f"klantcontact pool: {error}", file=sys.stderr)
        return 2
    database = database.expanduser().resolve()
    database.parent.mkdir(parents=True, exist_ok=True)

    runs: list[Run] = []
    for municipality in [] if pool_only else municipalities:
        console.print(
            f"dbt build [bold]{municipality.code} {municipality.name}[/bold] from "
            f"{municipality.raw_dir} into {database.name}, schemas {municipality.schema_prefix}*"
        )
        run = build_municipality(
            database, municipality, log_dir, dbt_args, extra_vars.get(municipality.code), verbose
        )
        if run.returncode != 0:
            return _failed(console, run)
        console.print(f"  done in {run.seconds:.0f} s")
        runs.append(run)

    codes = [municipality.code for municipality in municipalities]
    console.print(f"dbt build [bold]pooled[/bold] models of {', '.join(codes)}")
    run = build_pool(database, codes, log_dir, dbt_args, verbose)
    if run.returncode != 0:
        return _failed(console, run)
    console.print(f"  done in {run.seconds:.0f} s")
    print_summary(console, database, pooled_municipalities(database), runs)
    return 0
