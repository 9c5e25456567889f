#!/usr/bin/env bash
# dbt Labs' dbt-project-evaluator over a copy of this project (docs: the package's
# docs/rules.md). The project uses no dbt hub packages, so the evaluator and dbt-utils come
# from local checkouts named by two environment variables, and run beside a COPY of the
# project in build/evaluate/project: the repository itself is never touched.
#
#   DBT_PROJECT_EVALUATOR_DIR=/abs/dbt-project-evaluator DBT_UTILS_DIR=/abs/dbt-utils \
#       scripts/evaluate.sh [extra dbt build args]
#
# Steps: copy the checkout's files (git ls-files: tracked, plus untracked files that are not
# git-ignored, as they are in the working tree) into build/evaluate/project; write there a
# packages.yml with the two `local:` packages and a matching package-lock.yml (the lock
# keeps `dbt deps` from resolving the evaluator's own hub dependency on dbt_utils, which
# would need the network; with it, deps only links the two local folders); add the
# `dispatch` the evaluator needs on DuckDB; `dbt deps`; `dbt build --select
# package:dbt_project_evaluator` into build/evaluate/evaluator.duckdb, with the fixture
# exports (build/fixtures/raw; KCC_RAW_DIR wins) so the project compiles. Then it prints
# every rule the evaluator's tests flagged, with the rows of the rule's fct_* table.
#
# The rules are configured by the vars block `dbt_project_evaluator:` in dbt_project.yml;
# exceptions to single findings, each with its reason, are var dbt_project_evaluator_exceptions
# there (written as the evaluator's seed dbt_project_evaluator_exceptions, in the copy only).
# The evaluator's tests keep their own severity, warn: dbt build then always evaluates
# every rule, and this script decides the outcome from the results.
#
# Exit status: 0 no violations; 1 violations (listed); 2 usage or setup error; 3 dbt failed.
set -euo pipefail

PROJECT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="$PROJECT_DIR/build/evaluate"
COPY_DIR="$OUT_DIR/project"
DB_PATH="$OUT_DIR/evaluator.duckdb"
BIN="$PROJECT_DIR/.venv/bin"

die() { echo "evaluate.sh: $*" >&2; exit 2; }

# --- inputs -----------------------------------------------------------------------------
missing=()
for name in DBT_PROJECT_EVALUATOR_DIR DBT_UTILS_DIR; do
    [[ -n "${!name:-}" ]] || missing+=("$name")
