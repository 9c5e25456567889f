"""Where things are, resolved once for the whole package: the dbt project, the venv's dbt,
the databases, the raw exports and the servers of the other engines.

Every environment variable the package reads (DBT_PROJECT_DIR, DBT_PROFILES_DIR, KCC_*)
is read here, when the package is first imported, into SETTINGS; the subpackages and the
tests import SETTINGS and never read the environment or work out a path of their own.
(They do set KCC_* variables for the dbt processes they start.) Paths
given in the environment are relative to the current folder; the ones dbt_project.yml
gives (vars raw_dir, transcode_dir) to the project, as dbt reads them.
`klantcontact settings` prints what was resolved.

The settings of `klantcontact extract` (KCC_KISS_*, KCC_OPENKLANT_*, KCC_OPENZAAK_*,
KCC_EXTRACT_*) may also come from the git-ignored file klantcontact.env in the project
folder (KEY=value lines); a variable set in the environment wins over the file. Their
secrets are kept out of every repr and printout.

So may the municipality's own configuration (KCC_MUNICIPALITY_NAME, KCC_MUNICIPALITY_CODE,
KCC_PSEUDONYM_KEY, KCC_CLOSING_DAYS_SEED): `municipality_configuration` resolves it for a
raw folder, and the demo's values (dbt_project.yml's defaults and seed closing_days_demo)
only ever apply to the demo's exports, a folder `klantcontact generate` wrote
(docs/configuration.md, "Whose settings a build uses").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

PROJECT_FILE = "dbt_project.yml"
# The checkout this package is installed from (pip install -e .): src/klantcontact/ in it.
CHECKOUT = Path(__file__).resolve().parents[2]
# Not pooled.duckdb: DuckDB names the catalog after the file, and a catalog "pooled" makes
# pooled.pooled_kpi_values ambiguous with schema pooled.
POOLED_DATABASE = Path("build") / "klantcontact_pooled.duckdb"
# The defaults of profiles.yml.
DEFAULT_THREADS = "2"
DEFAULT_MEMORY_LIMIT = "3GiB"
DEFAULT_PG_PORT = "55432"
DEFAULT_PG_PASSWORD = "klantcontact"
# The git-ignored file in the project folder with the extract's settings (docs/extract.md).
ENV_FILE = "klantcontact.env"


def _path(given: str) -> Path:
    return Path(given).expanduser().resolve()


def _project_dir(environ: Mapping[str, str]) -> Path:
    """DBT_PROJECT_DIR, else the checkout of this package, else the current folder."""
    given = environ.get("DBT_PROJECT_DIR")
    if given:
        return _path(given)
    if (CHECKOUT / PROJECT_FILE).is_file():
        return CHECKOUT
    return Path.cwd()


def _optional_path(environ: Mapping[str, str], name: str) -> Path | None:
    given = environ.get(name)
    return _path(given) if given else None


def read_env_file(path: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """The KEY=value lines of path (none when it is absent) and its malformed lines (as
    `<file>, line N`; never their text, which may hold a secret). Blank lines and # comments
    are skipped; `export ` before a key and quotes around a value are allowed."""
    if not path.is_file():
        return {}, ()
    values: dict[str, str] = {}
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return {}, (f"{path}: cannot read it ({type(error).__name__})",)
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            problems.append(f"{path}, line {number}: expected KEY=value")
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values, tuple(problems)


@dataclass(frozen=True)
class ExtractSettings:
    """What `klantcontact extract` needs: the systems' base URLs and credentials, and the
    window (KCC_EXTRACT_FROM/TO as given, parsed by the extract). The secrets never
    appear in a repr."""

    kiss_url: str | None = None
    kiss_api_key: str | None = field(default=None, repr=False)
    openklant_url: str | None = None
    openklant_token: str | None = field(default=None, repr=False)
    openzaak_url: str | None = None
    openzaak_client_id: str | None = None
    openzaak_secret: str | None = field(default=None, repr=False)
    extract_from: str | None = None
    extract_to: str | None = None
    # Malformed lines of klantcontact.env; the extract refuses to run with any.
    problems: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], env_file: Path) -> ExtractSettings:
        """The variables from environ, else from env_file (KEY=value lines)."""
        from_file, problems = read_env_file(env_file)

        def get(name: str) -> str | None:
            value = environ.get(name, from_file.get(name, "")).strip()
            return value or None

        return cls(
            kiss_url=get("KCC_KISS_URL"),
            kiss_api_key=get("KCC_KISS_API_KEY"),
            openklant_url=get("KCC_OPENKLANT_URL"),
            openklant_token=get("KCC_OPENKLANT_TOKEN"),
            openzaak_url=get("KCC_OPENZAAK_URL"),
            openzaak_client_id=get("KCC_OPENZAAK_CLIENT_ID"),
            openzaak_secret=get("KCC_OPENZAAK_SECRET"),
            extract_from=get("KCC_EXTRACT_FROM"),
            extract_to=get("KCC_EXTRACT_TO"),
            problems=problems,
        )

    def printable(self) -> list[tuple[str, str]]:
        """(variable, value) for `klantcontact settings`: secrets as *** or unset."""

        def secret(value: str | None) -> str:
            return "***" if value else "unset"

        def plain(value: str | None) -> str:
            return value or "unset"

        def url(value: str | None) -> str:
            """A URL's user:password@ part hidden."""
            if value and "@" in value.partition("://")[2].partition("/")[0]:
                scheme, _, rest = value.partition("://")
                return f"{scheme}://***@{rest.partition('@')[2]}"
            return plain(value)

        return [
            ("KCC_KISS_URL", url(self.kiss_url)),
            ("KCC_KISS_API_KEY", secret(self.kiss_api_key)),
            ("KCC_OPENKLANT_URL", url(self.openklant_url)),
            ("KCC_OPENKLANT_TOKEN", secret(self.openklant_token)),
            ("KCC_OPENZAAK_URL", url(self.openzaak_url)),
            ("KCC_OPENZAAK_CLIENT_ID", plain(self.openzaak_client_id)),
            ("KCC_OPENZAAK_SECRET", secret(self.openzaak_secret)),
            ("KCC_EXTRACT_FROM", plain(self.extract_from)),
            ("KCC_EXTRACT_TO", plain(self.extract_to)),
        ]


