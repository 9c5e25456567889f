"""The `klantcontact` command: a subcommand for everything the Makefile runs in Python,
plus `compare postgres` and `settings`.

Each subcommand only turns its options into a call of the module that does the work
(`<subpackage>/command.py`) and returns that call's exit status; it imports the module
when it runs, so `klantcontact --help` needs neither Great Expectations nor Spark.
Defaults come from klantcontact.settings.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Sequence
from pathlib import Path

import click

from klantcontact.generator.world import Params
from klantcontact.settings import SETTINGS

PATH = click.Path(path_type=Path)
# --database of the subcommands that read a built DuckDB database.
DATABASE_OPTION = click.option(
    "--database", type=PATH, default=SETTINGS.duckdb_path,
    help="the built database (default: KCC_DUCKDB_PATH, else klantcontact.duckdb)",
)
_GENERATOR = Params()


def main(argv: Sequence[str] | None = None) -> int:
    """Run `klantcontact` with argv (default: the command line); returns the exit status."""
    try:
        status = cli.main(
            args=None if argv is None else list(argv),
            prog_name="klantcontact",
            standalone_mode=False,
        )
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return 1
    return status if isinstance(status, int) else 0


class _InOrder(click.Group):
    """Subcommands listed in the order they are defined: roughly a build's order."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(
    cls=_InOrder,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="`make help` lists the Makefile targets that run these.",
)
def cli() -> None:
    """The klantcontact datamart's Python side: demo exports, checks, reports, exports,
    loaders of the PostgreSQL and Spark targets, pooled builds and the bench."""


@cli.command()
@click.option("--inhabitants", type=click.IntRange(min=1), default=_GENERATOR.inhabitants,
              show_default=True, help="size of the municipality; volumes scale linearly")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=_GENERATOR.start,
              show_default=True, metavar="YYYY-MM-DD", help="first export day")
@click.option("--days", type=click.IntRange(min=1), default=_GENERATOR.days, show_default=True,
              help="number of days")
@click.option("--seed", type=int, default=_GENERATOR.seed, show_default=True,
              help="random seed")
@click.option("--out", type=PATH, default=SETTINGS.project_dir / "data" / "raw",
              help="raw_dir to write (default: data/raw, the demo's)")
@click.option("--fault-rate", type=click.FloatRange(0, 0.3, max_open=True),
              default=_GENERATOR.fault_rate, show_default=True,
              help="share of rows given one injected fault, 0 for clean data")
@click.option("--formats", type=click.Choice(["real", "contract"]), default="real",
              show_default=True,
              help="real: mor and web as Signalen, Matomo and Open Formulieren write them; "
              "contract: every source in the export contract's own files (the tests' fixtures)")
@click.option("--quiet", is_flag=True, help="no progress bars and no summary table")
def generate(
    inhabitants: int, start: dt.datetime, days: int, seed: int, out: Path, fault_rate: float,
    formats: str, quiet: bool,
) -> None:  # fmt: skip
    """Write the demo raw exports (deterministic per seed).

    A generated municipality's export folders with injected faults, as
    docs/demo-generator.md describes."""
    from klantcontact.generator.command import run

    params = Params(inhabitants, start.date().isoformat(), days, seed, fault_rate)
    run(params, out, quiet, formats)


@cli.command()
@click.argument("systems", nargs=-1, type=click.Choice(["kiss", "openklant", "openzaak"]),
                metavar="[SYSTEM]...")
@click.option("--raw-dir", type=PATH, default=None,
              help="raw_dir to write into (default: KCC_RAW_DIR, else the dbt var raw_dir)")
