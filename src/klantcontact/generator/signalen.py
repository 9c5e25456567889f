"""Signalen's datawarehouse dump as its local-storage task writes it (`--formats real`).

Signalen (backend app/signals/apps/reporting/csv/) runs PostgreSQL's COPY ... TO STDOUT
WITH (FORMAT CSV, HEADER) per file and rewrites the result with csv.DictWriter in a fixed
column order (reorder_csv): comma, quotes only where needed, CRLF, UTF-8 without BOM, an
empty cell for both NULL and ''. Values keep PostgreSQL's text output: timestamptz in the
session's UTC (`2025-03-12 18:34:12.481233+00`), raw booleans `t`/`f` (sla), booleans mapped
to `True`/`False`, jsonb with `": "` and `", "` and keys ordered by length, and the literal
`null` where the query coalesces a JSON column. locations.csv has `lat` = st_x (the
longitude) and `lng` = st_y (the latitude). Categories and SLA carry Signalen's category
names, not slugs.

save_csv_files() stores each file as `<YYYY>/<MM>/<DD>/<HHMMSS>UTC_<name>` (here: the export
folder of the dump's day); zip_csv_files() packs the stored files, under those names, into
`<YYYYmmdd>_<HHMMSS>UTC.zip` (ZIP_DEFLATED).
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from bisect import bisect_left

from klantcontact.generator import vocab
from klantcontact.generator.clock import Clock
from klantcontact.generator.mor import Mor, Place, Signal, micro
from klantcontact.generator.vocab import SignalCategory

# The files of one dump in the order the task writes them; kto_feedback is written as
# KTO_FILE (the ENVIRONMENT setting is part of its name), time-prefixed like the others.
FILES = (
    "signals",
    "signals_assigned_user",
    "locations",
    "reporters",
    "categories",
    "statuses",
    "sla",
    "directing_departments",
    "routing_departments",
    "notes",
    "kto_feedback",
)
KTO_FILE = "kto-feedback-PRODUCTION.csv"
HEADERS = {
    "signals": (
        "id", "signal_uuid", "source", "text", "text_extra", "incident_date_start",
        "incident_date_end", "created_at", "updated_at", "operational_date", "expire_date",
        "image", "upload", "extra_properties", "category_assignment_id", "location_id",
        "reporter_id", "status_id", "priority", "priority_created_at", "parent", "type",
        "type_created_at", "directing_departments_assignment_id",
    ),
    "signals_assigned_user": ("id", "assigned_to", "assigned_at"),
    "locations": (
        "id", "lat", "lng", "stadsdeel", "buurt_code", "address", "address_text", "created_at",
        "updated_at", "extra_properties", "_signal_id", "address_street", "address_number",
        "address_postalcode", "address_city", "area_code", "area_name",
    ),
    "reporters": (
        "id", "email", "phone", "is_anonymized", "created_at", "updated_at",
        "extra_properties", "_signal_id",
    ),
    "categories": (
        "id", "main", "sub", "departments", "created_at", "updated_at", "extra_properties",
        "_signal_id", "deadline", "deadline_factor_3",
    ),
    "statuses": (
        "id", "text", "user", "target_api", "state_display", "extern", "created_at",
        "updated_at", "extra_properties", "_signal_id", "state",
    ),
    "sla": ("id", "main", "sub", "n_days", "use_calendar_days", "created_at"),
    "directing_departments": ("id", "created_at", "updated_at", "_signal_id", "departments"),
    "routing_departments": ("id", "created_at", "updated_at", "_signal_id", "departments"),
    "notes": ("id", "created_at", "updated_at", "_signal_id", "text"),
    "kto_feedback": (
        "_signal_id", "is_satisfied", "allows_contact", "text", "text_extra", "created_at",
        "submitted_at", "text_list",
    ),
}  # fmt: skip
# The dump of a Sunday's folder is handed over as the task's zip instead of loose files.
ZIP_WEEKDAY = 6
CITY = "Voorbeeldstad"
# The extra question Signalen's web form and app ask for a few sub-categories:
# (question id, label, answers, the sub-category's public URL as Signalen stores it).
_CATEGORY_URL = "/signals/v1/public/terms/categories/{}/sub_categories/{}"
_QUESTIONS = {
    "container-is-vol": (
        "extra_container_soort",
        "Soort container",
        ("Restafval", "Papier", "Glas", "Plastic, metaal en drankkartons"),
        _CATEGORY_URL.format("afval", "container-is-vol"),
    ),
    "straatverlichting-openbare-klok": (
        "extra_straatverlichting_probleem",
        "Wat is het probleem?",
        ("Lamp is 's nachts uit", "Lamp brandt overdag", "Lamp knippert", "Paal is beschadigd"),
        _CATEGORY_URL.format("wegen-verkeer-straatmeubilair", "lantaarnpaal-straatverlichting"),
    ),
    "grofvuil": (
        "extra_grofvuil_soort",
        "Wat voor afval is het?",
        ("Meubels", "Matras", "Witgoed", "Tuinafval", "Anders"),
        _CATEGORY_URL.format("afval", "grofvuil"),
    ),
}
Row = list[object]
_Status = tuple[int, int, Signal, str, str, str]
_Category = tuple[int, int, Signal, SignalCategory, str]
_Location = tuple[int, int, Signal, Place]
_Reporter = tuple[int, int, Signal, str, str, bool]
_Feedback = tuple[int, int, Signal, bool, bool, str, int]


def _bool(value: bool) -> str:
    return "True" if value else "False"  # map_choices(..., [(True, 'True'), (False, 'False')])


def _float8(value: float) -> str:
    """PostgreSQL's float8 text (shortest exact digits) of a coordinate stored to 6 decimals."""
    text = repr(float(f"{value:.6f}"))
    return text[:-2] if text.endswith(".0") else text