# A raw folder `klantcontact generate` wrote holds this file: the demo's exports.
DEMO_MARKER = Path("_generator") / "summary.json"
# Where a municipality setting came from, strongest first (docs/configuration.md).
FROM_VARS = "--vars"
FROM_ENVIRONMENT = "environment"
FROM_ENV_FILE = ENV_FILE
FROM_PROJECT = "dbt_project.yml"
FROM_DEMO = "demo"
FROM_DEFAULT = "default"
# closing_days_seed `none`: no closing days of the municipality's own (the CAO Gemeenten
# has no national collective days off, only the eight paid holidays every build has).
NO_CLOSING_DAYS = "none"


@dataclass(frozen=True)
class MunicipalitySetting:
    """One setting of the municipality configuration: its dbt var, its environment
    variable, the demo's value, and what a build of other exports does without it."""

    label: str
    var: str
    env: str
    demo: str
    # None: required (a build of other exports refuses without it); else the value then.
    otherwise: str | None = None
    secret: bool = False


MUNICIPALITY_SETTINGS = (
    MunicipalitySetting("name", "municipality_name", "KCC_MUNICIPALITY_NAME", "Voorbeeldstad"),
    MunicipalitySetting("CBS code", "municipality_cbs_code", "KCC_MUNICIPALITY_CODE", "0307"),
    MunicipalitySetting(
        "pseudonym key", "pseudonym_key", "KCC_PSEUDONYM_KEY", "klantcontact-demo-key",
        secret=True,
    ),
    MunicipalitySetting(
        "closing days seed", "closing_days_seed", "KCC_CLOSING_DAYS_SEED", "closing_days_demo",
        otherwise=NO_CLOSING_DAYS,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Resolved:
    setting: MunicipalitySetting
    value: str | None = field(repr=False)
    source: str

    @property
    def printable(self) -> str:
        if self.value is None:
            return "MISSING"
        return "***" if self.setting.secret and self.source != FROM_DEMO else self.value


@dataclass(frozen=True)
class MunicipalityConfiguration:
    """The municipality settings of one build and where each came from."""

    raw_dir: Path
    is_demo: bool
    resolved: tuple[Resolved, ...]

    @property
    def missing(self) -> tuple[MunicipalitySetting, ...]:
        return tuple(item.setting for item in self.resolved if item.value is None)

    @property
    def source(self) -> str:
        """`demo`, or the sources the settings came from, e.g. `klantcontact.env`."""
        sources = [
            item.source for item in self.resolved if item.source not in (FROM_DEFAULT, "")
        ]
        return " + ".join(dict.fromkeys(sources)) or "none"

    def dbt_vars(self) -> dict[str, str]:
        """What a dbt run gets as --vars: everything but the key, which would be written
        into target/run_results.json; plus the configuration's source, for the summary."""
        values = {
            item.setting.var: item.value
            for item in self.resolved
            if item.value is not None and not item.setting.secret
        }
        return {**values, "municipality_configuration": self.source}

    def dbt_env(self) -> dict[str, str]:
        """What a dbt run gets in its environment: the key (read by macro pseudonym_key)."""
        return {
            item.setting.env: item.value
            for item in self.resolved
            if item.setting.secret and item.value is not None
            and item.source in (FROM_ENVIRONMENT, FROM_ENV_FILE)
        }

    def describe(self) -> list[str]:
        """The configuration as lines, for the start of a build and `klantcontact settings`."""
        kind = (
            "the demo's exports (written by klantcontact generate)"
            if self.is_demo
            else "not the demo's exports"
        )
        lines = [f"Municipality configuration: {self.source}  ({self.raw_dir}: {kind})"]
        for item in self.resolved:
            lines.append(f"  {item.setting.label:<18} {item.printable:<24} ({item.source})")
        return lines

    def problem(self) -> str | None:
        """Why a build must not run (settings missing), or None."""
        if not self.missing:
            return None
        names = ", ".join(
            f"{setting.label} ({setting.env} or var {setting.var})" for setting in self.missing
        )
        return (
            f"{self.raw_dir} holds no demo exports (no {DEMO_MARKER}), so the demo's "
            f"settings do not apply, and no configuration gives: {names}. Set them in "
            f"{ENV_FILE} (see klantcontact.env.example), in the environment or with --vars; "
            "docs/configuration.md, \"Whose settings a build uses\"."
        )


def is_demo_exports(raw_dir: Path) -> bool:
    """Whether raw_dir holds exports `klantcontact generate` wrote (the demo's)."""
    return (raw_dir / DEMO_MARKER).is_file()


def municipality_configuration(
    raw_dir: Path,
    cli_vars: Mapping[str, Any],
    environ: Mapping[str, str],
    env_file: Path,
    project_vars: Mapping[str, Any],
) -> MunicipalityConfiguration:
    """Each municipality setting from --vars, else the environment, else klantcontact.env,
    else dbt_project.yml (a value other than the demo's), else the demo's value for the
    demo's exports; else `none` closing days, and nothing for a required setting. The key
    as macro pseudonym_key reads it: a var (--vars, dbt_project.yml) before the environment;
    the demo's key never counts for other exports."""
    from_file, _ = read_env_file(env_file)
    demo = is_demo_exports(raw_dir)

    def text(value: Any) -> str | None:
        return None if value is None or str(value).strip() == "" else str(value).strip()

    resolved = []
    for setting in MUNICIPALITY_SETTINGS:
        project = text(project_vars.get(setting.var))
        own_project = project if project != setting.demo else None
        candidates = [
            (FROM_VARS, text(cli_vars.get(setting.var))),
            (FROM_ENVIRONMENT, text(environ.get(setting.env))),
            (FROM_ENV_FILE, text(from_file.get(setting.env))),
        ]
        if setting.secret:
            candidates.insert(1, (FROM_PROJECT, own_project))
        else:
            candidates.append((FROM_PROJECT, own_project))
        candidates.append((FROM_DEMO, setting.demo if demo else None))
        candidates.append((FROM_DEFAULT, setting.otherwise))
        # The demo's key is public: from whatever source, it is no key for other exports.
        public = setting.demo if setting.secret and not demo else None
        source, value = next(
            (
                (source, value)
                for source, value in candidates
                if value is not None and value != public
            ),
            ("", None),
        )
        resolved.append(Resolved(setting, value, source))
    return MunicipalityConfiguration(raw_dir, demo, tuple(resolved))


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    profiles_dir: Path
    # The Python and dbt of this environment (the project's .venv).
    python: Path
    dbt: Path
    # KCC_DUCKDB_PATH, else <project>/klantcontact.duckdb, as dbt builds it from the Makefile.
    duckdb_path: Path
    # The pooled warehouse: KCC_DUCKDB_PATH, else <project>/build/klantcontact_pooled.duckdb.
    pooled_duckdb_path: Path
    # KCC_TARGET: the dbt output of profiles.yml (duckdb, postgres, spark).
    target: str
    # DuckDB of a build: KCC_THREADS, KCC_MEMORY_LIMIT, KCC_TEMP_DIR (None: <database>.tmp).
    threads: int
    memory_limit: str
    temp_dir: Path | None
    # PostgreSQL: KCC_PG_DSN, else the server of scripts/pg.sh on 127.0.0.1:KCC_PG_PORT;
    # KCC_PG_PASSWORD unless the DSN or libpq's PGPASSWORD gives one.
    pg_dsn: str
    pg_password: str | None
    # Pseudonym keys per municipality of a pooled build, KCC_PSEUDONYM_KEY_<code>.
    pseudonym_keys: Mapping[str, str]
    # The test fixtures `make test` built (KCC_TEST_RAW_DIR, KCC_TEST_DUCKDB); None when
    # pytest runs on its own and builds them itself. The fixture's dbt docs: KCC_TEST_DOCS_DIR,
    # else build/test-docs (make docs-test).
    test_raw_dir: Path | None
    test_database: Path | None
    test_docs_dir: Path
    # Given in the environment; else the project's vars (raw_dir, transcode_dir below).
    raw_dir_given: Path | None
    transcode_dir_given: Path | None
    # `klantcontact extract`: environment, else klantcontact.env in the project folder.
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    # The municipality settings given in the environment (KCC_MUNICIPALITY_NAME, ...);
    # municipality() adds klantcontact.env, dbt_project.yml and the demo's values.
    municipality_environ: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Settings:
        project_dir = _project_dir(environ)
        pg_port = environ.get("KCC_PG_PORT") or DEFAULT_PG_PORT
        prefix = "KCC_PSEUDONYM_KEY_"
        return cls(
            project_dir=project_dir,
            profiles_dir=_optional_path(environ, "DBT_PROFILES_DIR") or project_dir,
            python=Path(sys.executable),
            dbt=Path(sys.executable).parent / "dbt",
            duckdb_path=_optional_path(environ, "KCC_DUCKDB_PATH")
            or project_dir / "klantcontact.duckdb",
            pooled_duckdb_path=_optional_path(environ, "KCC_DUCKDB_PATH")
            or project_dir / POOLED_DATABASE,
            target=environ.get("KCC_TARGET") or "duckdb",
            threads=int(environ.get("KCC_THREADS") or DEFAULT_THREADS),
            memory_limit=environ.get("KCC_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT,
            temp_dir=_optional_path(environ, "KCC_TEMP_DIR"),
            pg_dsn=environ.get("KCC_PG_DSN")
            or f"host=127.0.0.1 port={pg_port} dbname=klantcontact user=klantcontact",
            pg_password=None
            if "PGPASSWORD" in environ
            else environ.get("KCC_PG_PASSWORD", DEFAULT_PG_PASSWORD),
            pseudonym_keys={
                name.removeprefix(prefix): value
                for name, value in environ.items()
                if name.startswith(prefix) and value
            },
            test_raw_dir=_optional_path(environ, "KCC_TEST_RAW_DIR"),
            test_database=_optional_path(environ, "KCC_TEST_DUCKDB"),
            test_docs_dir=_optional_path(environ, "KCC_TEST_DOCS_DIR")
            or project_dir / "build" / "test-docs",
            raw_dir_given=_optional_path(environ, "KCC_RAW_DIR"),
            transcode_dir_given=_optional_path(environ, "KCC_TRANSCODE_DIR"),
            extract=ExtractSettings.from_environment(environ, project_dir / ENV_FILE),
            municipality_environ={
                setting.env: environ[setting.env]
                for setting in MUNICIPALITY_SETTINGS
                if setting.env in environ
            },
        )

    @cached_property
    def project_vars(self) -> dict[str, Any]:
        """The vars block of dbt_project.yml (read on first use)."""
        document = yaml.safe_load((self.project_dir / PROJECT_FILE).read_text(encoding="utf-8"))
        return dict(document.get("vars") or {})

    def _project_path(self, var: str) -> Path:
        return self.project_dir / str(self.project_vars[var])

    @property
    def raw_dir(self) -> Path:
        """KCC_RAW_DIR, else the var raw_dir below the project."""
        return self.raw_dir_given or self._project_path("raw_dir")

    @property
    def transcode_dir(self) -> Path:
        """KCC_TRANSCODE_DIR, else the var transcode_dir below the project."""
        return self.transcode_dir_given or self._project_path("transcode_dir")

    def municipality(self, cli_vars: Mapping[str, Any] | None = None) -> MunicipalityConfiguration:
        """The municipality configuration of a build of raw_dir (with these --vars)."""
        return municipality_configuration(
            self.raw_dir,
            cli_vars or {},
            self.municipality_environ,
            self.project_dir / ENV_FILE,
            self.project_vars,
        )

    def for_project(self, project_dir: Path) -> Settings:
        """These settings for another dbt project (its vars and paths below it)."""
        return replace(self, project_dir=project_dir.resolve())

    @property
    def command(self) -> tuple[str, ...]:
        """`klantcontact` as a subprocess of this Python (bench, engine builds)."""
        return (str(self.python), "-m", "klantcontact")


SETTINGS = Settings.from_environment(os.environ)
