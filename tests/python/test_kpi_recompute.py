"""Recompute KPIs independently from the raw export files and compare with kpi_values.

Nothing here reads the project's models or macros: every KPI is computed with pandas
straight from the generated exports (delimiter and encoding per raw-exports.md, the
latest export and the last line of a record winning, the lines the generator's fault
manifest expects to be quarantined left out), with the definitions of kpis.md and
working days from the `holidays` package plus seeds/closing_days_demo.csv (the fixture
exports are the demo's, so its days off apply). Each KPI must match kpi_values exactly
for every month, channel `alle`: numerator and denominator.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import holidays
import pandas as pd
import pytest
import yaml
from conftest import PROJECT_DIR
from raw_files import RAW_FILES

from klantcontact.raw.contract import source_registry

SEEDS = PROJECT_DIR / "seeds"
LOCAL_TZ = "Europe/Amsterdam"

# (source, file name) -> (delimiter, encoding, key columns of one record)
RAW = {
    ("telephony", "dialogues"): (",", "utf-8", ["id"]),
    ("cxone", "call_detail"): (",", "utf-8", ["Contact_ID"]),
    ("balie", "visits"): (";", "utf-8", ["visit_id"]),
    ("email", "messages"): (",", "utf-8-sig", ["message_id"]),
    ("web", "pages"): (",", "utf-8", ["date", "label"]),
    ("web", "site_search"): (",", "utf-8", ["date", "label"]),
    ("web", "form_submissions"): (",", "utf-8", ["submission_id"]),
    ("mor", "signals"): (",", "utf-8", ["id"]),
    ("zaken", "zaken"): (",", "utf-8", ["identificatie"]),
    ("kcs", "contactmomenten"): (",", "utf-8", ["id"]),
    ("kcs", "internetaken"): (",", "utf-8", ["id"]),
    ("kto", "responses"): (";", "utf-8", ["response_id"]),
}

# The eight paid CAO Gemeenten holidays, by the names the package may use (kpis.md).
CAO_HOLIDAY_NAMES = {
    "nieuwjaarsdag",
    "tweede paasdag",
    "2e paasdag",
    "koningsdag",
    "koninginnedag",
    "bevrijdingsdag",
    "hemelvaartsdag",
    "hemelvaart",
    "tweede pinksterdag",
    "2e pinksterdag",
    "eerste kerstdag",
    "1e kerstdag",
    "tweede kerstdag",
    "2e kerstdag",
}


# --------------------------------------------------------------------------- reading
def _quarantined_lines(raw_dir: Path) -> set[tuple[str, int]]:
    faults = pd.read_csv(raw_dir / "_generator" / "faults.csv", dtype=str, keep_default_na=False)
    faults = faults[(faults["expected"] == "quarantine") & (faults["line_number"] != "")]
    return {(row.file, int(row.line_number)) for row in faults.itertuples()}


def _read_one(path: Path, delimiter: str, encoding: str) -> pd.DataFrame:
    if path.stat().st_size == 0:
        return pd.DataFrame()
    try:
        frame = pd.read_csv(
            path, sep=delimiter, encoding=encoding, dtype=str, keep_default_na=False
        )
    except UnicodeDecodeError:  # raw-exports.md: a file may come in Windows-1252
        frame = pd.read_csv(
            path, sep=delimiter, encoding="cp1252", dtype=str, keep_default_na=False
        )
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    frame = frame.fillna("")
    # Physical line on which each record starts (header = line 1); quoted fields may
    # hold line breaks, which push the next record down.
    breaks = frame.apply(lambda row: sum(str(value).count("\n") for value in row), axis=1)
    lines = 2 + (breaks + 1).cumsum() - (breaks + 1)
    frame["_line"] = lines.astype(int) if len(frame) else pd.Series(dtype=int)
    return frame


@cache
def _raw(raw_dir: Path, source: str, name: str) -> pd.DataFrame:
    """Every valid record of one export file kind, latest export / last line winning."""
    delimiter, encoding, key = RAW[(source, name)]
    quarantined = _quarantined_lines(raw_dir)
    parts = []
    for path in sorted(raw_dir.glob(f"{source}/*/{name}.csv")):
        frame = _read_one(path, delimiter, encoding)
        if frame.empty:
            continue
        relative = f"{source}/{path.parent.name}/{path.name}"
        keep = [(relative, line) not in quarantined for line in frame["_line"]]
        frame = frame[keep].copy()
        frame["_export_date"] = path.parent.name
        parts.append(frame)
    records = pd.concat(parts, ignore_index=True)
    records = records.sort_values(["_export_date", "_line"], kind="stable")
    return records.drop_duplicates(subset=key, keep="last").reset_index(drop=True)


def _local_date_from_utc(values: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(values, utc=True, format="ISO8601")
    return stamps.dt.tz_convert(LOCAL_TZ).dt.date


def _local_date(values: pd.Series, fmt: str) -> pd.Series:
    return pd.to_datetime(values, format=fmt).dt.date


def _month(dates: pd.Series) -> pd.Series:
    return dates.map(lambda day: dt.date(day.year, day.month, 1))


def _as_of_date(raw_dir: Path) -> dt.date:
    folders = [
        path.name
        for path in raw_dir.glob("*/*")
        if path.is_dir() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.name)
    ]
    return dt.date.fromisoformat(max(folders))


@cache
def _norm_profiles() -> tuple[str, ...]:
    """dbt var kpi_norm_profiles as dbt_project.yml sets it (the build runs without --vars)."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return tuple(project["vars"]["kpi_norm_profiles"])


