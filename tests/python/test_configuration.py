"""The demo's settings stay the demo's (docs/configuration.md, "Whose settings a build uses").

A build of exports that are not the demo's (no _generator/summary.json) gets neither the
demo's collective days off nor its name, CBS code or pseudonym key: `klantcontact dbt`
(what `make build` runs) refuses without the municipality's own, and builds with them;
a plain dbt build of such a folder has no own closing days either. The demo's exports (the
session fixture) keep the demo's days, and the summary names the configuration.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURE_ARGS, PROJECT_DIR, BuiltFixture, dbt, generate

from klantcontact.cli import main
from klantcontact.dbtrun.command import dbt_command, split_vars
from klantcontact.settings import (
    DEMO_MARKER,
    ENV_FILE,
    SETTINGS,
    municipality_configuration,
)
from klantcontact.summary.configuration import configuration_label

# The demo's own closing days inside the fixture's weeks (seeds/closing_days_demo.csv).
DEMO_DAY_OFF = dt.date(2025, 5, 30)  # Vrijdag na Hemelvaartsdag
SUBSET = (
    "--select", "+dim_date", "dim_municipality", "--exclude-resource-type", "test", "unit_test",
)  # fmt: skip
OWN = {
    "KCC_MUNICIPALITY_NAME": "Zeist",
    "KCC_MUNICIPALITY_CODE": "0355",
    "KCC_PSEUDONYM_KEY": "a-key-of-zeist-only",
}
MUNICIPALITY_ENV = (*OWN, "KCC_CLOSING_DAYS_SEED")


def _values(configuration: object) -> dict[str, tuple[str | None, str]]:
    return {
        item.setting.var: (item.value, item.source)
        for item in configuration.resolved  # type: ignore[attr-defined]
    }


def _demo_folder(path: Path) -> Path:
    (path / DEMO_MARKER).parent.mkdir(parents=True)
    (path / DEMO_MARKER).write_text("{}\n")
    return path


PROJECT_VARS = {"municipality_name": "Voorbeeldstad", "municipality_cbs_code": "0307"}


def test_demo_exports_get_the_demo_configuration(tmp_path: Path) -> None:
    configuration = municipality_configuration(
        _demo_folder(tmp_path / "raw"), {}, {}, tmp_path / ENV_FILE, PROJECT_VARS
    )
    assert configuration.is_demo and configuration.problem() is None
    assert configuration.source == "demo"
    assert _values(configuration) == {
        "municipality_name": ("Voorbeeldstad", "demo"),
        "municipality_cbs_code": ("0307", "demo"),
        "pseudonym_key": ("klantcontact-demo-key", "demo"),
        "closing_days_seed": ("closing_days_demo", "demo"),
    }
    assert configuration.dbt_vars()["closing_days_seed"] == "closing_days_demo"


def test_other_exports_get_nothing_of_the_demo_and_the_refusal_names_it(tmp_path: Path) -> None:
    raw = tmp_path / "exports"
    raw.mkdir()
    # dbt_project.yml's shipped values are the demo's: they do not count as configured.
    configuration = municipality_configuration(raw, {}, {}, tmp_path / ENV_FILE, PROJECT_VARS)
    assert not configuration.is_demo
    values = _values(configuration)
    assert values["municipality_name"] == (None, "")
    assert values["municipality_cbs_code"] == (None, "")
    assert values["pseudonym_key"] == (None, "")
    assert values["closing_days_seed"] == ("none", "default")
    problem = configuration.problem()
    assert problem is not None
    for named in ("KCC_MUNICIPALITY_NAME", "KCC_MUNICIPALITY_CODE", "KCC_PSEUDONYM_KEY"):
        assert named in problem
    assert "Voorbeeldstad" not in "\n".join(configuration.describe())
    assert "closing_days_demo" not in json.dumps(configuration.dbt_vars())


def test_each_setting_from_the_strongest_source(tmp_path: Path) -> None:
    raw = tmp_path / "exports"
    raw.mkdir()
    env_file = tmp_path / ENV_FILE
    env_file.write_text(
        "KCC_MUNICIPALITY_NAME=Zeist\nKCC_MUNICIPALITY_CODE='0355'\n"
        "KCC_PSEUDONYM_KEY=from-the-file\nKCC_CLOSING_DAYS_SEED=closing_days_zeist\n"
    )
    configuration = municipality_configuration(
        raw,
        {"municipality_name": "Gemeente Zeist"},
        {"KCC_PSEUDONYM_KEY": "from-the-environment"},
        env_file,
        {**PROJECT_VARS, "municipality_cbs_code": "0344"},
    )
    assert _values(configuration) == {
        "municipality_name": ("Gemeente Zeist", "--vars"),
        "municipality_cbs_code": ("0355", "klantcontact.env"),
        "pseudonym_key": ("from-the-environment", "environment"),
        "closing_days_seed": ("closing_days_zeist", "klantcontact.env"),
    }
    assert configuration.problem() is None
    assert configuration.source == "--vars + klantcontact.env + environment"
    # The key goes to dbt's environment, never into its vars (dbt writes those to disk).
    assert "pseudonym_key" not in configuration.dbt_vars()
    assert configuration.dbt_env() == {"KCC_PSEUDONYM_KEY": "from-the-environment"}
    assert "from-the-environment" not in "\n".join(configuration.describe())
    # A fork's own values in dbt_project.yml count.
    fork = municipality_configuration(
        raw, {}, {"KCC_PSEUDONYM_KEY": "k"}, tmp_path / "absent.env",
        {"municipality_name": "Zeist", "municipality_cbs_code": "0355"},
    )  # fmt: skip
    assert fork.problem() is None
    assert _values(fork)["municipality_name"] == ("Zeist", "dbt_project.yml")
    # The demo's key is public: given for other exports, it still counts as missing.
    public_key = municipality_configuration(
        raw, {"pseudonym_key": "klantcontact-demo-key"}, {}, env_file, PROJECT_VARS
    )
    assert _values(public_key)["pseudonym_key"] == ("from-the-file", "klantcontact.env")
    without = municipality_configuration(
        raw, {}, {"KCC_PSEUDONYM_KEY": "klantcontact-demo-key"}, tmp_path / "absent.env", {}
    )
    assert [setting.var for setting in without.missing] == [
        "municipality_name", "municipality_cbs_code", "pseudonym_key",
    ]  # fmt: skip


def test_dbt_gets_the_configuration_under_the_callers_own_vars(tmp_path: Path) -> None:
    rest, given = split_vars(["build", "--select", "dim_date", "--vars", "{a: 1}", "--vars=b: 2"])
    assert rest == ["build", "--select", "dim_date"]
    assert given == {"a": 1, "b": 2}
    configuration = municipality_configuration(
        _demo_folder(tmp_path / "raw"), {}, {}, tmp_path / ENV_FILE, PROJECT_VARS
    )
    command = dbt_command(rest, configuration, {"closing_days_seed": "none"})
    assert command[1:4] == rest and command[4] == "--vars"
    assert json.loads(command[5]) == {
        "municipality_name": "Voorbeeldstad",
        "municipality_cbs_code": "0307",
        "closing_days_seed": "none",
        "municipality_configuration": "demo",
    }
    with pytest.raises(ValueError, match="mapping"):
        split_vars(["build", "--vars", "[1, 2]"])


def test_configuration_label() -> None:
    assert configuration_label("Zeist", "0355", "klantcontact.env", "none", []) == (
        "Gemeente: Zeist (CBS 0355); configuratie: klantcontact.env; "
        "eigen sluitingsdagen: geen, alleen de acht CAO-feestdagen"
    )
    assert "niet vastgelegd" in configuration_label("Zeist", "0355", None, None, [])


# ------------------------------------------------------------------- builds of a subset


@pytest.fixture(scope="module")
def other_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's exports without the generator's folder: not the demo's exports."""
    raw = tmp_path_factory.mktemp("other") / "raw"
    generate(raw, *FIXTURE_ARGS)
    shutil.rmtree(raw / DEMO_MARKER.parent)
    return raw


