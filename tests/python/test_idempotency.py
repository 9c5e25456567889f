"""Idempotency: building twice on the same exports gives identical marts; adding a later
export folder that re-exports changed records gives the latest values and loses nothing.

Black-box: the tests read only the built DuckDB files and the raw CSVs (with the
generator's fault manifest). One tiny export set is built in two sequences, each in its
own folder with its own database and dbt target/logs: twice on all exports, and day by
day — first without the last two export days, then a `dbt run` as each day's folders
arrive. Built day by day, the marts equal a fresh full build.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import duckdb
import pytest
from conftest import dbt, generate
from raw_files import RAW_FILES, RawFile

from klantcontact.raw.contract import source_registry

# Nine days across 1 May: the snapshot sources (mor, zaken) dump on the 1st and on the
# last day, so the day-by-day sequence starts without them, gets their first dump in a
# daily run and a second one in the next. With 8,000 inhabitants the last folder
# re-exports changed kcs, e-mail and zaken records (with 1,500 hardly any); the dbt
# runs, not the data, set the cost.
EXPORT_ARGS = (
    "--inhabitants", "8000", "--start", "2025-04-24", "--days", "9", "--seed", "3",
    "--fault-rate", "0.02", "--formats", "contract",
)  # fmt: skip
# Models, seeds and snapshots. The data tests are `make dbt-test`'s job; here they would
# only add their cost to every build.
BUILD = ("build", "--exclude-resource-type", "test", "unit_test")
# A later delivery changes exports, not seeds: the models are all there is to rebuild.
RUN = ("run",)
# The day-by-day sequence: a full build, then a run per export day for the last days.
# The first of them (1 May) brings the monthly dumps of mor and zaken, the last one
# re-exports changed records.
DAILY_RUNS = 2

# dbt snapshots stamp each version with the moment this database first saw it
# (dbt_valid_from; dbt_scd_id hashes it). Two databases built at different moments
# differ there by design, so only comparisons across databases leave these columns out.
SNAPSHOT_TIME_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "core.dim_service_norm": (
            "service_norm_key",
            "version_valid_from",
            "version_valid_to",
            "version_updated_at",
        ),
    }
)
# A fingerprint over empty facts would prove nothing.
NON_EMPTY = ("core.fact_contact", "core.fact_case", "core.fact_callback", "kpi.kpi_values")

# The record key of a model registered for a contract (kcc_sources call_legs,
# counter_visits, email_messages, form_submissions) when it is a model of its own.
CONTRACT_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "call_legs": ("leg_id",),
        "counter_visits": ("visit_id",),
        "email_messages": ("message_id",),
        "form_submissions": ("submission_id",),
    }
)
# Each staging model and its record key: the files of the source registry (kcc_sources in
# dbt_project.yml, as staged_files() reads it), the models a source registers for a
# contract, and the models of registered channels (contacts, e.g. chat).
STAGED_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        **{
            str(source[registry_key]): key
            for source in source_registry().values()
            for registry_key, key in CONTRACT_KEYS.items()
            if source.get(registry_key)
        },
        **{
            str(source["contacts"]["model"]): ("source_record_id",)
            for source in source_registry().values()
            if source.get("contacts")
        },
        **{
            file["staged"]: tuple(file["key"])
            for source in source_registry().values()
            for file in source["files"]
        },
    }
)

Fingerprint = tuple[int, int]  # rows, order-independent sum of the row hashes
StagedKeys = dict[str, set[tuple[object, ...]]]


# -- raw values as staging should hold them -------------------------------------------


def _text(value: str) -> str | None:
    return value.strip() or None


def _instant(value: str) -> dt.datetime | None:
    """ISO-8601 with offset; compares equal to the staged UTC timestamptz."""
    return dt.datetime.fromisoformat(value) if value else None


def _day(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _raw_file(source: str, name: str) -> RawFile:
    return next(raw for raw in RAW_FILES if (raw.source, raw.name) == (source, name))


@dataclass(frozen=True)
class Tracked:
    """An export file whose records come again with new values, and where staging keeps
    them: raw column -> (staged column, raw text -> staged value)."""

    raw: RawFile
    id_column: str
    model: str
    key_column: str
    columns: Mapping[str, tuple[str, Callable[[str], object]]]


def _tracked(
    source: str,
    name: str,
    id_column: str,
    columns: Mapping[str, tuple[str, Callable[[str], object]]],
) -> Tracked | None:
    """The export file tracked in the staged model and key the registry gives it; None when
    the project does not read it (a fork switched the source off or replaced it)."""
    entry = source_registry().get(source) or {}
    if not entry.get("enabled", True):
        return None
    for file in entry.get("files") or []:
        if file["file"] == name:
            return Tracked(
                _raw_file(source, name), id_column, file["staged"], file["key"][0], columns
            )
    return None


# Records the systems export again once they change: a contactmoment closed the next
# day, a task completed or sent back, a mail triaged, a zaak closed (snapshot dumps).
TRACKED = tuple(
    tracked
    for tracked in (
        _tracked(
            "kcs",
            "contactmomenten",
            "id",
            {"einddatum": ("ended_at", _instant), "gespreksresultaat": ("contact_result", _text)},
        ),
        _tracked(
            "kcs",
            "internetaken",
            "id",
            {"status": ("task_status", _text), "afgehandeld_op": ("completed_at", _instant)},
        ),
        _tracked(
            "email",
            "messages",
            "message_id",
            {"category": ("category", _text), "forwarded_to": ("forwarded_to", _text)},
        ),
        _tracked(
            "zaken",
            "zaken",
            "identificatie",
            {
                "einddatum": ("end_date", _day),
                "status_omschrijving": ("status_description", _text),
                "resultaat_omschrijving": ("result_description", _text),
            },
        ),
    )
    if tracked is not None
)


@dataclass(frozen=True)
class ReExport:
    """A record of the last folder whose tracked values differ from its previous export."""

    tracked: Tracked
    record_id: str
    row: Mapping[str, str]  # its last line in the last folder


# -- the exports and the builds -------------------------------------------------------


@dataclass(frozen=True)
class Exports:
    raw_dir: Path
    days: tuple[str, ...]  # the export folders' dates, YYYY-MM-DD, oldest first

    @property
    def last_day(self) -> str:
        return self.days[-1]


def _sources(raw_dir: Path) -> list[Path]:
    """The source folders; _generator holds the generator's manifest and summary."""
    return sorted(path for path in raw_dir.iterdir() if not path.name.startswith("_"))


