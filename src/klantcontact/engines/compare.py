"""kpi_values of two engines, row by row: every key equal, every number equal to 1e-9."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

KEY_COLUMNS = ("gemeente_code", "kpi_code", "period_grain", "period_start", "channel_key")
NUMBER_COLUMNS = ("numerator", "denominator", "value", "norm_value", "value_previous_year")
OTHER_COLUMNS = ("unit", "norm_operator", "meets_norm")
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Difference:
    key: tuple[str, ...]
    column: str
    left: object
    right: object

    def __str__(self) -> str:
        return f"{'/'.join(self.key)} {self.column}: {self.left!r} != {self.right!r}"


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """One engine's kpi_values with portable types, indexed by the key."""
    frame = frame.rename(columns=str.lower)
    missing = [c for c in (*KEY_COLUMNS, *NUMBER_COLUMNS, *OTHER_COLUMNS) if c not in frame]
    if missing:
        raise ValueError(f"kpi_values lacks {missing}")
    result = pd.DataFrame(
        {
            "gemeente_code": frame["gemeente_code"].astype(str),
            "kpi_code": frame["kpi_code"].astype(str),
            "period_grain": frame["period_grain"].astype(str),
            "period_start": pd.to_datetime(frame["period_start"]).dt.strftime("%Y-%m-%d"),
            "channel_key": frame["channel_key"].astype(str),
            **{c: pd.to_numeric(frame[c], errors="raise").astype(float) for c in NUMBER_COLUMNS},
            "unit": frame["unit"].astype(object).where(frame["unit"].notna(), None),
            "norm_operator": frame["norm_operator"]
            .astype(object)
            .where(frame["norm_operator"].notna(), None),
            "meets_norm": frame["meets_norm"]
            .astype(object)
            .where(frame["meets_norm"].notna(), None),
        }
    )
    if result.duplicated(list(KEY_COLUMNS)).any():
        raise ValueError("kpi_values has duplicate keys")
    return result.set_index(list(KEY_COLUMNS)).sort_index()


def _numbers_equal(left: float, right: float) -> bool:
    if math.isnan(left) or math.isnan(right):
        return math.isnan(left) and math.isnan(right)
    return abs(left - right) <= TOLERANCE * max(1.0, abs(left), abs(right))


def differences(left: pd.DataFrame, right: pd.DataFrame) -> list[Difference]:
    """Every way two engines' kpi_values differ: rows only one has, then unequal values."""
    a, b = normalised(left), normalised(right)
    found = [Difference(key, "row", "present", "absent") for key in a.index.difference(b.index)]
    found += [Difference(key, "row", "absent", "present") for key in b.index.difference(a.index)]
    for key in a.index.intersection(b.index):
        row_a, row_b = a.loc[key], b.loc[key]
        for column in NUMBER_COLUMNS:
            if not _numbers_equal(float(row_a[column]), float(row_b[column])):
                found.append(Difference(key, column, row_a[column], row_b[column]))
        for column in OTHER_COLUMNS:
            value_a, value_b = row_a[column], row_b[column]
            if (None if pd.isna(value_a) else value_a) != (None if pd.isna(value_b) else value_b):
                found.append(Difference(key, column, value_a, value_b))
    return found
