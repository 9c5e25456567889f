"""`make new-source` end to end: the scaffold of a made-up channel builds and reaches
fact_contact with zero edits to intermediate or mart SQL.

The project's files (`git ls-files`: tracked, plus new files not ignored) are copied into
a tmp dir, the scaffold runs there for `social_inbox` (a social-media inbox export on
channel social), and `dbt build` runs on the fixture exports plus two export folders of
the new source. Also, without dbt: the scaffold refuses a source that exists, and sniffs
the delimiter and quoted line breaks of a sample.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURE_ARGS, PROJECT_DIR, generate

from klantcontact.cli import main
from klantcontact.scaffold.sample import read_sample
from klantcontact.settings import SETTINGS

SOURCE = "social_inbox"
HEADER = "message_id;received_at;handled_at;agent_email;customer_handle;topic"
# Two export folders inside the fixture's range (2025-04-14 .. 2025-06-01). SI-2 is exported
# again the next day (the latest export wins), one row lacks its id (quarantined).
EXPORTS = {
    "2025-05-31": [
        "SI-1;2025-05-30T09:15:00+02:00;2025-05-30T09:40:00+02:00;a.jansen@example.org;@piet;Afval",
        "SI-2;2025-05-30T13:02:11+02:00;;;@marie;Parkeren",
        "SI-3;2025-05-31T08:00:00+02:00;2025-05-31T10:00:00+02:00;b.smit@example.org;@kees;Anders",
        ";2025-05-31T09:00:00+02:00;;;@nobody;Afval",
    ],
    "2025-06-01": [
        "SI-2;2025-05-30T13:02:11+02:00;2025-06-01T09:00:00+02:00;a.jansen@example.org;@marie;"
        "Parkeren",
        "SI-4;2025-06-01T10:30:00+02:00;;;@joke;Burgerzaken",
    ],
}


def _project_copy(destination: Path) -> Path:
    """The project's own files: tracked, and new ones not ignored (no target/, build/, .venv)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT_DIR / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def _scaffold(project: Path, sample: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SETTINGS.command, "new-source", SOURCE, "--sample", str(sample),
         "--project-dir", str(project), *extra],
        capture_output=True,
        text=True,
    )  # fmt: skip


def _raw_dir(work: Path) -> Path:
    """The fixture's source folders (symlinked) plus the new source's export folders. The
    fixture exports are KCC_TEST_RAW_DIR (`make pytest`), else generated here (1 s)."""
    fixture = SETTINGS.test_raw_dir or work / "fixture"
    if not (fixture / "_generator/summary.json").exists():
        generate(fixture, *FIXTURE_ARGS)
    raw = work / "raw"
    raw.mkdir()
    for folder in fixture.iterdir():
        (raw / folder.name).symlink_to(folder.resolve(), target_is_directory=folder.is_dir())
    for export_date, rows in EXPORTS.items():
        folder = raw / SOURCE / export_date
        folder.mkdir(parents=True)
        (folder / "messages.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return raw


def test_a_scaffolded_channel_builds_into_fact_contact(tmp_path: Path) -> None:
    raw = _raw_dir(tmp_path)
    project = _project_copy(tmp_path / "project")
    sample = tmp_path / "messages.csv"
    sample.write_text("\n".join([HEADER, *EXPORTS["2025-05-31"][:2]]) + "\n", encoding="utf-8")
    scaffolded = _scaffold(project, sample, "--kind", "contacts", "--channel", "social")
    assert scaffolded.returncode == 0, scaffolded.stderr
    assert f"models/staging/{SOURCE}/stg_{SOURCE}__contacts.sql" in scaffolded.stdout
    assert f"    {SOURCE}:\n" in (project / "dbt_project.yml").read_text(encoding="utf-8")

    database = tmp_path / "scaffold.duckdb"
    built = subprocess.run(
        [str(SETTINGS.dbt), "build", "--exclude-resource-type",
         "unit_test", "--target-path", str(tmp_path / "target"), "--log-path",
         str(tmp_path / "logs")],
        cwd=project,
        # DBT_PROJECT_DIR too: `make test` exports it for the project itself.
        env={**os.environ, "KCC_RAW_DIR": str(raw), "KCC_DUCKDB_PATH": str(database),
             "DBT_PROFILES_DIR": str(project), "DBT_PROJECT_DIR": str(project)},
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-5000:]
    results = json.loads((tmp_path / "target/run_results.json").read_text(encoding="utf-8"))
    failed = [r["unique_id"] for r in results["results"] if r["status"] in ("error", "fail")]
    assert failed == []
    contract_tests = [
        r for r in results["results"]
        if r["unique_id"].startswith(f"test.klantcontact.conforms_to_contract_stg_{SOURCE}__")
    ]  # fmt: skip
    assert [r["status"] for r in contract_tests] == ["pass"]

    with duckdb.connect(str(database), read_only=True) as db:
        contacts = db.sql(
            "select source_record_id, channel_key from core.fact_contact "
            f"where source_system = '{SOURCE}' order by all"
        ).fetchall()
        quarantined = db.sql(
            f"select reason from quality.quarantined_rows where source_name = '{SOURCE}'"
        ).fetchall()
    assert contacts == [(f"SI-{n}", "social") for n in range(1, 5)]
    assert quarantined == [("missing_id",)]


def _minimal_project(directory: Path) -> Path:
    for name in ("dbt_project.yml", "seeds/channels.csv", "macros/staging/contracts.sql"):
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_DIR / name, directory / name)
    return directory