@dataclass(frozen=True)
class BuiltTwice:
    first: Path  # a copy of the database as the first build left it
    second: Path  # the same database after the second build


@dataclass(frozen=True)
class BuiltDayByDay:
    database: Path
    marts_before: dict[str, Fingerprint]  # before the last day, snapshot time left out
    staged_before: StagedKeys
    customers_before: dict[str, str]  # contact_key -> customer_key before the last day


@dataclass(frozen=True)
class Builds:
    twice: BuiltTwice
    day_by_day: BuiltDayByDay


def _dbt(raw_dir: Path, database: Path, command: tuple[str, ...]) -> None:
    """The database's folder holds the run's target/ and logs/."""
    result = dbt(command[0], raw_dir, database, *command[1:], work_dir=database.parent)
    assert result.returncode == 0, result.stdout[-5000:]


def _build_twice(raw_dir: Path, folder: Path) -> BuiltTwice:
    database = folder / "marts.duckdb"
    _dbt(raw_dir, database, BUILD)
    first = folder / "first-build.duckdb"
    shutil.copyfile(database, first)
    # A full second build, seeds and snapshots included: re-running a snapshot on an
    # unchanged seed must not add a version either.
    _dbt(raw_dir, database, BUILD)
    return BuiltTwice(first, database)


def _build_day_by_day(exports: Exports, folder: Path) -> BuiltDayByDay:
    """A full build without the last DAILY_RUNS export days, then one `dbt run` per day
    as its folders arrive, as a municipality's daily schedule would."""
    held_back = exports.days[-DAILY_RUNS:]
    raw_dir = folder / "raw"
    # _generator comes along: it marks the folder as the demo's exports, whose closing days
    # (seed closing_days_demo) the fresh build of exports.raw_dir has too.
    shutil.copytree(
        exports.raw_dir,
        raw_dir,
        ignore=lambda _folder, names: [n for n in names if n in held_back],
    )
    database = folder / "marts.duckdb"
    _dbt(raw_dir, database, BUILD)
    marts_before: dict[str, Fingerprint] = {}
    staged_before: StagedKeys = {}
    customers_before: dict[str, str] = {}
    for day in held_back:
        if day == exports.last_day:
            marts_before = fingerprints(database, SNAPSHOT_TIME_COLUMNS)
            staged_before = staged_keys(database)
            customers_before = customers_of_contacts(database)
        for source in _sources(exports.raw_dir):
            if (source / day).is_dir():
                shutil.copytree(source / day, raw_dir / source.name / day)
        _dbt(raw_dir, database, RUN)
    return BuiltDayByDay(database, marts_before, staged_before, customers_before)


