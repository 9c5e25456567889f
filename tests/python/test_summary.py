"""The end-of-build summary reads the built database and reports the headline KPIs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BuiltFixture

from klantcontact_summary.__main__ import main
from klantcontact_summary.headlines import HEADLINE_KPI_CODES


def test_summary_shows_every_headline_kpi(
    built_fixture: BuiltFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(built_fixture.database)]) == 0
    printed = capsys.readouterr().out
    for kpi_code in HEADLINE_KPI_CODES:
        assert kpi_code in printed
    assert "no data" not in printed
    assert "Quarantined rows per reason" in printed


def test_summary_without_database_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", str(tmp_path / "absent.duckdb")]) == 2
    assert "make build" in capsys.readouterr().out
