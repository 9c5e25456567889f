# klantcontact — the two commands that matter: `make build` and `make test`.
# `make help` lists every target with one line each (the `## ` comment after it).
# The Python side is the command .venv/bin/klantcontact (src/klantcontact, installed
# editable by `make venv`); `klantcontact --help` lists its subcommands.
SHELL := /bin/bash
.DEFAULT_GOAL := build

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
KLANTCONTACT := $(BIN)/klantcontact
INSTALLED := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export GX_ANALYTICS_ENABLED := false

DEMO_RAW_DIR := $(CURDIR)/data/raw
DEMO_ARGS ?= --inhabitants 60000 --start 2024-01-01 --days 731 --seed 42

# KCC_RAW_DIR given: build from that folder and generate nothing. Every build runs dbt through
# `klantcontact dbt`, which prints the municipality configuration it passes to dbt and refuses
# (exit 3; dbt's own codes are 0-2) exports that are not the demo's without their own
# (docs/configuration.md), and stops at once (exit 4) while another program holds the
# database open (docs/running.md, "When a build goes wrong").
#
# Paths given in the environment or on the command line (KCC_RAW_DIR, KCC_DUCKDB_PATH,
# REPORT_OUT, EXPORT_OUT, SAMPLE, ...) may hold spaces, quotes, non-ASCII letters or start
# with `-` (docs/running.md, "Paths"). make never pastes them into a command line, and never
# runs $(abspath) on them, which splits at spaces: each reaches the recipes as an exported
# variable (BUILD_RAW_DIR, BUILD_DUCKDB_PATH, ...), which the shell expands between double
# quotes, made absolute by $(call abs,NAME) (so it can not read as an option either).
abs = "$$(realpath -ms -- "$$$(1)")"
ifdef KCC_RAW_DIR
export BUILD_RAW_DIR := $(KCC_RAW_DIR)
RAW_READY :=
else
export BUILD_RAW_DIR := $(DEMO_RAW_DIR)
RAW_READY := $(DEMO_RAW_DIR)/_generator/summary.json
endif
export BUILD_DUCKDB_PATH := $(or $(KCC_DUCKDB_PATH),klantcontact.duckdb)

# Test fixtures: a small town over six weeks around Koningsdag, Bevrijdingsdag and Hemelvaart.
FIXTURE_RAW_DIR := $(CURDIR)/build/fixtures/raw
FIXTURE_DB := $(CURDIR)/build/test.duckdb
FIXTURE_ARGS := --inhabitants 8000 --start 2025-04-14 --days 49 --seed 7 --fault-rate 0.02 \
	--formats contract

# make bench: the large size by default, a G4 city over three years (docs/performance.md).
BENCH_INHABITANTS ?= 900000
BENCH_YEARS ?= 3

.PHONY: help build daily test test-sources venv demo-data lint dbt-test quality pytest bench \
	clean new-source report report-test chromium docs docs-test export export-test pg-up pg-down \
	test-pg test-engines test-faults bench-engines build-pooled test-pooled evaluate test-formats \
	extract

# Every target with a `## ` comment on its line, in the order of this file.
help: ## this list
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-14s %s\n", $$1, $$2 }' \
		$(firstword $(MAKEFILE_LIST))

# The pinned requirements, then this project editable (the `klantcontact` command) without
# dependencies or build isolation: setuptools is pinned among the requirements.
venv: $(INSTALLED) ## .venv: the pinned requirements and the klantcontact command

$(INSTALLED): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo-data: $(DEMO_RAW_DIR)/_generator/summary.json ## generate the demo exports into data/raw

$(DEMO_RAW_DIR)/_generator/summary.json: | $(INSTALLED)
	$(KLANTCONTACT) generate $(DEMO_ARGS) --out "$(DEMO_RAW_DIR)"

ifeq ($(KCC_TARGET),postgres)
# PostgreSQL (docs/postgres.md): the project's server, the raw exports loaded into schema
# raw, then dbt (unit tests are DuckDB-only, disabled in dbt_project.yml); the summary reads
# a DuckDB database and is not printed. A file the loader skips (exit 1) fails the build
# through dbt's tests, as on DuckDB, so the build still runs; exit 2 (no server) stops it.
build: $(INSTALLED) $(RAW_READY) pg-up
	@test -d $(call abs,BUILD_RAW_DIR) || { echo "KCC_RAW_DIR=$$BUILD_RAW_DIR is not a folder" >&2; exit 2; }
	$(KLANTCONTACT) load postgres --raw-dir $(call abs,BUILD_RAW_DIR); \
	status=$$?; test $$status -le 1 || exit $$status; \
	KCC_RAW_DIR=$(call abs,BUILD_RAW_DIR) $(KLANTCONTACT) dbt build $(DBT_BUILD_ARGS)