def _plant_customer_merge(raw_dir: Path, last_day: str) -> None:
    """In the last Signalen dump, one melder's phone number becomes another melder's: the
    record now links an e-mail address and a phone number that belonged to two customers
    before (a reporter updated in Signalen). Nine generated days hold no such link on
    their own."""
    spoiled = {record for _, record in quarantined_records(raw_dir)}
    dumps = sorted((raw_dir / "mor").iterdir())
    assert dumps[-1].name == last_day and len(dumps) > 1, "two Signalen dumps are needed"
    earlier = _records(dumps[-2] / "reporters.csv", _raw_file("mor", "reporters"), "id")
    path = dumps[-1] / "reporters.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = list(csv.DictReader(lines))
    usable = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if row["id"] in earlier and row["id"] not in spoiled and row["phone"].strip()
        and row["is_anonymized"] == "False"
    ]  # fmt: skip
    (number, melder) = next((n, r) for n, r in usable if r["email"].strip())
    other = next(r for _, r in usable if not r["email"].strip() and r["phone"] != melder["phone"])
    changed = io.StringIO()
    csv.DictWriter(changed, fieldnames=list(melder), lineterminator="\n").writerow(
        {**melder, "phone": other["phone"]}
    )
    lines[number] = changed.getvalue()
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Exports:
    raw_dir = tmp_path_factory.mktemp("exports") / "raw"
    generate(raw_dir, *EXPORT_ARGS)
    days = {day.name for source in _sources(raw_dir) for day in source.iterdir()}
    _plant_customer_merge(raw_dir, max(days))
    return Exports(raw_dir, tuple(sorted(days)))