def extract(systems: tuple[str, ...], raw_dir: Path | None) -> int:
    """Pull KISS, Open Klant and Open Zaak over their APIs.

    SYSTEM is kiss, openklant or openzaak; none given: every system whose base URL is set.
    Writes each page as returned into <raw-dir>/kcs/<date>/ and <raw-dir>/zaken/<date>/
    with a manifest per system. URLs, credentials and the window (KCC_EXTRACT_FROM/TO)
    come from the environment or klantcontact.env (docs/extract.md). Exit 1 when a system
    failed, 2 when a setting is missing."""
    from klantcontact.extract.command import run

    return run(systems, SETTINGS.extract, raw_dir or SETTINGS.raw_dir)


@cli.command(
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help-klantcontact"]}
)
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED, metavar="DBT_ARGS...")
def dbt(dbt_args: tuple[str, ...]) -> int:
    """Run dbt with the municipality configuration (what `make build` runs).

    Prints the municipality configuration of the exports in KCC_RAW_DIR (name, CBS code,
    pseudonym key, closing days; each from --vars, the environment, klantcontact.env,
    dbt_project.yml or, for the demo's exports only, the demo) and passes it to dbt; exit 3,
    naming the missing settings, when exports that are not the demo's lack their own name,
    CBS code or pseudonym key (docs/configuration.md). DBT_ARGS go to dbt unchanged, e.g.
    `klantcontact dbt build --select dim_date`; their --vars win."""
    from klantcontact.dbtrun.command import run

    return run(dbt_args)


@cli.command()
@DATABASE_OPTION
@click.option("--run-results", type=PATH, default=None,
              help="dbt's target/run_results.json: import its test results into "
              "quality.build_test_results (replacing the table) and report the failed ones")
def summary(database: Path, run_results: Path | None) -> int:
    """Print what a build produced.

    The quality report per source, quarantined rows, raw file faults, failed tests (with
    --run-results) and the headline KPIs; reads the database read-only."""
    from klantcontact.summary.command import run

    return run(database, run_results)


@cli.command()
@DATABASE_OPTION
@click.option("--docs-dir", type=PATH, default=SETTINGS.project_dir / "build" / "data-docs",
              help="where Data Docs are written (default: build/data-docs)")
@click.option("--no-docs", is_flag=True, help="skip building Data Docs")
@click.option("--model", "models", multiple=True, metavar="MODEL",
              help="validate only this model (repeatable); default: every registered model")
def quality(database: Path, docs_dir: Path, no_docs: bool, models: tuple[str, ...]) -> int:
    """Validate a built database with Great Expectations.

    The staging, quality and mart models against their expectations (docs/data-quality.md).
    Exit 1 on a failed expectation or a missing model, 2 when the database cannot be
    opened."""
    from klantcontact.quality.command import run
    from klantcontact.quality.registry import REGISTRY

    unknown = [model for model in models if model not in REGISTRY]
    if unknown:
        raise click.BadParameter(
            f"{', '.join(unknown)} (choose from {', '.join(REGISTRY)})", param_hint="--model"
        )
    return run(database, None if no_docs else docs_dir, models)


@cli.command("privacy-scan")
@DATABASE_OPTION
def privacy_scan(database: Path) -> int:
    """Scan a built database for personal data.

    Every text column of every table and view outside the staging schemas, for an e-mail
    address, a Dutch phone number, a valid BSN or a postcode/street with a house number
    (docs/privacy.md); `klantcontact dbt build` runs it after every build. Prints
    schema.table.column, the kind and the number of rows of each finding, never the value.
    Exit 1 on a finding, 2 when the database cannot be opened."""
    from klantcontact.quality.privacy_scan import run

    return run(database)


@cli.command()
@DATABASE_OPTION
@click.option("--out", type=PATH, default=SETTINGS.project_dir / "reports" / "dashboard.html",
              help="HTML file to write (default: reports/dashboard.html)")
def report(database: Path, out: Path) -> int:
    """Write the KPI dashboard as one HTML file.

    Self-contained (plotly.js inlined), from the database opened read-only
    (docs/dashboard.md)."""
    from klantcontact.report.command import run

    return run(database, out)


@cli.command()
@DATABASE_OPTION
@click.option("--out", type=PATH, default=SETTINGS.project_dir / "exports",
              help="output folder (default: exports)")