else ifeq ($(KCC_TARGET),spark)
# Spark (docs/spark.md): the loader reads the exports with Spark's CSV reader into the
# warehouse of profiles.yml's spark output (build/spark), then dbt builds every model there
# (unit tests are DuckDB-only, disabled in dbt_project.yml); no DuckDB summary.
build: $(INSTALLED) $(RAW_READY)
	@test -d $(call abs,BUILD_RAW_DIR) || { echo "KCC_RAW_DIR=$$BUILD_RAW_DIR is not a folder" >&2; exit 2; }
	$(KLANTCONTACT) load spark --raw-dir $(call abs,BUILD_RAW_DIR)
	KCC_RAW_DIR=$(call abs,BUILD_RAW_DIR) $(KLANTCONTACT) dbt build $(DBT_BUILD_ARGS)
else
build: $(INSTALLED) $(RAW_READY) ## the default: dbt build of the demo exports (or KCC_RAW_DIR), then a summary
	@test -d $(call abs,BUILD_RAW_DIR) || { echo "KCC_RAW_DIR=$$BUILD_RAW_DIR is not a folder" >&2; exit 2; }
	@# The report also prints when a test fails (that is when it matters); make still fails.
	@# Not after exit 3 (not configured) or 4 (database in use): dbt did not run.
	KCC_RAW_DIR=$(call abs,BUILD_RAW_DIR) KCC_DUCKDB_PATH=$(call abs,BUILD_DUCKDB_PATH) \
		$(KLANTCONTACT) dbt build $(DBT_BUILD_ARGS); \
	status=$$?; test $$status -lt 3 || exit $$status; \
	KCC_RAW_DIR=$(call abs,BUILD_RAW_DIR) $(KLANTCONTACT) summary \
		--database $(call abs,BUILD_DUCKDB_PATH) --run-results "$(CURDIR)/target/run_results.json"; \
	exit $$status
endif

# Pull the systems with an API (docs/extract.md): KISS, Open Klant and Open Zaak pages into
# KCC_RAW_DIR, then `KCC_RAW_DIR=... make build`. URLs, credentials and the window
# (KCC_EXTRACT_FROM/TO) come from the environment or klantcontact.env; SYSTEMS="kiss
# openzaak" limits it. KCC_RAW_DIR is required: the demo folder data/raw is generated.
extract: $(INSTALLED) ## KISS, Open Klant, Open Zaak over their APIs into KCC_RAW_DIR (docs/extract.md)
	@test -n "$(if $(KCC_RAW_DIR),given)" || { echo "usage: KCC_RAW_DIR=<folder> [KCC_EXTRACT_FROM=YYYY-MM-DD] make extract [SYSTEMS=...]" >&2; exit 2; }
	$(KLANTCONTACT) extract --raw-dir $(call abs,BUILD_RAW_DIR) $(SYSTEMS)

# The daily run (docs/running.md, "Daily runs"): the build without unit tests, which check SQL
# logic on fixed inputs and belong to CI and `make build`, not to every day's exports; data
# tests of the incremental staging tables read only the rows this run loaded.
daily: DBT_BUILD_ARGS := --exclude-resource-type unit_test --vars '{data_tests_scope: run}'
daily: build ## the build without unit tests (docs/running.md, "Daily runs")

test: lint dbt-test quality docs-test export-test report-test pytest ## lint, fixture build, quality, docs, export, report, pytest (~10 min)

# Two processes: the dbt templater compiles every model, and CI has two cores.
lint: $(INSTALLED) ## sqlfluff, ruff, and the KPI catalogue (sources, Bijlage 3, tree; docs current)
	mkdir -p target
	KCC_RAW_DIR="$(FIXTURE_RAW_DIR)" $(BIN)/sqlfluff lint --processes 2 models $(wildcard analyses)
	$(BIN)/ruff check src tests
	$(KLANTCONTACT) catalogue --check