def _parameter(code: str) -> float:
    """The parameter of the first profile in kpi_norm_profiles that states it (its latest
    row), as int_kpi_parameters_selected chooses it."""
    parameters = pd.read_csv(SEEDS / "kpi_parameters.csv", dtype=str, keep_default_na=False)
    rows = parameters[parameters["parameter_code"] == code]
    for profile in _norm_profiles():
        chosen = rows[rows["norm_profile"] == profile]
        if not chosen.empty:
            return float(chosen.sort_values("valid_from")["value"].iloc[-1])
    raise KeyError(code)


# ----------------------------------------------------------------------- working days
@cache
def _closing_days(first_year: int, last_year: int) -> frozenset[dt.date]:
    years = list(range(first_year, last_year + 1))
    days: set[dt.date] = set()
    categories = getattr(holidays.NL, "supported_categories", None) or ("public",)
    for category in [c for c in ("public", "optional") if c in categories]:
        try:
            calendar = holidays.NL(years=years, language="nl", categories=(category,))
        except TypeError:
            calendar = holidays.NL(years=years, language="nl")
        for day, names in calendar.items():
            if any(
                re.sub(r"\s+", " ", n).strip().casefold() in CAO_HOLIDAY_NAMES
                for n in names.split(";")
            ):
                days.add(day)
    days.update(dt.date(year, 5, 5) for year in years)  # Bevrijdingsdag, every year
    extra = pd.read_csv(SEEDS / "closing_days_demo.csv", dtype=str)
    days.update(dt.date.fromisoformat(value) for value in extra["closing_date"])
    return frozenset(days)


def _is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _closing_days(day.year - 1, day.year + 1)