@click.option("--manifest", type=PATH, default=SETTINGS.project_dir / "target" / "manifest.json",
              help="dbt's manifest.json for descriptions (default: target/manifest.json; "
              "left out when absent)")
def export(database: Path, out: Path, manifest: Path) -> int:
    """Export the marts as Parquet and CSV.

    Every table of schemas core and kpi and the KPI reference tables, for Power BI and
    Excel, with a README and a manifest (docs/exports.md)."""
    from klantcontact.export.command import run

    return run(database, out, manifest)


@cli.command()
@click.argument("municipalities", nargs=-1, required=True, metavar="CODE[:NAME]=RAW_DIR...")
@click.option("--database", type=PATH, default=SETTINGS.pooled_duckdb_path,
              help="the pooled warehouse (default: KCC_DUCKDB_PATH, else "
              "build/klantcontact_pooled.duckdb)")
@click.option("--vars", "extra_vars", multiple=True, metavar="CODE=YAML",
              help="dbt vars of one municipality, e.g. 0344='{kpi_norms_seed: kpi_norms_utrecht}'")
@click.option("--dbt-args", default="",
              help="extra arguments for every dbt build, e.g. --dbt-args=--full-refresh or "
              "--dbt-args='--exclude-resource-type unit_test'")
@click.option("--pool-only", is_flag=True,
              help="build only the pooled models, from municipalities built earlier")
@click.option("--log-dir", type=PATH, default=SETTINGS.project_dir / "target" / "pool",
              help="dbt's output per build (default: target/pool)")
@click.option("--verbose", is_flag=True, help="show dbt's output while it runs")
def pool(
    municipalities: tuple[str, ...], database: Path, extra_vars: tuple[str, ...], dbt_args: str,
    pool_only: bool, log_dir: Path, verbose: bool,
) -> int:  # fmt: skip
    """Build several municipalities into one warehouse.

    One dbt build per municipality (CBS gemeentecode, optional name, its export folder)
    into schemas of its own, then the pooled models (docs/multi-municipality.md)."""
    from klantcontact.pool.command import run

    return run(
        municipalities, database, extra_vars, shlex.split(dbt_args), pool_only, log_dir, verbose
    )


@cli.command()
@click.option("--seeds-dir", type=PATH, default=SETTINGS.project_dir / "seeds",
              help="the seeds folder (default: this checkout's seeds)")
@click.option("--out", type=PATH, default=SETTINGS.project_dir / "docs" / "kpi-catalogue.md",
              help="the Markdown file to write (default: docs/kpi-catalogue.md)")
@click.option("--check", "check_only", is_flag=True,
              help="write nothing; exit 1 when the file differs from what the seeds give")
def catalogue(seeds_dir: Path, out: Path, check_only: bool) -> int:
    """Check the KPI catalogue's seeds and render docs/kpi-catalogue.md.

    Prints the Bijlage 3 counts per match and every problem of the seeds (a row without a
    source, a tree that breaks VNG's levels, ...); exit 1 on a problem or, with --check,
    when the file is not current."""
    from klantcontact.catalogue.command import run

    return run(seeds_dir, out, check_only)


@cli.command("new-source")
@click.argument("name")
@click.option("--sample", type=PATH, required=True, help="a sample export (CSV)")
@click.option("--file", help="export file name without .csv (default: the sample's file name)")
@click.option("--kind", type=click.Choice(["plain", "contacts", "call_legs"]), default="plain",
              help="plain (staged only), contacts (a channel: channel_contact contract) or "
              "call_legs (a telephony vendor: call_leg contract); default plain")
@click.option("--contract", help="any contract of macros/staging/contracts.sql (default: the "
              "kind's; e.g. counter_visit)")
@click.option("--channel", help="channel code of seeds/channels.csv (kind contacts)")
@click.option("--key", help="the column that identifies a record (default: the first id column)")
@click.option("--answers", type=PATH, help="a YAML file answering the declaration's questions "
              "(columns: and fields:)")