$(FIXTURE_RAW_DIR)/_generator/summary.json: | $(INSTALLED)
	$(KLANTCONTACT) generate $(FIXTURE_ARGS) --out "$(FIXTURE_RAW_DIR)" --quiet

dbt-test: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json ## dbt build of the test fixtures into build/test.duckdb
	rm -f "$(FIXTURE_DB)"
	KCC_RAW_DIR="$(FIXTURE_RAW_DIR)" KCC_DUCKDB_PATH="$(FIXTURE_DB)" $(BIN)/dbt build

quality: $(INSTALLED) ## Great Expectations on the fixture build (after dbt-test)
	$(KLANTCONTACT) quality --database "$(FIXTURE_DB)" --docs-dir "$(CURDIR)/build/data-docs"

pytest: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json chromium ## the Python tests of make test
	KCC_TEST_RAW_DIR="$(FIXTURE_RAW_DIR)" KCC_TEST_DUCKDB="$(FIXTURE_DB)" $(BIN)/pytest -q \
		-m "not source_matrix and not postgres and not engines and not pooled and not real_formats" \
		tests/python

# Docs and exports (docs/querying.md). `make docs`: the dbt docs site of the
# built database (catalog included) in build/docs/; static_index.html opens without a
# server. dbt's compiled SQL holds the pseudonym key (docs/privacy.md), so the docs are
# compiled with a placeholder key into a target folder of their own. $(1) and $(2) are shell
# words (quoted paths or $(call abs,NAME)).
DOCS_VARS := {pseudonym_key: "not-published-in-the-docs"}
define dbt_docs
	KCC_RAW_DIR=$(1) KCC_DUCKDB_PATH=$(2) $(BIN)/dbt docs generate --static \
		--target-path "$(CURDIR)/target/docs" --vars '$(DOCS_VARS)'
	rm -rf "$(3)" && mkdir -p "$(3)"
	cp "$(CURDIR)"/target/docs/{static_index.html,index.html,manifest.json,catalog.json} "$(3)/"
	@echo "dbt docs: $(3)/static_index.html"
endef

docs: $(INSTALLED) ## dbt docs of the built database in build/docs
	@test -f $(call abs,BUILD_DUCKDB_PATH) || { echo "No database at $$BUILD_DUCKDB_PATH; run make build first" >&2; exit 2; }
	$(call dbt_docs,$(call abs,BUILD_RAW_DIR),$(call abs,BUILD_DUCKDB_PATH),$(CURDIR)/build/docs)

docs-test: $(INSTALLED) ## dbt docs of the fixture build in build/test-docs
	$(call dbt_docs,"$(FIXTURE_RAW_DIR)","$(FIXTURE_DB)",$(CURDIR)/build/test-docs)

# `make export`: every mart as Parquet (Power BI) and CSV (Excel) in exports/ (docs/exports.md);
# EXPORT_OUT sets the folder.
export EXPORT_OUT ?= $(CURDIR)/exports

export: $(INSTALLED) ## every mart as Parquet and CSV in exports/ (docs/exports.md)
	$(KLANTCONTACT) export --database $(call abs,BUILD_DUCKDB_PATH) --out $(call abs,EXPORT_OUT)

export-test: $(INSTALLED) ## the same from the fixture build into build/exports
	$(KLANTCONTACT) export --database "$(FIXTURE_DB)" --out "$(CURDIR)/build/exports"

# Every source alone and every source missing: twenty builds of the whole project on the
# fixture exports (tests/python/test_source_subsets.py). A CI step of its own after
# `make test` (.ci/run), which it would push past ten minutes on two cores.
test-sources: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json ## every source alone and missing: twenty builds
	KCC_TEST_RAW_DIR="$(FIXTURE_RAW_DIR)" KCC_TEST_DUCKDB="$(FIXTURE_DB)" $(BIN)/pytest -q \
		-m source_matrix tests/python

# Real systems' exports (docs/sources/): hand-written Signalen, Matomo and Open Formulieren
# files with KPIs computed by hand, bad real input, and the demo world in both formats. A CI
# step of its own (.ci/run): five builds of the whole project.
test-formats: $(INSTALLED) ## real systems' exports: hand-computed KPIs, bad input, real = contract
	$(BIN)/pytest -q -m real_formats tests/python

