"""`make new-source` end to end: the declaration of a made-up channel builds and reaches
fact_contact with zero edits to SQL.

The project's files (`git ls-files`: tracked, plus new files not ignored) are copied into
a tmp dir, the scaffold runs there for `social_inbox` (a social-media inbox export on
channel social), a question left in the declaration stops `dbt build`, and once it is
answered the build runs on the fixture exports plus two export folders of the new source.
Also, without dbt: what the scaffold reads from a sample's values (the JCC-like counter
sample of tests/fixtures/samples), the answers file, refusing a source that exists, and
the delimiter and quoted line breaks of a sample. The counter sample's whole fork, with
`make test`, is tests/fork/run.sh (`make test-fork`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import FIXTURE_ARGS, PROJECT_DIR, generate

from klantcontact.cli import main
from klantcontact.scaffold.command import sample_file_name
from klantcontact.scaffold.detect import eleven_test
from klantcontact.scaffold.sample import read_sample
from klantcontact.settings import SETTINGS

SAMPLES = PROJECT_DIR / "tests/fixtures/samples"
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


def _dbt_build(
    project: Path, work: Path, raw: Path, database: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SETTINGS.dbt), "build", "--exclude-resource-type",
         "unit_test", "--target-path", str(work / "target"), "--log-path",
         str(work / "logs")],
        cwd=project,
        # DBT_PROJECT_DIR too: `make test` exports it for the project itself.
        env={**os.environ, "KCC_RAW_DIR": str(raw), "KCC_DUCKDB_PATH": str(database),
             "DBT_PROFILES_DIR": str(project), "DBT_PROJECT_DIR": str(project)},
        capture_output=True,
        text=True,
    )  # fmt: skip


# The sample's handles and topics are too few to tell: the answers say what they are.
SOCIAL_ANSWERS = """\
columns:
  customer_handle: {personal: identifier}
  topic: {personal: safe}
fields:
  subject_source_system: {value: social_inbox_topic}
  subject_source_value: topic