@click.option("--project-dir", type=PATH, default=SETTINGS.project_dir,
              help="the dbt project (default: this checkout, or DBT_PROJECT_DIR)")
def new_source(
    name: str, sample: Path, file: str | None, kind: str, contract: str | None,
    channel: str | None, key: str | None, answers: Path | None, project_dir: Path,
) -> int:  # fmt: skip
    """Scaffold a new export source from a sample export.

    NAME (snake_case) is the raw folder and model prefix. Writes the declaration (the
    sources YAML, read from the sample's values), the one-line models, their YAML, the
    kcc_sources entry and a docs page; exit 2, nothing written, when the source or
    one of its files exists (docs/adding-a-source.md)."""
    from klantcontact.scaffold.command import Request, run
    from klantcontact.scaffold.spec import Kind

    return run(
        Request(name, sample, Kind(kind), file, channel, key, project_dir, contract, answers)
    )


@cli.group(cls=_InOrder)
def load() -> None:
    """Load the raw exports into PostgreSQL or Spark.

    The engines that cannot read the export folders in place (docs/engines.md)."""


@load.command("postgres")
@click.option("--raw-dir", type=PATH, required=True,
              help="folder with <source>/<export-date>/<file>.csv")
@click.option("--dsn", default=None,
              help="libpq connection string (default: KCC_PG_DSN, else the scripts/pg.sh "
              "server on 127.0.0.1:KCC_PG_PORT); the password comes from KCC_PG_PASSWORD "
              "when neither the DSN nor PGPASSWORD gives one")
@click.option("--schema", default="raw", show_default=True, help="target schema")
@click.option("--project-dir", type=PATH, default=SETTINGS.project_dir,
              help="the dbt project whose sources YAML is the contract")
@click.option("--transcode-dir", type=PATH, default=None,
              help="UTF-8 copies of Windows-1252 exports (default: KCC_TRANSCODE_DIR, else "
              "the project's var transcode_dir)")
def load_postgres(
    raw_dir: Path, dsn: str | None, schema: str, project_dir: Path, transcode_dir: Path | None
) -> int:
    """Load into schema raw of PostgreSQL.

    Every export file type into raw.<source>__<file> (docs/postgres.md). Exit 1 when a
    file was skipped with an error, 2 when nothing was loaded."""
    from klantcontact.engines.postgres.command import run

    return run(raw_dir, dsn, schema, project_dir, transcode_dir)


@load.command("spark")
@click.option("--raw-dir", type=PATH, default=None,
              help="folder with <source>/<export-date>/<file>.csv "
              "(default: KCC_RAW_DIR, else the dbt var raw_dir)")
@click.option("--project-dir", type=PATH, default=SETTINGS.project_dir,
              help="the dbt project whose sources YAML is the contract")
@click.option("--profiles-dir", type=PATH, default=SETTINGS.profiles_dir,
              help="folder of profiles.yml (its `spark` output configures Spark)")
@click.option("--database", default="raw", show_default=True, help="target database")
def load_spark(raw_dir: Path | None, project_dir: Path, profiles_dir: Path, database: str) -> int:
    """Load into database raw of Spark's warehouse.

    Every export file type, read with Spark's CSV reader (docs/spark.md)."""
    from klantcontact.engines.spark.command import run

    return run(raw_dir, project_dir, profiles_dir, database)


@cli.group(cls=_InOrder)
def compare() -> None:
    """Compare another engine's build with DuckDB's."""


@compare.command("postgres")
@click.option("--duckdb", "duckdb_path", type=PATH, required=True, help="the DuckDB build")
@click.option("--dsn", default=None, help="the PostgreSQL build (default: as the loader)")
@click.option("--all", "every_table", is_flag=True, help="compare every table both hold")
def compare_postgres(duckdb_path: Path, dsn: str | None, every_table: bool) -> int:
    """Compare the PostgreSQL build with a DuckDB build.

    kpi.kpi_values must be identical (numbers to 1e-9) and the core facts' row counts
    equal, else exit 1 (docs/engines.md)."""
    from klantcontact.engines.compare_postgres import run

    return run(duckdb_path, dsn, every_table)