# Several municipalities in one warehouse (docs/multi-municipality.md):
#   make build-pooled MUNICIPALITIES="0307=path/to/raw_a 0344:Utrecht=path/to/raw_b"
# One dbt build per municipality into its own schemas (gm0307_core, ...) of one DuckDB file
# (KCC_DUCKDB_PATH, default build/klantcontact_pooled.duckdb), then the pooled models
# (schema pooled). POOL_ARGS passes options on, e.g. POOL_ARGS="--dbt-args=--full-refresh".
export POOLED_DUCKDB_PATH := $(or $(KCC_DUCKDB_PATH),build/klantcontact_pooled.duckdb)

build-pooled: $(INSTALLED) ## MUNICIPALITIES="0307=<raw_dir> ..." into one warehouse
	@test -n "$(MUNICIPALITIES)" || { echo 'usage: make build-pooled MUNICIPALITIES="0307=<raw_dir> 0344[:Name]=<raw_dir>"' >&2; exit 2; }
	$(KLANTCONTACT) pool $(MUNICIPALITIES) --database $(call abs,POOLED_DUCKDB_PATH) $(POOL_ARGS)

# Two municipalities into one warehouse, each equal to its build alone (tests/python/test_pooled.py);
# reuses the fixture database of make dbt-test when it is current. Not part of `make test`.
test-pooled: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json ## two municipalities pooled, each equal to its build alone
	KCC_TEST_RAW_DIR="$(FIXTURE_RAW_DIR)" KCC_TEST_DUCKDB="$(FIXTURE_DB)" $(BIN)/pytest -q \
		-m pooled tests/python

# PostgreSQL (docs/postgres.md): a project-local server in build/pg on 127.0.0.1, port
# KCC_PG_PORT (default 55432); `KCC_TARGET=postgres make build` builds the project there.
# test-pg: the raw loader's tests against it (not `make test`; the whole build on
# PostgreSQL compared with DuckDB's is make test-engines).
pg-up: ## start the project's PostgreSQL server (build/pg, port KCC_PG_PORT)
	"$(CURDIR)/scripts/pg.sh" up

pg-down: ## stop it
	"$(CURDIR)/scripts/pg.sh" down

test-pg: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json pg-up ## the PostgreSQL loader's tests
	KCC_TEST_RAW_DIR="$(FIXTURE_RAW_DIR)" $(BIN)/pytest -q -m postgres tests/python

# The fixture on PostgreSQL and Spark, kpi_values compared with DuckDB's
# (tests/python/test_engines.py, docs/engines.md). A CI step of its own after `make test`,
# whose DuckDB fixture build it reuses as the reference. The PostgreSQL server it starts is
# stopped afterwards, pass or fail, so no server outlives the test (and holds its port).
test-engines: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json ## the fixture on PostgreSQL and Spark against DuckDB
	status=0; KCC_TEST_RAW_DIR="$(FIXTURE_RAW_DIR)" KCC_TEST_DUCKDB="$(FIXTURE_DB)" \
		$(BIN)/pytest -q -s -m engines tests/python || status=$$?; \
		"$(CURDIR)/scripts/pg.sh" down; exit $$status

# Fault injection on the fixture (tests/faults/test_faults.py, docs/running.md "When a build
# goes wrong"): daily builds killed with SIGKILL and run again, a database held open by
# another process, a read-only raw folder, a full spill folder. A CI step of its own after
# test-engines (.ci/run); pytest of `make test` does not collect tests/faults.
test-faults: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json ## killed builds, a locked database, a read-only raw folder, a full spill disk
	KCC_TEST_RAW_DIR="$(FIXTURE_RAW_DIR)" $(BIN)/pytest -q -s tests/faults

