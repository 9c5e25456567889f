#!/usr/bin/env bash
# The fork test (`make test-fork`, a CI step of its own): a municipality adds a JCC-like
# counter appointments export with a declaration only, and the fork's `make test` passes
# unchanged.
#
#  1. copies this checkout's files (tracked and new, not ignored) to a temp folder;
#  2. there, `make new-source` declares source jcc from tests/fixtures/samples/jcc_afspraken.csv
#     on the counter_visit contract, tests/fork/jcc_counter_visit_answers.yml giving the
#     contract's fields;
#  3. puts the sample as an export folder into that copy's fixture exports
#     (build/fixtures/raw/jcc/2025-05-30/afspraken.csv);
#  4. runs the copy's whole `make test`;
#  5. checks the build: the 50 appointments are contacts in core.fact_contact at the
#     sample's local times, kpi_values' bal_visits counts the served ones beside the built-in
#     counter's visits, and no jcc table in the build holds a BSN or an e-mail address.
#
# FORK_KEEP=1 keeps the temp folder; FORK_DIR=<folder> uses that folder (emptied first).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
started=$(date +%s)
work="${FORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/klantcontact-fork.XXXXXX")}"
if [[ -z "${FORK_KEEP:-}" && -z "${FORK_DIR:-}" ]]; then trap 'rm -rf "$work"' EXIT; fi
fork="$work/project"
rm -rf "$fork" && mkdir -p "$fork"

echo "fork test: copying the project to $fork"
git -C "$here" ls-files -z --cached --others --exclude-standard \
	| (cd "$here" && tar --null -T - -cf -) | tar -xf - -C "$fork"
# A repository of its own (tests copy the project's files by `git ls-files`), and the
# project's Python environment; the copy's own package wins over an editable install.
git -C "$fork" init -q
ln -s "$(readlink -f "$here/.venv")" "$fork/.venv"
export PYTHONPATH="$fork/src"
unset KCC_RAW_DIR KCC_DUCKDB_PATH DBT_PROJECT_DIR DBT_PROFILES_DIR
cd "$fork"

sample=tests/fixtures/samples/jcc_afspraken.csv
echo "fork test: declaring jcc on the counter_visit contract"
make --no-print-directory new-source NAME=jcc SAMPLE="$sample" CONTRACT=counter_visit \
	ANSWERS=tests/fork/jcc_counter_visit_answers.yml
if grep -rq "question:" models/staging/jcc/; then
	echo "fork test: the declaration still has a question" >&2
	exit 1
fi

raw="$fork/build/fixtures/raw"
if [[ -f "$here/build/fixtures/raw/_generator/summary.json" ]]; then
	mkdir -p "$fork/build/fixtures"
	cp -r "$here/build/fixtures/raw" "$raw"
else
	make --no-print-directory "$raw/_generator/summary.json"
fi
mkdir -p "$raw/jcc/2025-05-30"
cp "$sample" "$raw/jcc/2025-05-30/afspraken.csv"

echo "fork test: make test in the fork"
make --no-print-directory test

echo "fork test: checking the jcc source in build/test.duckdb"
.venv/bin/python - "$fork/build/test.duckdb" "$sample" <<'PY'
import csv
import re
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import duckdb

database, sample = sys.argv[1:]
with open(sample, encoding="utf-8", newline="") as handle:
    rows = list(csv.DictReader(handle, delimiter=";"))
amsterdam = ZoneInfo("Europe/Amsterdam")
expected = {
    row["Afspraaknummer"]: datetime.strptime(
        f"{row['Datum']} {row['Begintijd']}", "%d-%m-%Y %H:%M"
    ).replace(tzinfo=amsterdam)
    for row in rows
}
problems = []
with duckdb.connect(database, read_only=True) as db:
    found = dict(
        db.sql(
            "select source_record_id, started_at from core.fact_contact "
            "where source_system = 'jcc'"
        ).fetchall()
    )
    if found.keys() != expected.keys():
        problems.append(f"fact_contact has {len(found)} jcc contacts, the sample {len(expected)}")
    wrong = [key for key in expected if key in found and found[key] != expected[key]]
    if wrong:
        problems.append(f"started_at differs from the sample's local time for {wrong[:5]}")
    # No BSN (nine digits passing the eleven-test) or e-mail address in any jcc table.
    bsns = {row["BSN"] for row in rows}
    emails = {row["Medewerker"] for row in rows} | {row["E-mailadres klant"] for row in rows}
    tables = db.sql(
        "select table_schema, table_name from information_schema.tables "
        "where table_name like '%jcc%'"
    ).fetchall()
    if len(tables) < 3:
        problems.append(f"expected the jcc base, staged and contract tables, found {tables}")
    for schema, table in tables:
        values = db.sql(f'select * from "{schema}"."{table}"').fetchall()
        text = {str(value) for row in values for value in row if value is not None}
        leaked = (text & (bsns | emails - {""})) or {
            value for value in text if re.search(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", value)
        }
        if leaked:
            problems.append(f"{schema}.{table} holds {len(leaked)} BSNs or e-mail addresses")
    # bal_visits counts the visits that arrived (docs/kpi-catalogue.md): the built-in
    # counter's arrived visits of May 2025 plus the sample's Afgerond appointments
    # (mapped onto Geholpen by the answers), exactly.
    visits = db.sql(
        "select value from kpi.kpi_values where kpi_code = 'bal_visits' and period_grain "
        "= 'month' and period_start = date '2025-05-01' and channel_key = 'alle'"
    ).fetchone()
    built_in = db.sql(
        "select count(*) from staging.stg_balie__visits where visit_date "
        "between date '2025-05-01' and date '2025-05-31' "
        "and status in ('Geholpen', 'Doorverwezen', 'Vertrokken zonder hulp')"
    ).fetchone()[0]
    served = sum(
        1 for row in rows if row["Status"] == "Afgerond" and row["Datum"].endswith("-05-2025")
    )
    if visits is None or visits[0] != built_in + served:
        problems.append(
            f"bal_visits May 2025 is {visits}, not {built_in} built-in + {served} jcc visits"
        )
    else:
        print(f"fork test: bal_visits May 2025 = {built_in} built-in + {served} jcc visits")
for problem in problems:
    print(f"fork test: {problem}", file=sys.stderr)
print(f"fork test: {len(found)} jcc contacts in fact_contact, {len(tables)} jcc tables checked")
sys.exit(1 if problems else 0)
PY
echo "fork test: passed in $(( $(date +%s) - started )) s"
