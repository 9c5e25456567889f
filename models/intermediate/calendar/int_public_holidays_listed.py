"""int_public_holidays_listed: one row per date that is a paid public holiday (CAO Gemeenten).

The dates come from the `holidays` package, never from our own Easter arithmetic. Its
default Dutch set differs by version (Goede vrijdag is in it, Bevrijdingsdag only in
lustrum years in some versions, in the "optional" category in others), so holidays are
chosen by *name*, case-insensitively, from every category the installed version offers.
Bevrijdingsdag (5 May) is a paid holiday every year under the CAO: when the package does
not list it for a year, it is added here and `holiday_source` says so.
"""

import datetime as dt
import re

import holidays
import pandas as pd

# The eight paid holidays of the CAO Gemeenten (art. 6.6, since 2023). Goede vrijdag is a
# working day and is deliberately absent. Each entry: the name we output, then every
# spelling the package may use for it (compared after casefold and whitespace cleanup).
CAO_HOLIDAYS = [
    ("Nieuwjaarsdag", ["nieuwjaarsdag"]),
    ("Tweede paasdag", ["tweede paasdag", "2e paasdag"]),
    # Before 2014 the day was Koninginnedag; same paid holiday.
    ("Koningsdag", ["koningsdag", "koninginnedag"]),
    ("Bevrijdingsdag", ["bevrijdingsdag"]),
    ("Hemelvaartsdag", ["hemelvaartsdag", "hemelvaart"]),
    ("Tweede pinksterdag", ["tweede pinksterdag", "2e pinksterdag"]),
    ("Eerste kerstdag", ["eerste kerstdag", "1e kerstdag"]),
    ("Tweede kerstdag", ["tweede kerstdag", "2e kerstdag"]),
]
BEVRIJDINGSDAG = "Bevrijdingsdag"


def _normalise(name):
    return re.sub(r"\s+", " ", name).strip().casefold()


def _package_holidays(years):
    """Yield (date, package name, category) for every holiday of every category offered."""
    supported = getattr(holidays.NL, "supported_categories", None) or ("public",)
    # Public first, so a day in both categories reports "public". School holidays and
    # other categories are not days off for municipal staff.
    for category in [c for c in ("public", "optional") if c in supported]:
        try:
            calendar = holidays.NL(years=years, language="nl", categories=(category,))
        except TypeError:  # versions without categories
            calendar = holidays.NL(years=years, language="nl")
        for day, names in calendar.items():
            # Two holidays on one day come back joined with "; ".
            for name in names.split(";"):
                yield day, name, category


def model(dbt, session):
    dbt.config(materialized="table")

    # Plain assignments: dbt only sees meta_get calls that are not nested in other
    # expressions. The values are the vars, passed through the model's YAML meta.
    calendar_start = dbt.config.meta_get("calendar_start")
    calendar_end = dbt.config.meta_get("calendar_end")
    start_year = int(str(calendar_start)[:4])
    end_year = int(str(calendar_end)[:4])
    years = list(range(start_year, end_year + 1))
    version = getattr(holidays, "__version__", "unknown")

    wanted = {alias: name for name, aliases in CAO_HOLIDAYS for alias in aliases}
    found = {}  # date -> {holiday name -> source}; "public" wins over "optional"
    for day, package_name, category in _package_holidays(years):
        name = wanted.get(_normalise(package_name))
        if name is not None and name not in found.setdefault(day, {}):
            found[day][name] = f"holidays {version} ({category})"

    # Bevrijdingsdag is a paid CAO holiday every year; some package versions list it only
    # in lustrum years (2020, 2025, ...). Add 5 May when the package left it out.
    for year in years:
        names_on_day = found.setdefault(dt.date(year, 5, 5), {})
        if BEVRIJDINGSDAG not in names_on_day:
            names_on_day[BEVRIJDINGSDAG] = "added: 5 May every year (CAO Gemeenten)"

    # Fail loudly rather than silently lose a holiday when the package renames one.
    expected = [name for name, _ in CAO_HOLIDAYS]
    for year in years:
        names_in_year = {n for day, names in found.items() if day.year == year for n in names}
        missing = [name for name in expected if name not in names_in_year]
        if missing:
            raise ValueError(
                f"holidays {version} has no {missing} for {year}; add the package's "
                f"spelling to CAO_HOLIDAYS in int_public_holidays_listed.py"
            )

    # One row per date: Hemelvaartsdag can fall on 5 May (as in 2016); names are joined.
    rows = []
    for day in sorted(found):
        names = [name for name in expected if name in found[day]]
        if names:
            rows.append(
                {
                    "holiday_date": day,
                    "holiday_name": "; ".join(names),
                    "holiday_source": "; ".join(found[day][name] for name in names),
                }
            )
    return pd.DataFrame(rows, columns=["holiday_date", "holiday_name", "holiday_source"])