# Declare a new export source from a sample export (docs/adding-a-source.md):
#   make new-source NAME=jcc SAMPLE=afspraken.csv [FILE=afspraken] [KEY=Afspraaknummer]
#                   [KIND=plain|contacts|call_legs] [CONTRACT=<contract>] [CHANNEL=balie]
#                   [ANSWERS=answers.yml]
# Writes the declaration (models/staging/<NAME>/_<NAME>__sources.yml, read from the sample's
# values), one-line models, docs/sources/<NAME>.md and the kcc_sources entry; refuses
# (exit 2, nothing written) when the source or any of its files exists.
new-source: export SAMPLE := $(SAMPLE)
new-source: export ANSWERS := $(ANSWERS)
new-source: $(INSTALLED) ## NAME=<source> SAMPLE=<export.csv>: declare a new export source
	@test -n "$(NAME)" -a -n "$(if $(SAMPLE),given)" || { echo "usage: make new-source NAME=<source> SAMPLE=<export.csv> [FILE=<file>] [KEY=<column>] [KIND=plain|contacts|call_legs] [CONTRACT=<contract>] [CHANNEL=<code>] [ANSWERS=<answers.yml>]" >&2; exit 2; }
	$(KLANTCONTACT) new-source "$(NAME)" --sample $(call abs,SAMPLE) \
		--kind "$(or $(KIND),plain)" --project-dir "$(CURDIR)" \
		$(if $(FILE),--file "$(FILE)") $(if $(KEY),--key "$(KEY)") $(if $(CHANNEL),--channel "$(CHANNEL)") \
		$(if $(CONTRACT),--contract "$(CONTRACT)") $(if $(ANSWERS),--answers $(call abs,ANSWERS))

# A fork's own source, declared only (tests/fork/run.sh): the counter sample scaffolded in a
# copy of the project, whose whole `make test` must pass. A CI step of its own (.ci/run).
test-fork: $(INSTALLED) ## a copy with the counter sample declared as a source: its make test
	"$(CURDIR)/tests/fork/run.sh"

# The KPI dashboard (docs/dashboard.md): one self-contained HTML file
# from a built database, read-only. REPORT_OUT sets the file.
export REPORT_OUT ?= $(CURDIR)/reports/dashboard.html

report: $(INSTALLED) ## the KPI dashboard of the built database, reports/dashboard.html
	$(KLANTCONTACT) report --database $(call abs,BUILD_DUCKDB_PATH) --out $(call abs,REPORT_OUT)

# The same from the test fixtures (after `make dbt-test`), into build/report/.
report-test: $(INSTALLED) ## the same from the fixture build into build/report
	$(KLANTCONTACT) report --database "$(FIXTURE_DB)" --out "$(CURDIR)/build/report/dashboard.html"

# Debian's headless chromium for the dashboard test (installs it when /usr/bin/chromium is
# missing; needs root or sudo). Playwright drives it and never downloads a browser.
chromium: ## Debian's chromium for the dashboard test, when missing
	@"$(CURDIR)/scripts/ensure-chromium.sh"

# Not part of `make test`: at the large size it generates and builds for tens of minutes.
# Then the same measurements at the demo size (bench/results-demo.json), and the demo size on
# each engine (BENCH_ENGINES); `make bench-engines` does only that last part.
BENCH_ENGINES ?= duckdb,postgres,spark
BENCH_DEMO_INHABITANTS ?= 60000
BENCH_DEMO_YEARS ?= 2
bench: $(INSTALLED) ## the large-size bench, the demo-size bench, the demo size per engine (an hour)
	$(KLANTCONTACT) bench --inhabitants $(BENCH_INHABITANTS) --years $(BENCH_YEARS)
	$(KLANTCONTACT) bench --inhabitants $(BENCH_DEMO_INHABITANTS) --years $(BENCH_DEMO_YEARS) \
		--work-dir "$(CURDIR)/build/bench-demo" --results "$(CURDIR)/bench/results-demo.json" \
		--engines $(BENCH_ENGINES)

bench-engines: $(INSTALLED) ## only the demo size on each engine (BENCH_ENGINES)
	$(KLANTCONTACT) bench --engines $(BENCH_ENGINES) --engines-only

# dbt Labs' dbt-project-evaluator on a copy of the project (scripts/evaluate.sh,
# docs/development.md): needs checkouts of dbt-labs/dbt-project-evaluator and
# dbt-labs/dbt-utils named by DBT_PROJECT_EVALUATOR_DIR and DBT_UTILS_DIR (no dbt hub here).
evaluate: $(INSTALLED) $(FIXTURE_RAW_DIR)/_generator/summary.json ## dbt-project-evaluator on a copy (DBT_PROJECT_EVALUATOR_DIR, DBT_UTILS_DIR)
	KCC_RAW_DIR="$(FIXTURE_RAW_DIR)" "$(CURDIR)/scripts/evaluate.sh"

clean: ## remove build, target, logs and klantcontact.duckdb
	rm -rf build target logs klantcontact.duckdb
