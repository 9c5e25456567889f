"""The declaration of one export file: what the macros of macros/staging/declared.sql read.

Column meta (format, type, codes, personal kind, `as`) comes from the sample's values
(detect.py); the table's `declared` block names the key, the moments (a date column and
a time column read together as one local wall-clock time), the contract and which column
fills each contract field. Whatever the scaffold cannot decide is a `question:`; an
answers file (the same shape: `columns:` and `fields:`) answers questions before the
declaration is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from klantcontact.scaffold.detect import Detected, detect
from klantcontact.scaffold.names import Column
from klantcontact.scaffold.sample import Sample

# The column name each personal kind gets in the base model (declared_base).
PSEUDONYMISED = frozenset({"bsn", "phone", "email", "staff_email", "staff_number", "identifier"})
DROPPED = frozenset({"free_text", "name", "address", "birth_date"})
PERSONAL_KINDS = PSEUDONYMISED | DROPPED | {"postcode", "safe"}
SUBJECT_WORDS = ("topic", "subject", "category", "onderwerp", "categorie", "vraag", "product",
                 "dienst", "service")  # fmt: skip
STATUS_WORDS = ("status", "resultaat", "uitkomst", "outcome", "result", "state", "afloop")
START_WORDS = ("start", "begin", "aanvang", "van", "from", "created", "received", "ontvangen")
END_WORDS = ("end", "eind", "einde", "tot", "to", "until", "closed", "afgerond")
CONTACT_KEYS = {
    "customer_bsn_key": "bsn",
    "customer_phone_key": "phone",
    "customer_email_key": "email",
}


class AnswerError(ValueError):
    """The answers file does not fit the sample or the contract."""


def _words(name: str) -> set[str]:
    return set(name.split("_"))


def out_name(column: Column) -> str:
    """The column's name in the models (the macro lower-cases the header name unless
    the meta says `as`)."""
    return column.name


def base_name(detected: Detected) -> str | None:
    """The base model's column for this raw column, or None when it is dropped or read
    only as part of a moment (a time of day)."""
    kind = detected.personal
    name = out_name(detected.column)
    if kind == "safe":
        return None if detected.is_time else name
    if kind == "postcode":
        return f"{name}_area"
    if kind in DROPPED:
        return None
    return f"{name}_key"


@dataclass
class Declaration:
    columns: list[Detected]
    declared: dict[str, Any]
    key: Column

    @property
    def questions(self) -> list[str]:
        found = [
            f"{d.column.raw}: {d.meta['question']}" for d in self.columns if "question" in d.meta
        ]
        for name, field in (self.declared.get("fields") or {}).items():
            if isinstance(field, dict) and "question" in field:
                found.append(f"{name}: {field['question']}")
        return found

    def meta_of(self, column: Column) -> dict[str, Any]:
        return next(d.meta for d in self.columns if d.column == column)

    @property
    def base_columns(self) -> list[tuple[str, str]]:
        """(name, description) of the base model's value columns, in the macro's order."""
        out = []
        for detected in self.columns:
            name = base_name(detected)
            if name:
                out.append((name, describe(detected)))
        for moment, parts in (self.declared.get("moments") or {}).items():
            out.append(
                (f"{moment}_at", f"{parts['date']} and {parts['time']} read as one local "
                 "wall-clock time, in UTC.")
            )  # fmt: skip
        return out


def describe(detected: Detected) -> str:
    raw = detected.column.raw
    kind = detected.personal
    if kind == "safe":
        if detected.codes:
            return f"{raw} as exported: " + ", ".join(detected.codes) + "."
        if detected.format:
            return f"{raw} ({detected.format}) parsed."
        return f"{raw} as exported (trimmed)."
    if kind == "postcode":
        return f"Four-digit postcode area of {raw} (personal data: the letters are dropped)."
    return f"Keyed pseudonym of {raw} ({kind}); the value itself is not stored."


def _moment_name(column: Column) -> str:
    name = column.name
    for suffix in ("_tijd", "tijd", "_time", "time", "_uur"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)].rstrip("_")
    return name


def _moments(columns: list[Detected]) -> dict[str, dict[str, Any]]:
    """Times of day paired with the (only or preceding) date column; named after the time
    column (begintijd → begin_at). The start moment is required, an end moment must not
    lie before it."""
    dates = [d for d in columns if d.is_date]
    times = [d for d in columns if d.is_time]
    if not dates or not times:
        return {}
    moments: dict[str, dict[str, Any]] = {}
    order = [d.column for d in columns]
    for time in times:
        before = [d for d in dates if order.index(d.column) < order.index(time.column)]
        date = (before or dates)[-1]
        moments[_moment_name(time.column)] = {"date": date.column.raw, "time": time.column.raw}
    names = list(moments)
    start = next((n for n in names if _words(n) & set(START_WORDS)), names[0])
    moments[start]["required"] = True
    for name in names:
        if name != start and _words(name) & set(END_WORDS):
            moments[name]["after"] = start
    return {start: moments[start], **{n: m for n, m in moments.items() if n != start}}


def _stamps(declared: dict[str, Any], columns: list[Detected]) -> tuple[str | None, str | None]:
    """The staged columns of the start and the end moment (`<moment>_at` or a timestamp)."""
    moments = declared.get("moments") or {}
    names = [f"{name}_at" for name in moments]
    names += [out_name(d.column) for d in columns if d.format and " " in d.format or
              (d.format or "").startswith("ISO")]  # fmt: skip
    if not names:
        return None, None
    start = next((n for n in names if _words(n) & set(START_WORDS)), names[0])
    end = next((n for n in names if n != start and _words(n) & set(END_WORDS)), None)
    return start, end


ACCEPTED_WORDS = ("answered", "accepted", "beantwoord", "aangenomen", "opgenomen")


def _stamp_named(
    declared: dict[str, Any], columns: list[Detected], words: tuple[str, ...]
) -> str | None:
    """The staged moment or timestamp column whose name holds one of the words."""
    names = [f"{name}_at" for name in declared.get("moments") or {}]
    names += [out_name(d.column) for d in columns if d.format and (" " in d.format or
              d.format.startswith("ISO"))]  # fmt: skip
    return next((name for name in names if _words(name) & set(words)), None)


def _status(columns: list[Detected]) -> Detected | None:
    codes = [d for d in columns if d.codes]
    named = [d for d in codes if _words(d.column.name) & set(STATUS_WORDS)]
    return (named or [None])[0]


def _values_question(status: Detected, meaning: str) -> str:
    return (
        f"Which values of {status.column.raw} mean {meaning}? "
        f"values: {', '.join(status.codes)}"
    )


def _first(columns: list[Detected], kind: str) -> str | None:
    found = next((d for d in columns if d.personal == kind), None)
    return base_name(found) if found else None


def contract_fields(
    contract: str,
    contract_columns: tuple[str, ...],
    columns: list[Detected],
    declared: dict[str, Any],
    source: str,
    key: Column,
    channel: str | None,
) -> dict[str, Any]:
    """Which column fills each contract field, as far as the sample tells; questions for
    the rest that matter. A field left out is null."""
    start, end = _stamps(declared, columns)
    status = _status(columns)
    subject = next(
        (d for d in columns if d.codes and _words(d.column.name) & set(SUBJECT_WORDS)), None
    )
    staff = _first(columns, "staff_email") or _first(columns, "staff_number")
    guess: dict[str, Any] = {
        "source_system": {"value": source},
        "source_record_id": key.name,
        "started_at": start,
        "employee_key": staff,
        **{field: _first(columns, kind) for field, kind in CONTACT_KEYS.items()},
    }
    if start:
        guess["contact_date"] = {"local_date": start}
        guess["started_date"] = {"local_date": start}
    if start and end:
        guess["talk_s"] = {"seconds": [start, end]}
        guess["handle_s"] = {"seconds": [start, end]}
        guess["ended_at"] = end
    if subject:
        guess["subject_source_system"] = {"value": f"{source}_{subject.column.name}"}
        guess["subject_source_value"] = subject.column.name
    if contract == "channel_contact":
        guess |= {
            "channel_key": {"value": channel or "onbekend"},
            "department_key": {"value": "onbekend"},
            "is_referred_internal": {"value": False},
            "is_referred_external": {"value": False},
            "is_complaint": {"value": False},
            "is_eherkenning": {"value": False},
        }
        if status:
            column = status.column.name
            # The fields below read the status: a value outside the list is quarantined.
            status.meta["codes"] = status.meta.pop("values", status.codes)
            guess |= {
                "is_offered": {"when": column, "not_in": [], "question": _values_question(
                    status, "the contact did not take place at all (cancelled beforehand; "
                    "left out of the offered volume); [] for none")},
                "is_handled": {"when": column, "in": [], "question": _values_question(
                    status, "the contact was handled (served)")},
                "is_abandoned": {"when": column, "in": [], "question": _values_question(
                    status, "the customer gave up or did not come")},
            }  # fmt: skip
        else:
            guess |= {"is_offered": {"value": True}, "is_abandoned": {"value": False},
                      "is_handled": {"value": True, "question": (
                          "The sample has no status column: is every record handled? Answer "
                          "{value: true} or {when: <column>, in: [...]}.")}}  # fmt: skip
    elif contract == "call_leg":
        guess |= {
            "leg_id": key.name,
            "call_id": key.name,
            "direction": {"value": "Inbound"},
            "is_anonymous_caller": {"value": False},
        }
        queue = next((d for d in columns if _words(d.column.name) & {"queue", "wachtrij",
                                                                     "skill"}), None)  # fmt: skip
        if queue is not None and base_name(queue):
            guess["queue_id"] = base_name(queue)
            # A leg that starts in the queue, unless the export names the moment.
            entered = _stamp_named(declared, columns, ("queued", "entered"))
            guess["queue_entered_at"] = entered or start
        accepted = _stamp_named(declared, columns, ACCEPTED_WORDS)
        guess["accepted_at"] = accepted or {
            "value": None,
            "question": "Which moment did staff accept the leg (answered)? A staged timestamp "
            "column, or {value: null} when the export does not say",
        }
        if status:
            status.meta["codes"] = status.meta.pop("values", status.codes)
            guess["outcome"] = {
                "map": status.column.name,
                "values": {code: None for code in status.codes},
                "else": "Accepted",
                "question": f"Map each value of {status.column.raw} onto Accepted, Abandoned, "
                "Busy, ClosedHours, Overflow, Voicemail or TransferredOut",
            }
        else:
            guess["outcome"] = {"value": "Accepted"}
    # A field named like a staged column is that column (call_id, queue_id, any contract's).
    names = {base_name(d) for d in columns} | {f"{m}_at" for m in declared.get("moments") or {}}
    for field in contract_columns:
        if field in names:
            guess[field] = field
    return {f: guess[f] for f in contract_columns if guess.get(f) is not None}


def _answer_columns(columns: list[Detected], answers: dict[str, Any]) -> None:
    by_raw = {d.column.raw: d for d in columns} | {d.column.name: d for d in columns}
    for name, meta in (answers.get("columns") or {}).items():
        if name not in by_raw:
            raise AnswerError(f"answers: column {name!r} is not in the sample")
        if not isinstance(meta, dict):
            raise AnswerError(f"answers: column {name!r} needs a mapping, e.g. {{personal: safe}}")
        kind = meta.get("personal")
        if kind is not None and kind not in PERSONAL_KINDS:
            raise AnswerError(
                f"answers: {name}: personal {kind!r} is not one of "
                + ", ".join(sorted(PERSONAL_KINDS))
            )
        target = by_raw[name].meta
        target.pop("question", None)
        if kind is not None and kind != "safe":
            for key in ("codes", "values", "format", "type"):
                target.pop(key, None)
        target.update(meta)


def _answer_fields(
    fields: dict[str, Any], answers: dict[str, Any], contract: tuple[str, ...]
) -> None:
    for name, field in (answers.get("fields") or {}).items():
        if contract and name not in contract:
            raise AnswerError(f"answers: field {name!r} is not a column of the contract")
        fields[name] = field


def build_declaration(
    sample: Sample,
    columns: tuple[Column, ...],
    key: Column,
    source: str,
    contract: str | None,
    contract_columns: tuple[str, ...],
    channel: str | None,
    answers: dict[str, Any] | None = None,
) -> Declaration:
    detected = [
        detect(column, sample.values(position), is_key=column == key)
        for position, column in enumerate(columns)
    ]
    for item in detected:
        if item.column.name != item.column.raw.lower():
            item.meta["as"] = item.column.name
    _answer_columns(detected, answers or {})
    declared: dict[str, Any] = {"key": key.raw}
    moments = _moments(detected)
    if moments:
        declared["moments"] = moments
    fields: dict[str, Any] = {}
    if contract:
        declared["contract"] = contract
        fields = contract_fields(
            contract, contract_columns, detected, declared, source, key, channel
        )
    if contract:
        _answer_fields(fields, answers or {}, contract_columns)
        declared["fields"] = fields
    return Declaration(columns=detected, declared=declared, key=key)
