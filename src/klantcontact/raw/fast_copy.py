"""A real system's plain CSV file copied into contract form by DuckDB's CSV reader and
writer instead of Python's csv module: Signalen's monthly dump holds the whole history
again each month, gigabytes that Python parses at a fraction of DuckDB's speed.

Only a well-formed file takes this path: every record has exactly the header's fields, the
text is UTF-8 and every quote is closed. DuckDB's reader in strict mode refuses anything
else, and the caller then reads the file with Python's csv module, which names the fault
(a short record, an unclosed quote, an encoding) as it always did. Both paths write the
same values: an empty field is written empty (read back as null), a contract column with a
fallback takes the fallback column's value when its own is empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

# Each worker process of the inventory copies one file at a time on one thread.
_CONFIG = {"threads": "1", "memory_limit": "1GB"}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def copied(
    source: Path,
    width: int,
    selected: Sequence[tuple[int, str, int | None]],
    delimiter: str,
    target: Path,
) -> bool:
    """Write the selected columns of source, a comma-separated file with a header of width
    fields, as CSV with the contract's delimiter to target; selected: (position, contract
    column, position of its fallback or None). False, with nothing written, when DuckDB
    refuses the file."""
    names = [f"c{position}" for position in range(width)]
    columns = "{" + ", ".join(f"'{name}': 'varchar'" for name in names) + "}"
    values = []
    for position, column, fallback in selected:
        value = f"nullif(c{position}, '')"
        if fallback is not None:
            value = f"coalesce({value}, nullif(c{fallback}, ''))"
        values.append(f'{value} as "{column}"')
    partial = target.with_name(target.name + ".partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    query = (
        f"copy (select {', '.join(values)} from read_csv({_literal(str(source))},"
        f" header = true, auto_detect = false, columns = {columns}, delim = ',',"
        " quote = '\"', escape = '\"', strict_mode = true, null_padding = false))"
        f" to {_literal(str(partial))} (header, delimiter {_literal(delimiter)}, quote '\"')"
    )
    try:
        with duckdb.connect(config=_CONFIG) as db:
            db.execute(query)
    except duckdb.Error:
        partial.unlink(missing_ok=True)
        return False
    partial.replace(target)
    return True