def _klantcontact_dbt(
    raw: Path, database: Path, work: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    """`klantcontact dbt build <subset>` on raw, with only env's municipality settings."""
    environment = {
        name: value for name, value in os.environ.items() if name not in MUNICIPALITY_ENV
    }
    return subprocess.run(
        [
            *SETTINGS.command, "dbt", "build", *SUBSET,
            "--target-path", str(work / "target"), "--log-path", str(work / "logs"), *args,
        ],
        cwd=PROJECT_DIR,
        env={
            **environment,
            "KCC_RAW_DIR": str(raw),
            "KCC_DUCKDB_PATH": str(database),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            **env,
        },
        capture_output=True,
        text=True,
    )  # fmt: skip


def test_other_exports_without_configuration_are_refused(
    other_exports: Path, tmp_path: Path
) -> None:
    if (PROJECT_DIR / ENV_FILE).exists():
        pytest.skip(f"{PROJECT_DIR / ENV_FILE} may configure the municipality")
    database = tmp_path / "refused.duckdb"
    finished = _klantcontact_dbt(other_exports, database, tmp_path, {})
    assert finished.returncode == 3, finished.stdout[-3000:] + finished.stderr[-3000:]
    for named in ("KCC_MUNICIPALITY_NAME", "KCC_MUNICIPALITY_CODE", "KCC_PSEUDONYM_KEY"):
        assert named in finished.stderr
    assert "MISSING" in finished.stdout
    assert not database.exists(), "dbt must not have run"


def test_other_exports_with_their_own_configuration(other_exports: Path, tmp_path: Path) -> None:
    database = tmp_path / "zeist.duckdb"
    finished = _klantcontact_dbt(
        other_exports, database, tmp_path, OWN, "--vars", "{extra_closing_days: ['2025-05-16']}"
    )
    assert finished.returncode == 0, finished.stdout[-5000:] + finished.stderr[-3000:]
    assert "Municipality configuration: environment" in finished.stdout
    assert OWN["KCC_PSEUDONYM_KEY"] not in finished.stdout
    with duckdb.connect(str(database), read_only=True) as db:
        assert db.sql(
            "select gemeente_code, gemeente_name from core.dim_municipality"
        ).fetchall() == [("0355", "Zeist")]
        own_days = db.sql(
            "select date_day from core.dim_date where is_extra_closing_day"
        ).fetchall()
        demo_day = db.sql(
            "select is_working_day from core.dim_date where date_day = ?", params=[DEMO_DAY_OFF]
        ).fetchone()
    # Only the day the municipality gave (--vars, merged with the configuration's vars).
    assert own_days == [(dt.date(2025, 5, 16),)]
    assert demo_day == (True,)
    run_results = json.loads((tmp_path / "target" / "run_results.json").read_text())
    assert run_results["args"]["vars"]["municipality_configuration"] == "environment"
    assert run_results["args"]["vars"]["closing_days_seed"] == "none"
    assert OWN["KCC_PSEUDONYM_KEY"] not in json.dumps(run_results["args"])


def test_plain_dbt_build_of_other_exports_has_no_demo_closing_days(
    other_exports: Path, tmp_path: Path
) -> None:
    database = tmp_path / "plain.duckdb"
    finished = dbt("build", other_exports, database, *SUBSET, work_dir=tmp_path)
    assert finished.returncode == 0, finished.stdout[-5000:]
    with duckdb.connect(str(database), read_only=True) as db:
        assert db.sql(
            "select count(*) from core.dim_date where is_extra_closing_day"
        ).fetchone() == (0,)


def test_demo_exports_keep_the_demo_closing_days(connection: duckdb.DuckDBPyConnection) -> None:
    assert connection.sql(
        "select is_extra_closing_day, is_working_day from core.dim_date where date_day = ?",
        params=[DEMO_DAY_OFF],
    ).fetchone() == (True, False)


def test_summary_names_the_configuration(
    built_fixture: BuiltFixture,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    database = tmp_path / "copy.duckdb"  # --run-results writes into the database
    shutil.copy(built_fixture.database, database)
    target = tmp_path / "target"
    target.mkdir()
    (target / "manifest.json").write_text(json.dumps({"nodes": {}}))
    run_results = target / "run_results.json"
    run_results.write_text(json.dumps({
        "metadata": {"generated_at": "2025-06-02T06:00:00.000000Z", "invocation_id": "x"},
        "args": {"vars": {"municipality_configuration": "demo",
                          "closing_days_seed": "closing_days_demo"}},
        "results": [],
    }))  # fmt: skip
    arguments = ["summary", "--database", str(database), "--run-results", str(run_results)]
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert (
        "Gemeente: Voorbeeldstad (CBS 0307); configuratie: demo; eigen sluitingsdagen "
        "(closing_days_demo): 2025-05-30, 2025-12-31"
    ) in printed