@cli.command()
@click.option("--inhabitants", type=click.IntRange(min=1), default=900_000, show_default=True,
              help="city size (a G4)")
@click.option("--years", type=click.IntRange(min=1), default=3, show_default=True,
              help="years of exports")
@click.option("--seed", type=int, default=42, show_default=True, help="generator seed")
@click.option("--fault-rate", type=float, default=0.002, show_default=True,
              help="generator fault rate")
@click.option("--work-dir", type=PATH, default=SETTINGS.project_dir / "build" / "bench",
              help="exports, database, dbt target and logs (default: build/bench)")
@click.option("--results", type=PATH, default=SETTINGS.project_dir / "bench" / "results.json",
              help="results file (default: bench/results.json)")
@click.option("--engines", default="",
              help="also build the demo size on these engines, e.g. duckdb,postgres,spark "
              "(results in bench/engines.json)")
@click.option("--engines-only", is_flag=True,
              help="only the demo size per engine, not the large-size bench")
def bench(
    inhabitants: int, years: int, seed: int, fault_rate: float, work_dir: Path, results: Path,
    engines: str, engines_only: bool,
) -> int:  # fmt: skip
    """Measure build time and memory against the targets.

    A full and a daily build of a large generated city, and its read floor, against the
    targets of docs/performance.md; writes bench/results.json."""
    from klantcontact.bench.command import Options, run

    return run(
        Options(inhabitants, years, seed, fault_rate, work_dir, results, engines, engines_only)
    )


@cli.command()
def settings() -> None:
    """Print the resolved settings (paths, dbt, servers).

    What every subcommand uses, from the environment and dbt_project.yml
    (klantcontact/settings.py)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="klantcontact settings (klantcontact/settings.py)")
    table.add_column("setting")
    table.add_column("value", overflow="fold")
    for name, value in (
        ("project folder (DBT_PROJECT_DIR)", SETTINGS.project_dir),
        ("profiles folder (DBT_PROFILES_DIR)", SETTINGS.profiles_dir),
        ("dbt", SETTINGS.dbt),
        ("target (KCC_TARGET)", SETTINGS.target),
        ("DuckDB database (KCC_DUCKDB_PATH)", SETTINGS.duckdb_path),
        ("pooled warehouse (KCC_DUCKDB_PATH)", SETTINGS.pooled_duckdb_path),
        ("raw exports (KCC_RAW_DIR)", SETTINGS.raw_dir),
        ("UTF-8 copies (KCC_TRANSCODE_DIR)", SETTINGS.transcode_dir),
        ("DuckDB threads (KCC_THREADS)", SETTINGS.threads),
        ("DuckDB memory limit (KCC_MEMORY_LIMIT)", SETTINGS.memory_limit),
        ("DuckDB spill folder (KCC_TEMP_DIR)", SETTINGS.temp_dir or "<database>.tmp"),
        ("PostgreSQL (KCC_PG_DSN, KCC_PG_PORT)", SETTINGS.pg_dsn),
        *(
            (f"extract ({variable})", value)
            for variable, value in SETTINGS.extract.printable()
        ),
    ):
        table.add_row(name, str(value))
    municipality = SETTINGS.municipality()
    exports = "the demo's exports" if municipality.is_demo else "not the demo's exports"
    table.add_row(
        "municipality configuration (docs/configuration.md)", f"{municipality.source} ({exports})"
    )
    for item in municipality.resolved:
        table.add_row(
            f"municipality {item.setting.label} ({item.setting.env})",
            f"{item.printable} ({item.source or 'nowhere'})",
        )
    Console().print(table)
