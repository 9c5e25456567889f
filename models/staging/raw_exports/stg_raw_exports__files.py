"""stg_raw_exports__files: one row per raw export file, inspected before any row is read.

Every file under raw_dir/<source>/<folder>/ of a source in the contract
(stg_raw_exports__columns) is inspected by klantcontact.raw.inventory: a contract file by
its bytes (size, encoding, header, delimiter, quotes, last record), a real system's export
(Signalen's dump and its zip, Matomo's reports, Open Formulieren's exports;
klantcontact.raw.formats) by its own rules into a UTF-8 copy of the contract columns it
supplies. File-level faults get a kind, a severity and a message naming the problem; the
base staging models read only the files marked `is_read`, each with the column names of its
own header (or copy), so one bad file never stops the other files or sources from building.
The rules and messages: docs/raw-validation-contract.md.
"""

import pandas as pd

from klantcontact.raw.inventory import COLUMNS, Contract, column_names, inventory_rows


def _contracts(dbt):
    contracts = {}
    rows = dbt.ref("stg_raw_exports__columns").fetchall()
    for source, table, _, delimiter, _, position, column in sorted(rows, key=lambda r: r[5]):
        contract = contracts.setdefault((source, table), Contract(delimiter, []))
        contract.columns.append(column)
    return contracts


def _earlier_inspections(dbt, session):
    """Rows of the previous run by file path.

    Inspecting reads every byte of every file, minutes for a three-year history, while a
    daily run brings one folder: a file whose delivery and contract are unchanged keeps
    its row. `dbt build --full-refresh` inspects every file again.
    """
    if not dbt.is_incremental:
        return {}
    held = [row[0] for row in session.execute(f"describe {dbt.this}").fetchall()]
    if held != column_names():
        return {}  # an inventory of an earlier release: inspect again
    rows = session.execute(f"select {', '.join(held)} from {dbt.this}").fetchall()
    return {row[0]: row for row in rows}


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="file_path",
        on_schema_change="sync_all_columns",
    )
    # Plain assignments: dbt only sees meta_get calls that stand alone.
    raw_dir = dbt.config.meta_get("raw_dir")
    transcode_dir = dbt.config.meta_get("transcode_dir")

    # As many inspecting processes as the build has threads (KCC_THREADS): every base model
    # waits for the inventory.
    (workers,) = session.execute("select current_setting('threads')").fetchone()
    rows = list(
        inventory_rows(
            raw_dir,
            transcode_dir,
            _contracts(dbt),
            _earlier_inspections(dbt, session),
            workers=int(workers),
        )
    )

    # Typed explicitly: a frame without rows would give DuckDB no types to infer.
    session.execute(f"create or replace temp table raw_export_files_inspected ({COLUMNS})")
    if rows:
        # One scan of a frame: executemany costs a round trip per file, and a three-year
        # history has tens of thousands of files.
        # DuckDB types a frame's object columns from a sample of rows (1,000 by default):
        # a list column empty or numeric-looking in the sample and text further on would
        # fail the insert, depending only on which files carry faults. All rows, then.
        session.execute(f"set pandas_analyze_sample = {max(len(rows), 1000)}")
        session.register("raw_export_files_frame", pd.DataFrame(rows))
        session.execute("insert into raw_export_files_inspected select * from raw_export_files_frame")
        session.unregister("raw_export_files_frame")
    if dbt.is_incremental:
        # Every present file is returned and replaces its row; a file no longer present
        # (or a source folder removed) leaves the inventory here, as in a full refresh.
        session.execute(
            f"delete from {dbt.this} where file_path not in "
            "(select file_path from raw_export_files_inspected)"
        )
    return session.table("raw_export_files_inspected")