def test_refuses_a_source_that_exists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _minimal_project(tmp_path / "project")
    sample = tmp_path / "sessions.csv"
    sample.write_text("conversation_id,started_at\nc1,2025-05-01T10:00:00+02:00\n")
    registry = (project / "dbt_project.yml").read_text(encoding="utf-8")
    arguments = ["--sample", str(sample), "--project-dir", str(project)]

    assert main(["new-source", "chat", *arguments]) == 2
    assert "already registered" in capsys.readouterr().err
    assert (project / "dbt_project.yml").read_text(encoding="utf-8") == registry

    live_chat = ["new-source", "live_chat", *arguments, "--kind", "contacts", "--channel", "chat"]
    assert main(live_chat) == 0
    capsys.readouterr()
    assert main(live_chat) == 2
    assert "already registered" in capsys.readouterr().err
    assert not (project / "models/staging/chat").exists()
    # Only the new entry was added, directly below the marker line.
    updated = (project / "dbt_project.yml").read_text(encoding="utf-8")
    marker = "    # new sources (make new-source) go below this line\n"
    entry = "".join(updated.split(marker)[1].splitlines(keepends=True)[:6])
    assert entry.startswith("    live_chat:\n      enabled: true\n      contacts: ")
    assert updated.replace(marker + entry, marker) == registry

    (project / "models/staging/web_chat").mkdir(parents=True)
    assert main(["new-source", "web_chat", *arguments]) == 2
    assert "exists already" in capsys.readouterr().err


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_sniffs_the_delimiter_and_quoted_line_breaks(tmp_path: Path, delimiter: str) -> None:
    # Every other delimiter occurs inside a quoted field, and the last field breaks a line.
    others = "".join(d for d in (",", ";", "\t", "|") if d != delimiter)
    header = delimiter.join(["id", "received_at", "Agent Email", "remark"])
    record = delimiter.join(["1", "2025-05-01 10:00", f'"a{others}b"', '"two\nlines"'])
    plain = delimiter.join(["2", "2025-05-01 11:00", "x", "y"])
    (tmp_path / "multi.csv").write_text(f"{header}\n{record}\n{plain}\n", encoding="utf-8")
    (tmp_path / "single.csv").write_text(f"{header}\n{plain}\n", encoding="utf-8")

    multi = read_sample(tmp_path / "multi.csv")
    single = read_sample(tmp_path / "single.csv")
    assert (multi.delimiter, multi.multiline) == (delimiter, True)
    assert (single.delimiter, single.multiline) == (delimiter, False)
    assert single.header == ("id", "received_at", "Agent Email", "remark")


def test_scaffolds_the_base_models_closing_macro_and_the_lineage_doc_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _minimal_project(tmp_path / "project")
    sample = tmp_path / "messages.csv"
    sample.write_text("\n".join([HEADER, *EXPORTS["2025-05-31"][:2]]) + "\n", encoding="utf-8")
    assert main(["new-source", SOURCE, "--sample", str(sample), "--project-dir", str(project)]) == 0
    capsys.readouterr()
    folder = project / "models/staging" / SOURCE

    base = (folder / f"base_{SOURCE}__messages.sql").read_text(encoding="utf-8")
    assert "        {{ select_lineage_and_rejects(checks) }}\n    from source\n" in base
    assert "reject_reason(" not in base
    assert "_file_version" not in base

    models = (folder / f"_{SOURCE}__models.yml").read_text(encoding="utf-8")
    blocks = (PROJECT_DIR / "models/docs/_columns__docs.md").read_text(encoding="utf-8")
    referenced = [
        line.split('"')[1] for line in models.splitlines() if "{{ doc(" in line
    ]  # fmt: skip
    # Ten lineage columns on the base model, seven on the staged one.
    assert len(referenced) == 17
    assert all(f"{{% docs {block} %}}" in blocks for block in referenced)
    assert "    description: '{{ doc(\"col_loaded_at_base\") }}'\n" in models
    assert "    description: '{{ doc(\"col_loaded_at_stg\") }}'\n" in models
    assert "Start of the dbt run" not in models
