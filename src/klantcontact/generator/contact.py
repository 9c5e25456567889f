"""The unit of demand passed between channels: who comes, about what."""

from __future__ import annotations

from typing import NamedTuple


class Contact(NamedTuple):
    cust: int
    subject: str
    ref: object | None = None  # the zaak or melding the customer asks about
    depth: int = 0  # 0 = a first contact, 1+ = a follow-up about the same matter
    extra: object | None = None  # channel detail: form, balie service, kanaal, melding to repeat
    attempt: int = 0  # phone redials after an abandoned or closed call