@pytest.fixture(scope="module")
def builds(exports: Exports, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Both sequences side by side: a dbt run keeps about one core busy (parsing and
    compiling are Python), so on two cores this nearly halves the wait."""
    twice_folder = tmp_path_factory.mktemp("twice")
    day_by_day_folder = tmp_path_factory.mktemp("day-by-day")
    with ThreadPoolExecutor(max_workers=2) as pool:
        twice = pool.submit(_build_twice, exports.raw_dir, twice_folder)
        day_by_day = pool.submit(_build_day_by_day, exports, day_by_day_folder)
        return Builds(twice.result(), day_by_day.result())


# -- reading the databases and the raw files ------------------------------------------


def fingerprints(
    database: Path, ignore: Mapping[str, tuple[str, ...]] = MappingProxyType({})
) -> dict[str, Fingerprint]:
    """Every table and view in the core and kpi schemas, without the ignored columns."""
    with duckdb.connect(str(database), read_only=True) as db:
        relations = db.sql(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_schema in ('core', 'kpi') order by 1"
        ).fetchall()
        return {name: _fingerprint(db, name, ignore.get(name, ())) for (name,) in relations}


def _fingerprint(
    db: duckdb.DuckDBPyConnection, relation: str, ignore: tuple[str, ...]
) -> Fingerprint:
    columns = f"* exclude ({', '.join(ignore)})" if ignore else "*"
    # A sum, not bit_xor: two equal rows must not cancel out, a duplicate is a difference.
    rows, total = db.sql(
        f"select count(*), coalesce(sum(hash(r)), 0) from (select {columns} from {relation}) r"
    ).fetchone()
    return rows, total


def rederived_models(database: Path) -> dict[str, Fingerprint]:
    """The intermediate models a daily run re-derives by key (those with _derived_at),
    without the moment of deriving."""
    with duckdb.connect(str(database), read_only=True) as db:
        relations = db.sql(
            "select table_schema || '.' || table_name from information_schema.columns"
            " where table_schema = 'intermediate' and column_name = '_derived_at' order by 1"
        ).fetchall()
        return {name: _fingerprint(db, name, ("_derived_at",)) for (name,) in relations}


def rows_derived_by_the_last_run(database: Path, relation: str) -> tuple[int, int]:
    """Rows derived by the latest run, and all rows, of a model re-derived by key."""
    with duckdb.connect(str(database), read_only=True) as db:
        derived, rows = db.sql(
            f"select count(*) filter (where _derived_at = (select max(_derived_at) from"
            f" {relation})), count(*) from {relation}"
        ).fetchone()
    return derived, rows


def _differing(left: dict[str, Fingerprint], right: dict[str, Fingerprint]) -> list[str]:
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def staging_models(database: Path) -> set[str]:
    with duckdb.connect(str(database), read_only=True) as db:
        rows = db.sql(
            "select table_name from information_schema.tables"
            " where table_schema = 'staging' and starts_with(table_name, 'stg_')"
            # The raw file inventory lists files, not records.
            " and not starts_with(table_name, 'stg_raw_exports__')"
        ).fetchall()
    return {name for (name,) in rows}


def staged_keys(database: Path) -> StagedKeys:
    with duckdb.connect(str(database), read_only=True) as db:
        return {
            model: set(db.sql(f"select {', '.join(key)} from staging.{model}").fetchall())
            for model, key in STAGED_KEYS.items()
        }


def customers_of_contacts(database: Path) -> dict[str, str]:
    """The customer of every contact that has one (core.fact_contact)."""
    with duckdb.connect(str(database), read_only=True) as db:
        return dict(
            db.sql(
                "select contact_key, customer_key from core.fact_contact"
                " where customer_key is not null"
            ).fetchall()
        )


def _records(path: Path, raw: RawFile, id_column: str) -> dict[str, dict[str, str]]:
    """Each record's last line in the file: within one file the last line wins."""
    if not path.is_file():  # a day's export may lack a file
        return {}
    with path.open(encoding=raw.encoding, newline="") as handle:
        reader = csv.DictReader(handle, delimiter=raw.delimiter, restval="")
        return {row[id_column]: row for row in reader if row[id_column]}


def quarantined_records(raw_dir: Path) -> set[tuple[str, str]]:
    """(file, record id) of the rows the generator spoiled on purpose (its manifest):
    staging quarantines them, so they cannot show their values."""
    with (raw_dir / "_generator" / "faults.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (fault["file"], fault["record_id"])
            for fault in csv.DictReader(handle)
            if fault["expected"] == "quarantine"
        }


def _last_file(exports: Exports, raw: RawFile) -> str:
    return f"{raw.source}/{exports.last_day}/{raw.name}.csv"


def re_exports(exports: Exports, tracked: Tracked, spoiled: set[tuple[str, str]]) -> list[ReExport]:
    raw = tracked.raw
    previous: dict[str, dict[str, str]] = {}
    for folder in sorted((exports.raw_dir / raw.source).iterdir()):  # oldest first
        if folder.name != exports.last_day:
            previous.update(_records(folder / f"{raw.name}.csv", raw, tracked.id_column))
    last_file = _last_file(exports, raw)
    latest = _records(exports.raw_dir / last_file, raw, tracked.id_column)
    return [
        ReExport(tracked, record_id, row)
        for record_id, row in latest.items()
        if record_id in previous
        and (last_file, record_id) not in spoiled
        and any(row[column] != previous[record_id][column] for column in tracked.columns)
    ]


def _stale_values(
    db: duckdb.DuckDBPyConnection, exports: Exports, re_export: ReExport
) -> list[str]:
    """How the staged record differs from its last export (empty: it shows the last one)."""
    tracked = re_export.tracked
    staged_columns = ["_file", *(staged for staged, _ in tracked.columns.values())]
    staged = db.execute(
        f"select {', '.join(staged_columns)} from staging.{tracked.model}"
        f" where {tracked.key_column} = ?",
        [re_export.record_id],
    ).fetchone()
    where = f"{tracked.model} {re_export.record_id}"
    if staged is None:
        return [f"{where}: not staged"]
    expected = [
        _last_file(exports, tracked.raw),
        *(parse(re_export.row[column]) for column, (_, parse) in tracked.columns.items()),
    ]
    return [
        f"{where} {column}: staged {got!r}, last export {want!r}"
        for column, got, want in zip(staged_columns, staged, expected, strict=True)
        if got != want
    ]


# -- the tests ------------------------------------------------------------------------


def test_building_twice_gives_identical_marts(builds: Builds) -> None:
    first = fingerprints(builds.twice.first)
    second = fingerprints(builds.twice.second)

    assert all(first[name][0] > 0 for name in NON_EMPTY), {name: first[name] for name in NON_EMPTY}
    differing = _differing(first, second)
    assert not differing, f"the second build changed {differing}"


def test_a_later_folder_gives_the_marts_of_a_fresh_build(builds: Builds) -> None:
    fresh = fingerprints(builds.twice.first, SNAPSHOT_TIME_COLUMNS)
    day_by_day = fingerprints(builds.day_by_day.database, SNAPSHOT_TIME_COLUMNS)

    # Without the last day the marts must differ, or the comparison below proves nothing.
    assert "core.fact_contact" in _differing(fresh, builds.day_by_day.marts_before)
    differing = _differing(fresh, day_by_day)
    assert not differing, f"built day by day, these differ from a fresh build: {differing}"


def test_a_daily_run_re_derives_only_what_changed(builds: Builds) -> None:
    """The intermediate models re-derived by key (docs/incremental.md) equal a fresh build's,
    fingerprints included, while the last daily run derived only part of their rows: the
    calls and match groups its exports brought or changed."""
    fresh = rederived_models(builds.twice.first)
    day_by_day = rederived_models(builds.day_by_day.database)

    assert {"intermediate.int_calls_folded", "intermediate.int_contacts_merged"} <= set(fresh)
    differing = _differing(fresh, day_by_day)
    assert not differing, f"built day by day, these differ from a fresh build: {differing}"
    for relation in fresh:
        derived, rows = rows_derived_by_the_last_run(builds.day_by_day.database, relation)
        assert 0 < derived < rows, f"{relation}: the last run derived {derived} of {rows} rows"


def test_a_later_folder_that_merges_customers_gives_the_marts_of_a_fresh_build(
    builds: Builds,
) -> None:
    """The last day links identifiers of customers that were apart before it: their
    contacts end under one customer. The comparison with a fresh build above then covers a
    merge of customers too."""
    before = builds.day_by_day.customers_before
    after = customers_of_contacts(builds.day_by_day.database)
    merged: dict[str, set[str]] = {}
    for contact, customer in before.items():
        if contact in after:
            merged.setdefault(after[contact], set()).add(customer)
    assert before, "no contact had a customer before the last day"
    assert any(len(customers) > 1 for customers in merged.values()), (
        "the last day merges no two customers: a merge would go untested"
    )


def test_a_later_folder_wins_for_the_records_it_re_exports(
    exports: Exports, builds: Builds
) -> None:
    spoiled = quarantined_records(exports.raw_dir)
    found = [record for tracked in TRACKED for record in re_exports(exports, tracked, spoiled)]
    assert found, "the last folder re-exports no changed record: nothing would be checked"

    with duckdb.connect(str(builds.day_by_day.database), read_only=True) as db:
        stale = [problem for record in found for problem in _stale_values(db, exports, record)]
    assert not stale, "staging does not show the last export:\n" + "\n".join(stale)


def test_a_later_folder_loses_no_staged_record(builds: Builds) -> None:
    before = builds.day_by_day.staged_before
    after = staged_keys(builds.day_by_day.database)

    assert staging_models(builds.day_by_day.database) == set(STAGED_KEYS)
    # An empty model would pass vacuously; a file an export may lack is not generated.
    generated = {(raw.source, raw.name): raw for raw in RAW_FILES}
    optional = {
        file["staged"]
        for name, source in source_registry().items()
        for file in source["files"]
        # A file an export may lack, the pages of an API (no extract in the demo), a file
        # the fixture has no exports of (a fork's own source) or of a switched-off source.
        if file.get("duckdb_only")
        or not source.get("enabled", True)
        or (name, file["file"]) not in generated
        or generated[(name, file["file"])].optional
    }
    # A model a source registers for a contract or a channel (chat's contacts) is empty
    # when its source is: switched off, or a fork's source the fixture has no exports of.
    for name, source in source_registry().items():
        if source.get("enabled", True) and any(
            (name, file["file"]) in generated for file in source["files"]
        ):
            continue
        optional |= {str(source[key]) for key in CONTRACT_KEYS if source.get(key)}
        if source.get("contacts"):
            optional.add(str(source["contacts"]["model"]))
    assert [model for model, keys in before.items() if not keys and model not in optional] == []
    lost = {
        model: sorted(map(str, keys - after[model]))[:5]
        for model, keys in before.items()
        if keys - after[model]
    }
    assert not lost, f"records staged before the last day and gone after it (first 5): {lost}"