def jsonb(value: object) -> str:
    """jsonb's text output: `, ` and `: ` separators, object keys shorter first then bytewise,
    non-ASCII characters as they are."""

    def ordered(item: object) -> object:
        if isinstance(item, dict):
            keys = sorted(item, key=lambda key: (len(key.encode()), key.encode()))
            return {key: ordered(item[key]) for key in keys}
        if isinstance(item, list):
            return [ordered(element) for element in item]
        return item

    return json.dumps(ordered(value), ensure_ascii=False)


def csv_bytes(header: tuple[str, ...], rows: list[Row]) -> bytes:
    """reorder_csv()'s output: csv.DictWriter's excel dialect (comma, minimal quoting, CRLF)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


class SignalenDump:
    """The dump of every file as of the end of a day, from the simulated meldingen."""

    def __init__(self, mor: Mor, seed: int) -> None:
        self.mor = mor
        self.clock: Clock = mor.clock
        events = mor.events()
        # Ids are the 1-based positions in these lists; per melding, its rows' (moment, id).
        self._status_of: dict[int, tuple[list[int], list[int]]] = {}
        self._category_of: dict[int, tuple[list[int], list[int]]] = {}
        self._location_of: dict[int, tuple[list[int], list[int]]] = {}
        self._reporter_of: dict[int, int] = {}
        for number, (t, _, signal, *_rest) in enumerate(events.statuses, start=1):
            _append(self._status_of, signal, t, number)
        for number, (t, _, signal, *_rest) in enumerate(events.categories, start=1):
            _append(self._category_of, signal, t, number)
        for number, (t, _, signal, _place) in enumerate(events.locations, start=1):
            _append(self._location_of, signal, t, number)
        for number, (_, _, signal, *_rest) in enumerate(events.reporters, start=1):
            self._reporter_of.setdefault(signal.id, number)
        # ORDER BY created_at: the exact instant, microseconds included.
        self.signals = sorted(mor.signals, key=lambda s: (s.created, micro(s.seq), s.id))
        self._signal_times = [s.created for s in self.signals]
        self._first_treatment = self._first_treatments(events.statuses)
        self._extra = self._web_form_answers(mor.signals, seed)
        # Rows that never change once written, formatted once: (moments, rows) in file order.
        self._fixed = {
            "locations": self._locations(events.locations, seed),
            "reporters": self._reporters(events.reporters),
            "categories": self._categories(events.categories),
            "statuses": self._statuses(events.statuses),
        }
        # Rows in an order other than their moments': (moment, row), filtered per dump.
        self._filtered = {"sla": self._sla(), "kto_feedback": self._kto_feedback(events.feedback)}

    # --- one dump -------------------------------------------------------------------------
    def rows(self, name: str, day: int) -> list[Row]:
        """The rows of one file in the dump taken at the end of day (local midnight)."""
        end = self.clock.at(day + 1, 0)
        if name == "signals":
            return self._signals(end)
        if name == "signals_assigned_user":
            return self._assigned_users(end)
        if name in self._filtered:
            return [row for moment, row in self._filtered[name] if moment < end]
        if name in self._fixed:
            times, rows = self._fixed[name]
            return rows[: bisect_left(times, end)]
        return []  # directing_departments, routing_departments, notes: none in the model

    def moment(self, day: int) -> int:
        """When the task runs: at the local midnight that ends the day (still that date in
        UTC), so its files and zip carry that day's date."""
        return self.clock.at(day + 1, 0)

    def file_names(self, day: int) -> list[tuple[str, str]]:
        """(file, stored name) in task order: each file saved a second after the one before,
        its name prefixed with the time of saving, `<HHMMSS>UTC_`."""
        start = self.moment(day)
        names = []
        for position, name in enumerate(FILES):
            # kto_feedback's own name is kto-feedback-<ENVIRONMENT>.csv; local storage
            # prefixes it like every other file.
            file = KTO_FILE if name == "kto_feedback" else f"{name}.csv"
            t = start + 2 + position
            names.append((name, f"{self.clock.utc(t)[11:19].replace(':', '')}UTC_{file}"))
        return names

    def zip_name(self, day: int) -> str:
        t = self.moment(day) + 2 + len(FILES) + 1
        stamp = self.clock.utc(t)
        return f"{stamp[:10].replace('-', '')}_{stamp[11:19].replace(':', '')}UTC.zip"

    def zip_bytes(self, day: int, members: list[tuple[str, bytes]]) -> bytes:
        """zip_csv_files(): every stored file under its stored name, deflated."""
        stamp = self.clock.utc(self.moment(day))
        when = (
            int(stamp[:4]),
            int(stamp[5:7]),
            int(stamp[8:10]),
            int(stamp[11:13]),
            int(stamp[14:16]),
            int(stamp[17:19]),
        )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        return out.getvalue()

    # --- rows that follow the melding's state at the dump -----------------------------------
    def _pg(self, t: int, micro_seconds: int = 0) -> str:
        return self.clock.postgres_utc(t, micro_seconds)

    def _signals(self, end: int) -> list[Row]:
        rows: list[Row] = []
        for signal in self.signals[: bisect_left(self._signal_times, end)]:
            created = micro(signal.seq)
            updated = signal.times[bisect_left(signal.times, end) - 1]
            rows.append(
                [
                    signal.id,
                    signal.uuid,
                    signal.source,
                    signal.text,
                    "",
                    self._pg(signal.incident),
                    "",
                    self._pg(signal.created, created),
                    self._pg(updated, micro(signal.seq + 1)),
                    "",
                    "",
                    "",
                    "",
                    self._extra.get(signal.id, "null"),
                    _current(self._category_of[signal.id], end),
                    _current(self._location_of[signal.id], end),
                    self._reporter_of[signal.id],
                    _current(self._status_of[signal.id], end),
                    signal.priority,
                    self._pg(signal.created, created + 1_200),
                    "" if signal.parent is None else signal.parent.id,
                    signal.type,
                    self._pg(signal.created, created + 2_300),
                    "",
                ]
            )
        return rows

    def _assigned_users(self, end: int) -> list[Row]:
        rows: list[Row] = []
        for signal in self.signals[: bisect_left(self._signal_times, end)]:
            found = self._first_treatment.get(signal.id)
            if found and found[0] < end:
                rows.append([signal.id, found[2], self._pg(found[0], micro(found[1]) + 500)])
        return rows

    @staticmethod
    def _first_treatments(statuses: list[_Status]) -> dict[int, tuple[int, int, str]]:
        """The employee who took each melding into treatment: its first `b` status."""
        first: dict[int, tuple[int, int, str]] = {}
        for t, seq, signal, state, _text, user in statuses:
            if state == "b" and user and signal.id not in first:
                first[signal.id] = (t, seq, user)
        return first

    @staticmethod
    def _web_form_answers(signals: list[Signal], seed: int) -> dict[int, str]:
        """extra_properties of meldingen made in the web form or app: the answer to the
        sub-category's extra question. Drawn from a generator of its own, so the meldingen
        stay those of the contract files."""
        rng = random.Random(f"{seed}/signalen-dump/questions")
        answers: dict[int, str] = {}
        for signal in sorted(signals, key=lambda s: s.id):
            question = _QUESTIONS.get(signal.category.sub)
            if question is None or signal.source not in ("online", "app"):
                continue
            key, label, choices, url = question
            answer = choices[int(rng.random() * len(choices))]
            answers[signal.id] = jsonb(
                [{"id": key, "label": label, "answer": answer, "category_url": url}]
            )
        return answers

    # --- rows written once ------------------------------------------------------------------
    def _locations(self, locations: list[_Location], seed: int) -> tuple[list[int], list[Row]]:
        """ORDER BY id. The address the melder pinned is drawn here (the model knows only the
        postcode), from a generator of its own."""
        rng = random.Random(f"{seed}/signalen-dump/addresses")
        times: list[int] = []
        rows: list[Row] = []
        for number, (t, seq, signal, place) in enumerate(locations, start=1):
            street = vocab.STREETS[int(rng.random() * len(vocab.STREETS))]
            house = 1 + int(rng.random() * 180)
            created = self._pg(t, micro(seq))
            address = {
                "postcode": place.postcode,
                "huisnummer": house,
                "woonplaats": CITY,
                "openbare_ruimte": street,
            }
            area_code = place.buurt.code
            times.append(t)
            rows.append(
                [
                    number,
                    _float8(place.lng),  # st_x: the longitude, under Signalen's name `lat`
                    _float8(place.lat),  # st_y: the latitude, under `lng`
                    area_code,  # Coalesce(stadsdeel label, area_code): no Amsterdam stadsdeel
                    "",  # buurt_code: only Amsterdam's four-character code
                    jsonb(address),
                    f"{street} {house} {place.postcode} {CITY}",  # 'O hlT p W'
                    created,
                    created,
                    "null",
                    signal.id,
                    street,
                    house,
                    place.postcode,
                    CITY,
                    area_code,
                    place.buurt.name,
                ]
            )
        return times, rows

    def _reporters(self, reporters: list[_Reporter]) -> tuple[list[int], list[Row]]:
        """The model's ordering: created_at."""
        order = sorted(
            range(len(reporters)), key=lambda i: (reporters[i][0], micro(reporters[i][1]), i)
        )
        times: list[int] = []
        rows: list[Row] = []
        for i in order:
            t, seq, signal, email, phone, anonymous = reporters[i]
            created = self._pg(t, micro(seq))
            times.append(t)
            rows.append([i + 1, email, phone, _bool(anonymous), created, created, "null",
                         signal.id])  # fmt: skip
        return times, rows

    def _categories(self, categories: list[_Category]) -> tuple[list[int], list[Row]]:
        """ORDER BY id; main and sub by name, departments of the assignment."""
        times: list[int] = []
        rows: list[Row] = []
        for number, (t, seq, signal, category, department) in enumerate(categories, start=1):
            main, sub = vocab.SIGNALEN_CATEGORY_NAMES[category.sub]
            deadline, factor_3 = self.mor.deadlines(signal, category)
            created = self._pg(t, micro(seq))
            times.append(t)
            rows.append([number, main, sub, department, created, created, "null", signal.id,
                         self._pg(deadline), self._pg(factor_3)])  # fmt: skip
        return times, rows

    def _statuses(self, statuses: list[_Status]) -> tuple[list[int], list[Row]]:
        """The model's ordering: created_at."""
        order = sorted(
            range(len(statuses)), key=lambda i: (statuses[i][0], micro(statuses[i][1]), i)
        )
        times: list[int] = []
        rows: list[Row] = []
        for i in order:
            t, seq, signal, state, text, user = statuses[i]
            created = self._pg(t, micro(seq))
            times.append(t)
            rows.append([i + 1, text, user, "", vocab.SIGNAL_STATE_DISPLAY[state], "False",
                         created, created, "null", signal.id, state])  # fmt: skip
        return times, rows

    def _sla(self) -> list[tuple[int, Row]]:
        """ORDER BY category_id, -created_at (category ids in vocabulary order)."""
        rules = list(enumerate(self.mor.sla_rules(), start=1))
        order = {c.sub: i for i, c in enumerate(vocab.SIGNAL_CATEGORIES)}
        rules.sort(key=lambda item: (order[item[1][2].sub], -item[1][0]))
        rows: list[tuple[int, Row]] = []
        for number, (created, _, category, n_days, calendar_days) in rules:
            main, sub = vocab.SIGNALEN_CATEGORY_NAMES[category.sub]
            rows.append((created, [number, main, sub, n_days, "t" if calendar_days else "f",
                                   self._pg(created)]))  # fmt: skip
        return rows

    def _kto_feedback(self, feedback: list[_Feedback]) -> list[tuple[int, Row]]:
        """Submitted feedback only, in the model's order (_signal, -created_at)."""
        ordered = sorted(feedback, key=lambda e: (e[2].id, -e[6], -micro(e[1])))
        return [
            (
                submitted,
                [
                    signal.id,
                    _bool(satisfied),
                    _bool(contact),
                    remark,  # Coalesce(NullIf(text, ''), text_list[0], '')
                    "",
                    self._pg(closed, micro(seq)),
                    self._pg(submitted, micro(seq + 1)),
                    jsonb([remark]) if remark else "",
                ],
            )
            for submitted, seq, signal, satisfied, contact, remark, closed in ordered
        ]


def _append(index: dict[int, tuple[list[int], list[int]]], signal: Signal, t: int, n: int) -> None:
    times, numbers = index.setdefault(signal.id, ([], []))
    times.append(t)
    numbers.append(n)


def _current(index: tuple[list[int], list[int]], end: int) -> int:
    """The id of a melding's latest row before end (the signal's foreign key then)."""
    times, numbers = index
    return numbers[bisect_left(times, end) - 1]
