"""Names: snake_case columns, the model names of the house style, SQL identifiers.

Models are `base_<source>__<entity>` and `stg_<source>__<entity>`, the entity being the
export file's name in snake_case, as given (no plural added); columns are snake_case
(docs/adding-a-source.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

SOURCE_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
PLAIN_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
# Words DuckDB reads as SQL rather than as a column name; sqlfluff's duckdb dialect adds
# its own lists when it is installed (it is, in the project's venv).
RESERVED = frozenset(
    """
    all and any array as asc between both by case cast check collate column constraint
    create cross current_date current_time current_timestamp default desc distinct do else
    end except false fetch for foreign from full grant group having in inner intersect into
    is join lateral leading left like limit natural not null offset on only or order outer
    pivot primary qualify references returning right select some symmetric table then to
    trailing true union unique unpivot using variadic when where window with
    """.split()
)


@cache
def keywords() -> tuple[frozenset[str], frozenset[str]]:
    """(reserved, all) keywords, lower-case: a reserved one is quoted where it names a raw
    column; no keyword becomes a model column name (sqlfluff rule RF04)."""
    try:
        from sqlfluff.core.dialects import dialect_selector
    except ImportError:
        return RESERVED, RESERVED
    dialect = dialect_selector("duckdb")
    reserved = RESERVED | {word.lower() for word in dialect.sets("reserved_keywords")}
    unreserved = {word.lower() for word in dialect.sets("unreserved_keywords")}
    return reserved, reserved | unreserved


class InvalidName(ValueError):
    """A source, file or column name that cannot become a model or column name."""


def snake_case(name: str) -> str:
    """`Contact_ID` → contact_id, `receivedAt` → received_at, `Start datum` → start_datum."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name.strip())
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", spaced)
    snake = re.sub(r"[^0-9a-zA-Z]+", "_", spaced).strip("_").lower()
    if not snake:
        raise InvalidName(f"column {name!r} has no letters or digits to name it by")
    return f"col_{snake}" if snake[0].isdigit() else snake


def singular(entity: str) -> str:
    """messages → message, categories → category; a word without a plural s stays."""
    if entity.endswith("ies"):
        return entity[:-3] + "y"
    if entity.endswith("s") and not entity.endswith("ss"):
        return entity[:-1]
    return entity


@dataclass(frozen=True)
class Column:
    raw: str  # as in the export's header (and the sources YAML)
    name: str  # snake_case, as in the models

    @property
    def sql(self) -> str:
        """The raw column in SQL over raw_rows: DuckDB names are case-insensitive, so
        Contact_ID is written contact_id; a name with spaces or a keyword is quoted."""
        lower = self.raw.lower()
        if PLAIN_IDENTIFIER.fullmatch(lower) and lower not in keywords()[0]:
            return lower
        return '"' + self.raw + '"'


def columns_of(header: tuple[str, ...], entity: str) -> tuple[Column, ...]:
    """One Column per header name, with unique snake_case names (a clash gets _2, _3). A
    name that is an SQL keyword gets the entity in front: date → message_date."""
    columns: list[Column] = []
    taken: set[str] = set()
    for raw in header:
        name = snake_case(raw)
        if name in keywords()[1]:
            name = f"{singular(entity)}_{name}"
        candidate, counter = name, 2
        while candidate in taken:
            candidate, counter = f"{name}_{counter}", counter + 1
        taken.add(candidate)
        columns.append(Column(raw=raw, name=candidate))
    return tuple(columns)


@dataclass(frozen=True)
class ModelNames:
    source: str
    file: str
    entity: str

    @property
    def base(self) -> str:
        return f"base_{self.source}__{self.entity}"

    @property
    def staged(self) -> str:
        return f"stg_{self.source}__{self.entity}"

    @property
    def contacts(self) -> str:
        return f"stg_{self.source}__contacts"

    @property
    def call_legs(self) -> str:
        return f"stg_{self.source}__call_legs"


def model_names(source: str, file: str) -> ModelNames:
    if not SOURCE_NAME.fullmatch(source):
        raise InvalidName(
            f"source name {source!r}: use lower-case snake_case (letters, digits, single "
            "underscores), e.g. social_inbox; it is the folder under raw_dir and part of "
            "every model name"
        )
    if not FILE_NAME.fullmatch(file):
        raise InvalidName(
            f"file name {file!r}: use letters, digits, '_' and '-' only (the export is "
            "<raw_dir>/<source>/<export-date>/<file>.csv); pass --file"
        )
    # The file's own name, as given: afspraken stays afspraken, sessions stays sessions.
    return ModelNames(source=source, file=file, entity=snake_case(file))
