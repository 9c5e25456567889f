"""Which relations an export holds, and how each column is written.

The marts are every table and view of schemas core and kpi; from schema reference the
KPI catalogue, the norm profiles, the thresholds and norms seed(s) (kpi_parameters and
kpi_norms, and a fork's kpi_parameters_<gemeente> / kpi_norms_<gemeente>). The order
is the order of the README and manifest.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

MART_SCHEMAS: tuple[str, ...] = ("core", "kpi")
REFERENCE_SCHEMA = "reference"
# Exact names, plus every table whose name starts with one of the two prefixes.
REFERENCE_TABLES: tuple[str, ...] = ("kpis", "norm_profiles")
REFERENCE_NORMS_PREFIX = "kpi_norms"
REFERENCE_PARAMETERS_PREFIX = "kpi_parameters"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    columns: tuple[Column, ...]

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def sql_name(self) -> str:
        return f"{quote(self.schema)}.{quote(self.name)}"


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def exported_relations(connection: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every relation the export writes, with its columns in table order."""
    rows = connection.execute(
        """
        select tables.table_schema, tables.table_name, columns.column_name, columns.data_type
        from information_schema.tables as tables
        inner join information_schema.columns as columns
            on tables.table_catalog = columns.table_catalog
            and tables.table_schema = columns.table_schema
            and tables.table_name = columns.table_name
        where tables.table_catalog = current_database()
            and (
                list_contains($marts, tables.table_schema)
                or (
                    tables.table_schema = $reference
                    and (
                        list_contains($reference_tables, tables.table_name)
                        or starts_with(tables.table_name, $norms_prefix)
                        or starts_with(tables.table_name, $parameters_prefix)
                    )
                )
            )
        order by
            case tables.table_schema when 'core' then 0 when 'kpi' then 1 else 2 end,
            tables.table_schema, tables.table_name, columns.ordinal_position
        """,
        {
            "marts": list(MART_SCHEMAS),
            "reference": REFERENCE_SCHEMA,
            "reference_tables": list(REFERENCE_TABLES),
            "norms_prefix": REFERENCE_NORMS_PREFIX,
            "parameters_prefix": REFERENCE_PARAMETERS_PREFIX,
        },
    ).fetchall()
    relations: dict[tuple[str, str], list[Column]] = {}
    for schema, name, column, data_type in rows:
        relations.setdefault((schema, name), []).append(Column(column, data_type))
    return [Relation(schema, name, tuple(columns)) for (schema, name), columns in relations.items()]


def parquet_expression(column: Column) -> str:
    """HUGEINT (DuckDB's sum of integers) has no Parquet type and would become a double:
    written as BIGINT. Everything else keeps its type."""
    name = quote(column.name)
    if column.data_type == "HUGEINT":
        return f"cast({name} as bigint) as {name}"
    return name


def csv_expression(column: Column, first: bool) -> str:
    """The column as Dutch Excel reads it: decimal comma for non-integer numbers,
    `YYYY-MM-DD hh:mm:ss` for timestamps (UTC for timestamps with time zone; whole
    seconds: the Parquet files keep the fractions). The first column's header
    starts with a byte-order mark, so the file starts with one and Excel reads UTF-8."""
    name = quote(column.name)
    data_type = column.data_type
    if data_type in ("DOUBLE", "FLOAT", "REAL") or data_type.startswith("DECIMAL"):
        expression = f"replace(cast({name} as varchar), '.', ',')"
    elif data_type == "TIMESTAMP WITH TIME ZONE":
        expression = f"strftime({name} at time zone 'UTC', '%Y-%m-%d %H:%M:%S')"
    elif data_type == "TIMESTAMP":
        expression = f"strftime({name}, '%Y-%m-%d %H:%M:%S')"
    elif data_type == "HUGEINT":
        expression = f"cast({name} as bigint)"
    else:
        expression = name
    header = quote(("\ufeff" if first else "") + column.name)
    return f"{expression} as {header}"
