"""Norm profiles (docs/configuration.md): a municipality's own norms seed wins over every
profile, the listed profiles follow in order and the base set fills the gaps.

The project's files are copied into a tmp dir (a fork adds its own seed there, never in
the project itself), a municipality seed kpi_norms_testgemeente and parameters seed
kpi_parameters_testgemeente are added, and only the seeds and the selection models are
built, with vars naming the own seeds and the profiles [zeist_2018, klantcontact]. Also,
without dbt: the seeds are complete and cited.
"""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR
from test_scaffold import _project_copy

from klantcontact.settings import SETTINGS

SEEDS = PROJECT_DIR / "seeds"
NORM_COLUMNS = (
    "norm_profile,kpi_code,channel_code,norm_value,norm_unit,norm_operator,valid_from,"
    "valid_to,source_document,source_location,source_quote,source_note"
)
PARAMETER_COLUMNS = (
    "norm_profile,parameter_code,kpi_code,value,unit,valid_from,valid_to,description,"
    "source_document,source_location,source_quote,source_note"
)


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_base_set_is_complete_and_every_row_cited() -> None:
    """Every KPI with a norm in any profile, and every parameter, has a base-set row; a
    default says why, a cited row says where and what."""
    norms, parameters = _rows("kpi_norms"), _rows("kpi_parameters")
    profiles = {row["norm_profile"] for row in _rows("norm_profiles")}
    assert {row["norm_profile"] for row in norms + parameters} <= profiles
    base_norms = {row["kpi_code"] for row in norms if row["norm_profile"] == "klantcontact"}
    base_parameters = {
        row["parameter_code"] for row in parameters if row["norm_profile"] == "klantcontact"
    }
    assert len(base_norms) == 52
    assert {row["parameter_code"] for row in parameters} == base_parameters
    for row in norms + parameters:
        if row["source_document"] == "klantcontact default":
            assert row["source_note"], row
        else:
            assert row["source_location"] and row["source_quote"], row


@pytest.fixture(scope="module")
def own_seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("norm_profiles")
    project = _project_copy(work / "project")
    (project / "seeds" / "kpi_norms_testgemeente.csv").write_text(
        f"{NORM_COLUMNS}\n"
        "testgemeente,tel_service_level,alle,70,percent,>=,2000-01-01,,klantcontact default,,,"
        "eigen norm\n",
        encoding="utf-8",
    )
    (project / "seeds" / "kpi_parameters_testgemeente.csv").write_text(
        f"{PARAMETER_COLUMNS}\n"
        "testgemeente,tel_service_level_answer_within,tel_service_level,45,seconds,2000-01-01,,"
        "eigen drempel,klantcontact default,,,eigen norm\n",
        encoding="utf-8",
    )
    database = work / "profiles.duckdb"
    variables = (
        "{kpi_norms_seed: kpi_norms_testgemeente, kpi_parameters_seed: "
        "kpi_parameters_testgemeente, kpi_norm_profiles: [zeist_2018, klantcontact]}"
    )
    for command, selected in (
        ("seed", ["kpi_norms", "kpi_parameters", "norm_profiles", "kpi_norms_testgemeente",
                  "kpi_parameters_testgemeente"]),
        ("run", ["int_kpi_norms_selected", "int_kpi_parameters_selected", "dim_norm_profile"]),
    ):  # fmt: skip
        result = subprocess.run(
            [str(SETTINGS.dbt), command, "--vars", variables, "--select", *selected],
            cwd=project,
            env={
                **os.environ,
                "KCC_DUCKDB_PATH": str(database),
                "KCC_RAW_DIR": str(work / "raw"),
                "DBT_PROFILES_DIR": str(project),
                "DBT_PROJECT_DIR": str(project),
            },
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout[-3000:]
    return database


def test_own_seed_wins_then_listed_profiles_then_base(own_seed_build: Path) -> None:
    with duckdb.connect(str(own_seed_build), read_only=True) as db:
        norms = dict(
            db.sql(
                "select kpi_code, norm_profile from intermediate.int_kpi_norms_selected"
            ).fetchall()
        )
        parameters = dict(
            db.sql(
                "select parameter_code, norm_profile || ':' || cast(value as varchar)"
                " from intermediate.int_kpi_parameters_selected"
            ).fetchall()
        )
        profiles = dict(
            db.sql("select norm_profile, precedence from core.dim_norm_profile").fetchall()
        )
    assert norms["tel_service_level"] == "testgemeente"
    assert norms["kcc_direct_resolved"] == "zeist_2018"
    assert norms["tel_asa"] == "klantcontact"
    assert "waterland_2023" not in set(norms.values())
    assert parameters["tel_service_level_answer_within"] == "testgemeente:45.0000"
    assert parameters["callback_within"] == "zeist_2018:24.0000"
    assert parameters["related_contact_window"] == "klantcontact:168.0000"
    assert profiles["testgemeente"] == 0
    assert profiles["zeist_2018"] == 1
    assert profiles["klantcontact"] == 2
    assert profiles["waterland_2023"] is None