"""


def test_a_scaffolded_channel_builds_into_fact_contact(tmp_path: Path) -> None:
    raw = _raw_dir(tmp_path)
    project = _project_copy(tmp_path / "project")
    sample = tmp_path / "messages.csv"
    sample.write_text("\n".join([HEADER, *EXPORTS["2025-05-31"][:2]]) + "\n", encoding="utf-8")
    answers = tmp_path / "answers.yml"
    answers.write_text(SOCIAL_ANSWERS, encoding="utf-8")
    scaffolded = _scaffold(
        project, sample, "--kind", "contacts", "--channel", "social", "--answers", str(answers)
    )
    assert scaffolded.returncode == 0, scaffolded.stderr
    assert f"models/staging/{SOURCE}/stg_{SOURCE}__contacts.sql" in scaffolded.stdout
    assert f"    {SOURCE}:\n" in (project / "dbt_project.yml").read_text(encoding="utf-8")
    # No status column: whether a message was handled is the one question left.
    sources = project / f"models/staging/{SOURCE}/_{SOURCE}__sources.yml"
    declaration = sources.read_text(encoding="utf-8")
    assert declaration.count("question:") == 1
    database = tmp_path / "scaffold.duckdb"

    refused = _dbt_build(project, tmp_path, raw, database)
    assert refused.returncode != 0
    assert f"models/staging/{SOURCE}/_{SOURCE}__sources.yml: the declaration of" in refused.stdout
    assert "is_handled: The sample has no status column" in refused.stdout

    # The answer, written into the declaration as a user would.
    handled = next(line for line in declaration.splitlines() if "is_handled:" in line)
    sources.write_text(
        declaration.replace(handled, "            is_handled: {sql: handled_at is not null}"),
        encoding="utf-8",
    )
    built = _dbt_build(project, tmp_path, raw, database)
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
            "select source_record_id, channel_key, is_handled, "
            "strftime(timezone('Europe/Amsterdam', started_at), '%d %H:%M') "
            f"from core.fact_contact where source_system = '{SOURCE}' order by all"
        ).fetchall()
        quarantined = db.sql(
            f"select reason from quality.quarantined_rows where source_name = '{SOURCE}'"
        ).fetchall()
        base = db.sql(f"select * from staging.base_{SOURCE}__messages")
        columns, values = base.columns, base.fetchall()
    assert contacts == [
        ("SI-1", "social", True, "30 09:15"),
        ("SI-2", "social", True, "30 13:02"),
        ("SI-3", "social", True, "31 08:00"),
        ("SI-4", "social", False, "01 10:30"),
    ]
    assert quarantined == [("missing_id",)]
    # Private by default: the staff address and the handle are keyed pseudonyms only.
    assert {"agent_email_key", "customer_handle_key"} <= set(columns)
    assert not {"agent_email", "customer_handle"} & set(columns)
    assert not [value for row in values for value in row if "@" in str(value)]


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


def test_scaffolds_one_line_models_and_the_lineage_doc_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _minimal_project(tmp_path / "project")
    sample = tmp_path / "messages.csv"
    sample.write_text("\n".join([HEADER, *EXPORTS["2025-05-31"][:2]]) + "\n", encoding="utf-8")
    assert main(["new-source", SOURCE, "--sample", str(sample), "--project-dir", str(project)]) == 0
    capsys.readouterr()
    folder = project / "models/staging" / SOURCE

    base = (folder / f"base_{SOURCE}__messages.sql").read_text(encoding="utf-8")
    assert base.splitlines()[-1] == f"{{{{ declared_base('{SOURCE}', 'messages') }}}}"
    staged = (folder / f"stg_{SOURCE}__messages.sql").read_text(encoding="utf-8")
    assert f"latest_records(ref('base_{SOURCE}__messages'), ['message_id'])" in staged

    models = (folder / f"_{SOURCE}__models.yml").read_text(encoding="utf-8")
    blocks = (PROJECT_DIR / "models/docs/_columns__docs.md").read_text(encoding="utf-8")
    referenced = [
        line.split('"')[1] for line in models.splitlines() if "{{ doc(" in line
    ]  # fmt: skip
    # Eleven lineage columns on the base model, seven on the staged one.
    assert len(referenced) == 18
    assert all(f"{{% docs {block} %}}" in blocks for block in referenced)
    assert "    description: '{{ doc(\"col_loaded_at_base\") }}'\n" in models
    assert "    description: '{{ doc(\"col_loaded_at_stg\") }}'\n" in models


# The counter sample under a name of its own: a fork may have registered jcc (tests/fork).
COUNTER = "counter_test"


def _jcc(project: Path, *extra: str) -> dict[str, object]:
    """Scaffold the counter sample as source COUNTER; its sources YAML, parsed."""
    sample = SAMPLES / "jcc_afspraken.csv"
    arguments = ["--kind", "contacts", "--channel", "balie", "--project-dir", str(project)]
    assert main(["new-source", COUNTER, "--sample", str(sample), *arguments, *extra]) == 0
    sources = project / f"models/staging/{COUNTER}/_{COUNTER}__sources.yml"
    return yaml.safe_load(sources.read_text(encoding="utf-8"))["sources"][0]["tables"][0]


def test_the_file_name_is_the_samples_without_the_source() -> None:
    assert sample_file_name("jcc", Path("exports/jcc_afspraken.csv")) == "afspraken"
    assert sample_file_name("jcc", Path("afspraken.csv")) == "afspraken"
    assert sample_file_name("web", Path("webformulieren.csv")) == "webformulieren"


def test_reads_the_counter_samples_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _minimal_project(tmp_path / "project")
    table = _jcc(project, "--file", "afspraken")
    report = capsys.readouterr().out
    folder = project / f"models/staging/{COUNTER}"
    # The file's name as given: afspraken, not afsprakens.
    assert table["name"] == "afspraken"
    assert sorted(path.name for path in folder.iterdir()) == [
        f"_{COUNTER}__models.yml", f"_{COUNTER}__sources.yml", f"base_{COUNTER}__afspraken.sql",
        f"stg_{COUNTER}__afspraken.sql", f"stg_{COUNTER}__contacts.sql",
    ]  # fmt: skip
    meta = {column["name"]: column["config"]["meta"] for column in table["columns"]}
    assert meta["Datum"] == {"format": "DD-MM-YYYY", "personal": "safe"}
    assert meta["Begintijd"] == {"format": "HH:MM", "personal": "safe"}
    assert meta["BSN"] == {"personal": "bsn"}
    assert meta["Medewerker"] == {"personal": "staff_email"}
    assert meta["Telefoonnummer"] == {"personal": "phone"}
    assert meta["E-mailadres klant"] == {"personal": "email", "as": "e_mailadres_klant"}
    assert meta["Opmerking"] == {"personal": "free_text"}
    assert meta["Locatie"] == {"personal": "safe", "values": ["Stadskantoor", "Wijkpost Noord"]}
    # The status feeds the contract's fields, so its list is checked (codes).
    assert meta["Status"]["codes"] == ["Afgerond", "Geannuleerd", "Niet verschenen"]
    declared = table["config"]["meta"]["declared"]
    assert table["config"]["meta"]["delimiter"] == ";"
    assert declared["moments"] == {
        "begin": {"date": "Datum", "time": "Begintijd", "required": True},
        "eind": {"date": "Datum", "time": "Eindtijd", "after": "begin"},
    }
    fields = declared["fields"]
    assert fields["started_at"] == "begin_at"
    assert fields["customer_bsn_key"] == "bsn_key"
    assert fields["employee_key"] == "medewerker_key"
    assert fields["is_handled"]["question"] == (
        "Which values of Status mean the contact was handled (served)? "
        "values: Afgerond, Geannuleerd, Niet verschenen"
    )
    assert f"Questions in models/staging/{COUNTER}/_{COUNTER}__sources.yml" in report
    # The next steps name every file written, and that nothing in src/ or tests/ needs an edit.
    for path in (*folder.iterdir(), project / f"docs/sources/{COUNTER}.md"):
        assert str(path.relative_to(project)) in report
    assert f"dbt_project.yml (kcc_sources: {COUNTER})" in report
    assert "nothing in src/ or tests/ needs an edit" in report


def test_answers_file_answers_the_questions(tmp_path: Path) -> None:
    project = _minimal_project(tmp_path / "project")
    table = _jcc(project, "--answers", str(PROJECT_DIR / "tests/fork/jcc_answers.yml"))
    fields = table["config"]["meta"]["declared"]["fields"]
    assert fields["is_handled"] == {"when": "status", "in": ["Afgerond"]}
    sources = project / f"models/staging/{COUNTER}/_{COUNTER}__sources.yml"
    assert "question:" not in sources.read_text(encoding="utf-8")


def test_reads_formats_encodings_and_personal_data_from_values(tmp_path: Path) -> None:
    project = _minimal_project(tmp_path / "project")
    sample = tmp_path / "bezoek.csv"
    rows = [
        "id|dag|tijd|geboren|behandelaar|klantnummer|notitie",
        "1|5-4-2025|9:05:00|19800101|4411|K-1001|Wil graag terugbellen over zijn paspoort",
        "2|12-4-2025|14:30:00|19751231|4412|K-1002|Heeft vragen over de afvalpas en de kosten",
        "3|13-4-2025|08:00:00|20010615|4411|K-1003|Adres is gewijzigd sinds maart, zie de brief",
        "4|14-4-2025|10:15:00|19990909|4413|K-1004|Ontevreden over de wachttijd (ruim een uur)",
    ]
    sample.write_bytes(("\r\n".join(rows) + "\r\n").replace("ruim", "rüim").encode("cp1252"))
    arguments = ["new-source", "visits", "--sample", str(sample), "--project-dir", str(project)]
    assert main(arguments) == 0
    text = (project / "models/staging/visits/_visits__sources.yml").read_text(encoding="utf-8")
    assert "The sample was windows-1252" in text
    table = yaml.safe_load(text)["sources"][0]["tables"][0]
    meta = {column["name"]: column["config"]["meta"] for column in table["columns"]}
    assert meta["dag"]["format"] == "D-M-YYYY"
    assert meta["tijd"]["format"] == "H:MM:SS"
    assert meta["geboren"]["format"] == "YYYYMMDD"
    assert meta["behandelaar"] == {"personal": "staff_number"}
    assert meta["notitie"] == {"personal": "free_text"}
    # Four different customer numbers: undecided, so a question, and private meanwhile.
    assert meta["klantnummer"]["personal"] == "identifier"
    assert "Is klantnummer personal?" in meta["klantnummer"]["question"]
    assert table["config"]["meta"]["declared"]["moments"] == {
        "tijd": {"date": "dag", "time": "tijd", "required": True}
    }


def test_eleven_test() -> None:
    assert eleven_test("123456782")
    assert eleven_test("12345672")  # 012345672, its leading zero lost by a spreadsheet
    assert not eleven_test("111222334")
    assert not eleven_test("000000000")


def test_declares_a_telephony_vendors_legs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _minimal_project(tmp_path / "project")
    rows = ["LegId,CallId,Start,Answered,End,Queue,Agent,Caller,Result"]
    for n in range(12):
        answered = f"2025-05-28T09:{n + 10:02d}:30Z" if n % 4 else ""
        rows.append(
            f"L{n},C{n // 2},2025-05-28T09:{n + 10:02d}:00Z,{answered},"
            f"2025-05-28T09:{n + 10:02d}:50Z,KCC Algemeen,agent{n % 3}@voip.example.nl,"
            f"061234567{n % 10},{'answered' if n % 4 else 'abandoned'}"
        )
    sample = tmp_path / "call_legs.csv"
    sample.write_text("\n".join(rows) + "\n", encoding="utf-8")
    arguments = ["new-source", "voip", "--sample", str(sample), "--kind", "call_legs",
                 "--project-dir", str(project)]  # fmt: skip
    # The staged model would be named like the contract model stg_voip__call_legs.
    assert main(arguments) == 2
    assert "pass another --file name" in capsys.readouterr().err
    assert main([*arguments, "--file", "legs"]) == 0
    text = (project / "models/staging/voip/_voip__sources.yml").read_text(encoding="utf-8")
    fields = yaml.safe_load(text)["sources"][0]["tables"][0]["config"]["meta"]["declared"]["fields"]
    assert fields["call_id"] == "call_id"
    assert fields["accepted_at"] == "answered"
    assert fields["queue_id"] == "queue"
    assert fields["employee_key"] == "agent_key"
    assert fields["customer_phone_key"] == "caller_key"
    assert "Map each value of Result" in fields["outcome"]["question"]
    assert "      call_legs: stg_voip__call_legs\n" in (project / "dbt_project.yml").read_text(
        encoding="utf-8"
    )