done
((${#missing[@]} == 0)) || die "${missing[*]} not set. DBT_PROJECT_EVALUATOR_DIR: absolute path \
of a checkout of dbt-labs/dbt-project-evaluator; DBT_UTILS_DIR: absolute path of a checkout of dbt-labs/dbt-utils"
for name in DBT_PROJECT_EVALUATOR_DIR DBT_UTILS_DIR; do
    dir="${!name}"
    [[ "$dir" == /* ]] || die "$name must be an absolute path, not '$dir'"
    [[ -f "$dir/dbt_project.yml" ]] || die "$name=$dir has no dbt_project.yml (not a dbt package checkout)"
done
grep -q "^name: *['\"]\?dbt_project_evaluator" "$DBT_PROJECT_EVALUATOR_DIR/dbt_project.yml" \
    || die "DBT_PROJECT_EVALUATOR_DIR=$DBT_PROJECT_EVALUATOR_DIR is not the dbt_project_evaluator package"
grep -q "^name: *['\"]\?dbt_utils" "$DBT_UTILS_DIR/dbt_project.yml" \
    || die "DBT_UTILS_DIR=$DBT_UTILS_DIR is not the dbt_utils package"
[[ -x "$BIN/dbt" ]] || die "no dbt in $BIN (make venv)"
RAW_DIR="${KCC_RAW_DIR:-$PROJECT_DIR/build/fixtures/raw}"
[[ -d "$RAW_DIR" ]] || die "no raw exports in $RAW_DIR (make build/fixtures/raw/_generator/summary.json, or set KCC_RAW_DIR)"
RAW_DIR="$(cd -- "$RAW_DIR" && pwd)"

start=$SECONDS

# --- the copy ---------------------------------------------------------------------------
rm -rf "$COPY_DIR" "$DB_PATH" "$DB_PATH.wal" "$DB_PATH.tmp"
mkdir -p "$COPY_DIR"
(
    cd "$PROJECT_DIR"
    # Files deleted in the working tree but still tracked are skipped.
    git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do if [[ -f "$f" ]]; then printf '%s\0' "$f"; fi; done \
        | xargs -0 -r cp --parents -t "$COPY_DIR" --
)

# Paths as YAML single-quoted scalars (a quote doubled): any folder name reads as itself.
yaml_quoted() { printf "'%s'" "${1//\'/\'\'}"; }
cat >"$COPY_DIR/packages.yml" <<EOF
packages:
  - local: $(yaml_quoted "$DBT_UTILS_DIR")
  - local: $(yaml_quoted "$DBT_PROJECT_EVALUATOR_DIR")
EOF
# dbt deps re-resolves (and so reaches for hub.getdbt.com) unless package-lock.yml carries the
# sha1 of packages.yml as dbt computes it (dbt/task/deps.py, _create_sha1_hash).
"$BIN/python" - "$COPY_DIR" "$DBT_UTILS_DIR" "$DBT_PROJECT_EVALUATOR_DIR" <<'EOF'
import hashlib, json, sys
copy_dir, *paths = sys.argv[1:]
specs = sorted(json.dumps({"local": p, "unrendered": {"local": p}}, sort_keys=True) for p in paths)
digest = hashlib.sha1("\n".join(specs).encode("utf-8")).hexdigest()
with open(f"{copy_dir}/package-lock.yml", "w") as lock:
    # json.dumps: a JSON string is a YAML scalar, whatever the folder name holds.
    lock.write("packages:\n" + "".join(f"  - local: {json.dumps(p)}\n" for p in paths) + f"sha1_hash: {digest}\n")
EOF

# The copy's dbt_project.yml (comments dropped, which the copy does not need):
# - dispatch: the evaluator overrides a few dbt macros for DuckDB (its macros/cross_db_shim),
#   so the root project names it in the dbt namespace's search order (its docs/index.md);
# - the exceptions: var dbt_project_evaluator_exceptions of dbt_project.yml becomes the seed
#   dbt_project_evaluator_exceptions of the copy, and the package's empty one is disabled
#   (its docs/customization/exceptions.md).
SELECT=(package:dbt_project_evaluator dbt_project_evaluator_exceptions)
if "$BIN/python" - "$COPY_DIR" <<'PY'
import csv
import sys

import yaml

copy_dir = sys.argv[1]
path = f"{copy_dir}/dbt_project.yml"
with open(path) as f:
    project = yaml.safe_load(f)
if project.get("dispatch"):
    sys.exit("evaluate.sh: dbt_project.yml has a dispatch: block already; merge the evaluator's into it here")
project["dispatch"] = [{
    "macro_namespace": "dbt",
    "search_order": [project["name"], "dbt_project_evaluator", "dbt"],
}]
columns = ("fct_name", "column_name", "id_to_exclude", "comment")
with open(f"{copy_dir}/seeds/dbt_project_evaluator_exceptions.csv", "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(columns)
    for exception in project.get("vars", {}).get("dbt_project_evaluator_exceptions") or []:
        missing = {"rule", "column", "match", "reason"} - set(exception)
        if missing:
            sys.exit(f"evaluate.sh: dbt_project_evaluator_exceptions entry {exception} lacks {sorted(missing)}")
        writer.writerow([exception["rule"], exception["column"], exception["match"], exception["reason"]])
seeds = project.setdefault("seeds", {})
seeds.setdefault("dbt_project_evaluator", {})["dbt_project_evaluator_exceptions"] = {"+enabled": False}
seeds.setdefault(project["name"], {})["dbt_project_evaluator_exceptions"] = {
    "+column_types": {c: "varchar" for c in columns},
}
with open(path, "w") as f:
    yaml.safe_dump(project, f, sort_keys=False, allow_unicode=True, width=1000)
PY
then :; else exit 2; fi

# --- dbt --------------------------------------------------------------------------------
export KCC_TARGET=duckdb
export KCC_DUCKDB_PATH="$DB_PATH"
export KCC_TEMP_DIR="$DB_PATH.tmp"
export KCC_RAW_DIR="$RAW_DIR"
export DBT_PROJECT_DIR="$COPY_DIR" DBT_PROFILES_DIR="$COPY_DIR"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_VERSION_CHECK=false
unset KCC_SCHEMA_PREFIX

cd "$COPY_DIR"
# A package-lock.yml dbt does not recognise makes deps resolve afresh, which needs the hub.
"$BIN/dbt" deps --quiet || { echo "evaluate.sh: dbt deps failed; offline it can only install \
what package-lock.yml lists, and does so only while the lock's sha1_hash matches dbt's hash of packages.yml" >&2; exit 3; }
set +e
"$BIN/dbt" build --select "${SELECT[@]}" "$@" >"$OUT_DIR/dbt_build.log" 2>&1
rc=$?
set -e
if ((rc != 0)); then
    tail -n 40 "$OUT_DIR/dbt_build.log" >&2
    echo "evaluate.sh: dbt build failed (exit $rc); full log: $OUT_DIR/dbt_build.log" >&2
    exit 3
fi

# --- the violations ---------------------------------------------------------------------
# A rule is violated when its test warned or failed (run_results.json); its rows are those
# of the fct_* model the test is on (exceptions from the seed dbt_project_evaluator_exceptions
# are already filtered out there). Coverage rules (fct_test_coverage,
# fct_documentation_coverage) always have one row and are flagged by their range test only.
set +e
"$BIN/python" - "$COPY_DIR/target" "$DB_PATH" <<'EOF'
import json, sys
import duckdb

target, db_path = sys.argv[1:]
manifest = json.load(open(f"{target}/manifest.json"))
results = json.load(open(f"{target}/run_results.json"))["results"]
nodes = manifest["nodes"]

flagged = {}  # fct model unique_id -> [test names]
for result in results:
    node = nodes.get(result["unique_id"], {})
    if node.get("resource_type") != "test" or node.get("package_name") != "dbt_project_evaluator":
        continue
    if result["status"] not in ("warn", "fail", "error"):
        continue
    for parent in node["depends_on"]["nodes"]:
        if nodes.get(parent, {}).get("name", "").startswith("fct_"):
            flagged.setdefault(parent, []).append(f'{node["name"]} ({result["status"]})')

con = duckdb.connect(db_path, read_only=True)
total = 0
for unique_id in sorted(flagged, key=lambda u: nodes[u]["name"]):
    model = nodes[unique_id]
    relation = f'"{model["schema"]}"."{model["alias"] or model["name"]}"'
    cursor = con.execute(f"select * from {relation}")
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    total += len(rows)
    print(f"\n== {model['name']}: {len(rows)} row(s); test {', '.join(flagged[unique_id])}")
    print("   " + " | ".join(columns))
    for row in rows:
        print("   " + " | ".join("" if v is None else str(v) for v in row))

if flagged:
    print(f"\n{len(flagged)} rule(s) violated, {total} row(s).")
    sys.exit(1)
print("No violations.")
EOF
status=$?
set -e
echo "evaluate.sh: $((SECONDS - start)) s; log $OUT_DIR/dbt_build.log, database $DB_PATH" >&2
exit $status