def _working_days_after(start: dt.date, n: int) -> dt.date:
    """The n-th working day strictly after start (n = 0: start itself)."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if _is_working_day(day):
            counted += 1
    return day


# ----------------------------------------------------------------------- the KPIs
# Each returns a frame with columns month, numerator, denominator (None for counts).
def _count(months: pd.Series) -> pd.DataFrame:
    counts = months.value_counts().rename_axis("month").reset_index(name="numerator")
    counts["denominator"] = None
    return counts


def _ratio(months: pd.Series, numerator: pd.Series, denominator: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "month": months,
            "numerator": numerator.astype(float),
            "denominator": denominator.astype(float),
        }
    )
    return frame.groupby("month", as_index=False)[["numerator", "denominator"]].sum()


def _calls(raw_dir: Path) -> pd.DataFrame:
    legs = _raw(raw_dir, "telephony", "dialogues")
    legs = legs[legs["direction"] == "Inbound"].copy()
    legs["start"] = pd.to_datetime(legs["startTimestamp"], utc=True, format="ISO8601")
    legs = legs.sort_values(["correlationId", "start", "id"])
    queues = pd.read_csv(SEEDS / "queues.csv", dtype=str)
    first_line_queues = set(queues.loc[queues["is_first_line"] == "true", "queue_id"])
    known_queues = set(queues["queue_id"])
    legs["is_first_line"] = legs["queueId"].map(
        lambda q: q in first_line_queues or (q not in known_queues and q.startswith("KCC"))
    )
    first = legs.groupby("correlationId").head(1).set_index("correlationId")
    first_line = legs[legs["is_first_line"]].groupby("correlationId").head(1)
    first_line = first_line.set_index("correlationId")
    calls = pd.DataFrame(index=first.index)
    calls["month"] = _month(first["start"].dt.tz_convert(LOCAL_TZ).dt.date)
    calls["first_outcome"] = first["outcome"]
    calls["has_first_line"] = calls.index.isin(first_line.index)
    calls["first_line_outcome"] = first_line["outcome"].reindex(calls.index)
    accepted = first_line[first_line["acceptTimestamp"] != ""]
    wait = (
        pd.to_datetime(accepted["acceptTimestamp"], utc=True, format="ISO8601")
        - pd.to_datetime(accepted["queueEnterTimestamp"], utc=True, format="ISO8601")
    ).dt.total_seconds()
    calls["wait_s"] = wait.reindex(calls.index)
    # How often the caller was passed on: the call's legs that ended TransferredOut.
    transfers = (legs["outcome"] == "TransferredOut").groupby(legs["correlationId"]).sum()
    calls["transfers"] = transfers.reindex(calls.index).astype(int)
    return pd.concat([calls, _cxone_calls(raw_dir)])


def _cxone_calls(raw_dir: Path) -> pd.DataFrame:
    """NICE CXone calls: one contact per call unless transferred (a child contact carries
    the first one's Contact_ID as Master_Contact_ID). Every queued contact of the line
    starts in a first-line skill; a call hung up in the menu (SLA -1, no queue or agent
    seconds) never queued."""
    contacts = _raw(raw_dir, "cxone", "call_detail")
    first = contacts[contacts["Contact_ID"] == contacts["Master_Contact_ID"]].copy()
    local = pd.to_datetime(
        first["Start_Date"] + " " + first["Start_Time"], format="%m/%d/%Y %H:%M:%S"
    )
    queues = pd.read_csv(SEEDS / "queues.csv", dtype=str)
    first_line_queues = set(queues.loc[queues["is_first_line"] == "true", "queue_id"])
    calls = pd.DataFrame(index=first["Master_Contact_ID"].rename("correlationId"))
    calls["month"] = _month(local.dt.date).to_numpy()
    calls["first_outcome"] = "Accepted"  # no closed-hours row: CXone plays that message
    was_queued = (
        (first["SLA"] != "-1")
        | (first["InQueue"].astype(int) > 0)
        | (first["Agent_Time"].astype(int) > 0)
    )
    queued = was_queued & first["Skill_Name"].isin(first_line_queues)
    calls["has_first_line"] = queued.to_numpy()
    answered = queued & (first["Agent_Time"].astype(int) > 0)
    abandoned = queued & ~answered & (first["Abandon"] == "Y")
    calls["first_line_outcome"] = (
        pd.Series("Abandoned", index=first.index).where(abandoned, "other").where(queued)
    ).to_numpy()
    calls["wait_s"] = first["InQueue"].astype(float).where(answered).to_numpy()
    calls["transfers"] = _cxone_transfers(contacts).reindex(calls.index, fill_value=0).to_numpy()
    return calls


def _cxone_transfers(contacts: pd.DataFrame) -> pd.Series:
    """Transfers per call: the answered contacts that another contact names as its master
    (a transfer of a transferred contact names that contact), counted on the first
    contact of their chain."""
    children = contacts[contacts["Contact_ID"] != contacts["Master_Contact_ID"]]
    parent_of = dict(zip(children["Contact_ID"], children["Master_Contact_ID"], strict=True))
    transferred = contacts[
        contacts["Contact_ID"].isin(set(children["Master_Contact_ID"]))
        & (contacts["Agent_Time"].astype(int) > 0)
    ]

    def chain_start(contact_id: str) -> str:
        while contact_id in parent_of:
            contact_id = parent_of[contact_id]
        return contact_id

    starts = transferred["Contact_ID"].map(chain_start)
    return starts.value_counts().rename_axis("correlationId")


def tel_offered(raw_dir: Path) -> pd.DataFrame:
    calls = _calls(raw_dir)
    return _count(calls.loc[calls["first_outcome"] != "ClosedHours", "month"])


def tel_service_level(raw_dir: Path) -> pd.DataFrame:
    calls = _calls(raw_dir)
    queued = calls[calls["has_first_line"]]
    within = _parameter("tel_service_level_answer_within")
    return _ratio(queued["month"], queued["wait_s"].le(within), pd.Series(1, index=queued.index))


def tel_asa(raw_dir: Path) -> pd.DataFrame:
    calls = _calls(raw_dir)
    accepted = calls[calls["wait_s"].notna()]
    return _ratio(accepted["month"], accepted["wait_s"], pd.Series(1, index=accepted.index))


def tel_multi_transfer(raw_dir: Path) -> pd.DataFrame:
    """Handled calls (first-line leg accepted) passed on more than once / handled calls."""
    calls = _calls(raw_dir)
    handled = calls[calls["has_first_line"] & calls["wait_s"].notna()]
    return _ratio(handled["month"], handled["transfers"] > 1, pd.Series(1, index=handled.index))


def _visits(raw_dir: Path) -> pd.DataFrame:
    visits = _raw(raw_dir, "balie", "visits").copy()
    anchor = visits["arrival_time"].where(visits["arrival_time"] != "", visits["appointment_time"])
    visits["month"] = _month(_local_date(anchor, "%d-%m-%Y %H:%M:%S"))
    return visits


def bal_visits(raw_dir: Path) -> pd.DataFrame:
    visits = _visits(raw_dir)
    arrived = visits["status"].isin(["Geholpen", "Doorverwezen", "Vertrokken zonder hulp"])
    return _count(visits.loc[arrived, "month"])


def bal_no_show(raw_dir: Path) -> pd.DataFrame:
    visits = _visits(raw_dir)
    appointments = visits[(visits["appointment_time"] != "") & (visits["status"] != "Geannuleerd")]
    return _ratio(
        appointments["month"],
        appointments["status"] == "Niet verschenen",
        pd.Series(1, index=appointments.index),
    )


def _conversations(raw_dir: Path) -> pd.DataFrame:
    messages = _raw(raw_dir, "email", "messages").copy()
    messages["sent"] = pd.to_datetime(messages["sent_at"], format="%Y-%m-%d %H:%M:%S")
    inbound = messages[
        (messages["direction"] == "Inkomend") & (messages["is_auto_reply"] != "true")
    ]
    started = (
        inbound.sort_values(["sent", "_export_date", "_line"]).groupby("conversation_id").head(1)
    )
    return started.assign(month=_month(started["sent"].dt.date))


def eml_received(raw_dir: Path) -> pd.DataFrame:
    return _count(_conversations(raw_dir)["month"])


def _forms(raw_dir: Path) -> pd.DataFrame:
    forms = _raw(raw_dir, "web", "form_submissions").copy()
    forms["month"] = _month(_local_date_from_utc(forms["started_at"]))
    return forms


def frm_started(raw_dir: Path) -> pd.DataFrame:
    return _count(_forms(raw_dir)["month"])


def frm_completion(raw_dir: Path) -> pd.DataFrame:
    forms = _forms(raw_dir)
    return _ratio(forms["month"], forms["completed_at"] != "", pd.Series(1, index=forms.index))


def _pages(raw_dir: Path) -> pd.DataFrame:
    pages = _raw(raw_dir, "web", "pages").copy()
    pages["month"] = _month(_local_date(pages["date"], "%Y-%m-%d"))
    for column in ("nb_hits", "feedback_useful_yes", "feedback_useful_no"):
        pages[column] = pd.to_numeric(pages[column].replace("", "0"))
    return pages


def web_pageviews(raw_dir: Path) -> pd.DataFrame:
    pages = _pages(raw_dir)
    sums = pages.groupby("month", as_index=False)["nb_hits"].sum()
    return sums.rename(columns={"nb_hits": "numerator"}).assign(denominator=None)


def web_useful(raw_dir: Path) -> pd.DataFrame:
    pages = _pages(raw_dir)
    return _ratio(
        pages["month"],
        pages["feedback_useful_yes"],
        pages["feedback_useful_yes"] + pages["feedback_useful_no"],
    )


def _meldingen(raw_dir: Path) -> pd.DataFrame:
    signals = _raw(raw_dir, "mor", "signals").copy()
    signals = signals[signals["parent"] == ""]
    signals["month"] = _month(_local_date_from_utc(signals["created_at"]))
    return signals


def mor_received(raw_dir: Path) -> pd.DataFrame:
    return _count(_meldingen(raw_dir)["month"])


def mor_phone_share(raw_dir: Path) -> pd.DataFrame:
    meldingen = _meldingen(raw_dir)
    return _ratio(
        meldingen["month"], meldingen["source"] == "Telefoon", pd.Series(1, index=meldingen.index)
    )


def _contact_moments(raw_dir: Path) -> pd.DataFrame:
    moments = _raw(raw_dir, "kcs", "contactmomenten").copy()
    moments["month"] = _month(_local_date_from_utc(moments["startdatum"]))
    return moments


def kcc_contacts(raw_dir: Path) -> pd.DataFrame:
    return _count(_contact_moments(raw_dir)["month"])


def kcc_direct_resolved(raw_dir: Path) -> pd.DataFrame:
    moments = _contact_moments(raw_dir)
    return _ratio(
        moments["month"],
        moments["gespreksresultaat"] == "Zelfstandig afgehandeld",
        pd.Series(1, index=moments.index),
    )


def kcc_complaints(raw_dir: Path) -> pd.DataFrame:
    """Registrations with klacht ja / registrations, on telefoon, chat and balie only."""
    moments = _contact_moments(raw_dir)
    mappings = pd.read_csv(SEEDS / "channel_mappings.csv", dtype=str)
    mappings = mappings[mappings["source_system"] == "kcs_kanaal"]
    channel = moments["kanaal"].map(
        dict(zip(mappings["source_value"], mappings["channel_code"], strict=True))
    )
    moments = moments[channel.isin(["telefoon", "chat", "balie"])]
    return _ratio(moments["month"], moments["klacht"] == "ja", pd.Series(1, index=moments.index))


def callback_timely(raw_dir: Path) -> pd.DataFrame:
    tasks = _raw(raw_dir, "kcs", "internetaken")
    tasks = tasks[tasks["gevraagde_handeling"] == "Terugbellen"].copy()
    assigned = _local_date_from_utc(tasks["toegewezen_op"])
    done = tasks["afgehandeld_op"] != ""
    done_date = pd.Series(pd.NaT, index=tasks.index, dtype="object")
    done_date[done] = _local_date_from_utc(tasks.loc[done, "afgehandeld_op"])
    term = int(_parameter("callback_within"))
    due = assigned.map(lambda day: _working_days_after(day, term))
    as_of = _as_of_date(raw_dir)
    on_time = pd.Series(
        [bool(d) and c <= u for d, c, u in zip(done, done_date, due, strict=True)],
        index=tasks.index,
    )
    due_or_done = done | (due < as_of)
    return _ratio(_month(assigned), on_time, due_or_done)


def case_closed(raw_dir: Path) -> pd.DataFrame:
    zaken = _raw(raw_dir, "zaken", "zaken")
    closed = zaken[zaken["einddatum"] != ""]
    return _count(_month(_local_date(closed["einddatum"], "%Y-%m-%d")))


def _responses(raw_dir: Path) -> pd.DataFrame:
    responses = _raw(raw_dir, "kto", "responses").copy()
    responses["month"] = _month(_local_date(responses["ingevuld_op"], "%d-%m-%Y %H:%M"))
    return responses


def kto_avg_grade(raw_dir: Path) -> pd.DataFrame:
    responses = _responses(raw_dir)
    graded = responses[responses["rapportcijfer"] != ""]
    grades = pd.to_numeric(graded["rapportcijfer"])
    return _ratio(graded["month"], grades, pd.Series(1, index=graded.index))


def kto_satisfied(raw_dir: Path) -> pd.DataFrame:
    responses = _responses(raw_dir)
    scored = responses[responses["tevredenheid"] != ""]
    scores = pd.to_numeric(scored["tevredenheid"])
    threshold = _parameter("kto_satisfied_min_score")
    return _ratio(scored["month"], scores >= threshold, pd.Series(1, index=scored.index))


def tel_queue_abandoned(raw_dir: Path) -> pd.DataFrame:
    calls = _calls(raw_dir)
    offered = calls[calls["first_outcome"] != "ClosedHours"]
    return _ratio(
        offered["month"],
        offered["first_line_outcome"] == "Abandoned",
        pd.Series(1, index=offered.index),
    )


def bal_left_unserved(raw_dir: Path) -> pd.DataFrame:
    visits = _visits(raw_dir)
    arrived = visits[visits["status"].isin(["Geholpen", "Doorverwezen", "Vertrokken zonder hulp"])]
    return _ratio(
        arrived["month"],
        arrived["status"] == "Vertrokken zonder hulp",
        pd.Series(1, index=arrived.index),
    )


def eml_answer_timely(raw_dir: Path) -> pd.DataFrame:
    """Answered within 2 working days of the local start date / answered or past due."""
    started = _conversations(raw_dir)
    messages = _raw(raw_dir, "email", "messages").copy()
    messages["sent"] = pd.to_datetime(messages["sent_at"], format="%Y-%m-%d %H:%M:%S")
    replies = messages[
        (messages["direction"] == "Uitgaand") & (messages["is_auto_reply"] != "true")
    ]
    replies = replies.merge(
        started[["conversation_id", "sent"]], on="conversation_id", suffixes=("", "_start")
    )
    replies = replies[replies["sent"] > replies["sent_start"]]
    answered = replies.groupby("conversation_id")["sent"].min().dt.date
    start_date = started.set_index("conversation_id")["sent"].dt.date
    answer_date = answered.reindex(start_date.index)
    term = int(_parameter("eml_answer_within"))
    due = start_date.map(lambda day: _working_days_after(day, term))
    as_of = _as_of_date(raw_dir)
    is_answered = answer_date.notna()
    on_time = pd.Series(
        [bool(a) and d <= u for a, d, u in zip(is_answered, answer_date, due, strict=True)],
        index=start_date.index,
    )
    due_or_done = is_answered | (due < as_of)
    return _ratio(_month(start_date), on_time, due_or_done)


def web_search_no_result(raw_dir: Path) -> pd.DataFrame:
    searches = _raw(raw_dir, "web", "site_search").copy()
    months = _month(_local_date(searches["date"], "%Y-%m-%d"))
    visits = pd.to_numeric(searches["nb_visits"].replace("", "0"))
    no_result = pd.to_numeric(searches["nb_results"].replace("", "-1")) == 0
    return _ratio(months, visits.where(no_result, 0), visits)


def kcc_second_line(raw_dir: Path) -> pd.DataFrame:
    moments = _contact_moments(raw_dir)
    second_line = moments["gespreksresultaat"].isin(
        ["Doorverbonden naar afdeling", "Terugbelverzoek", "Zaak aangemaakt"]
    )
    return _ratio(moments["month"], second_line, pd.Series(1, index=moments.index))


def kto_grade_below_5(raw_dir: Path) -> pd.DataFrame:
    responses = _responses(raw_dir)
    graded = responses[responses["rapportcijfer"] != ""]
    grades = pd.to_numeric(graded["rapportcijfer"])
    threshold = _parameter("kto_grade_below_5_threshold")
    return _ratio(graded["month"], grades < threshold, pd.Series(1, index=graded.index))


def kto_grade_sufficient(raw_dir: Path) -> pd.DataFrame:
    responses = _responses(raw_dir)
    graded = responses[responses["rapportcijfer"] != ""]
    grades = pd.to_numeric(graded["rapportcijfer"])
    minimum = _parameter("kto_grade_sufficient_min")
    return _ratio(graded["month"], grades >= minimum, pd.Series(1, index=graded.index))


RECOMPUTED: dict[str, Callable[[Path], pd.DataFrame]] = {
    function.__name__: function
    for function in (
        tel_offered,
        tel_service_level,
        tel_asa,
        bal_visits,
        bal_no_show,
        eml_received,
        frm_started,
        frm_completion,
        web_pageviews,
        web_useful,
        mor_received,
        mor_phone_share,
        kcc_contacts,
        kcc_direct_resolved,
        kcc_complaints,
        callback_timely,
        case_closed,
        kto_avg_grade,
        kto_satisfied,
        tel_queue_abandoned,
        bal_left_unserved,
        eml_answer_timely,
        web_search_no_result,
        kcc_second_line,
        kto_grade_sufficient,
        tel_multi_transfer,
        kto_grade_below_5,
    )
}


# The recomputations read the exports the generator writes. A fork that registers a system
# of its own on a family's contract (a second counter system beside balie, ...) counts in
# that family's KPIs too, which no recomputation of the generated files can know of: those
# KPIs are compared only while every system on the family's contract is a generated one.
FAMILY_CONTRACT_KEYS = {
    "bal_": "counter_visits",
    "eml_": "email_messages",
    "frm_": "form_submissions",
    "tel_": "call_legs",
}


def _systems_beyond_the_generated(kpi_code: str) -> set[str]:
    """The sources a fork registered on the contract of the KPI's family, if any."""
    generated = {raw_file.source for raw_file in RAW_FILES}
    for prefix, registry_key in FAMILY_CONTRACT_KEYS.items():
        if kpi_code.startswith(prefix):
            registered = {
                name for name, entry in source_registry().items() if entry.get(registry_key)
            }
            return registered - generated
    return set()


def _same(left: object, right: object) -> bool:
    left_missing = left is None or (isinstance(left, float) and math.isnan(left))
    right_missing = right is None or (isinstance(right, float) and math.isnan(right))
    if left_missing or right_missing:
        return left_missing and right_missing
    return float(left) == float(right)


@pytest.mark.parametrize("kpi_code", sorted(RECOMPUTED))
def test_kpi_matches_independent_recomputation(kpi_code, built_fixture, connection):
    if beyond := _systems_beyond_the_generated(kpi_code):
        pytest.skip(f"{kpi_code} counts the fork's own systems too: {', '.join(sorted(beyond))}")
    expected = RECOMPUTED[kpi_code](built_fixture.raw_dir)
    expected = {
        row.month: (row.numerator, row.denominator) for row in expected.itertuples(index=False)
    }
    actual_rows = connection.sql(
        """
        select period_start, numerator, denominator
        from kpi.kpi_values
        where kpi_code = ? and period_grain = 'month' and channel_key = 'alle'
        """,
        params=[kpi_code],
    ).fetchall()
    actual = {
        period_start: (numerator, denominator)
        for period_start, numerator, denominator in actual_rows
    }
    assert expected, f"{kpi_code}: nothing recomputed from the raw files"
    differences = {
        month: {"recomputed": expected.get(month), "kpi_values": actual.get(month)}
        for month in sorted(set(expected) | set(actual))
        if month not in expected
        or month not in actual
        or not (
            _same(expected[month][0], actual[month][0])
            and _same(expected[month][1], actual[month][1])
        )
    }
    assert not differences, f"{kpi_code} differs from the raw files: {differences}"
