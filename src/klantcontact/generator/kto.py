"""Satisfaction survey (klanttevredenheidsonderzoek) sent after a contact."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from klantcontact.generator import files, texts
from klantcontact.generator.clock import HOUR, MINUTE
from klantcontact.generator.rand import Weighted, one_of, uuid
from klantcontact.generator.writer import DeltaFile

if TYPE_CHECKING:
    from klantcontact.generator.world import World

_GRADES = Weighted(range(1, 11), (2, 1, 2, 3, 5, 10, 22, 33, 15, 7))  # mean 7.3
_SATISFACTION = {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 7: 4, 8: 4, 9: 5, 10: 5}


def _score(rng: random.Random, base: int, empty: float) -> str:
    """A 1-5 answer near the overall impression; now and then skipped."""
    if rng.random() < empty:
        return ""
    if rng.random() < 0.2:
        base += one_of(rng, (-1, 1))
    return str(min(5, max(1, base)))


class Kto:
    def __init__(self, world: World) -> None:
        self.world = world
        self.clock = world.clock
        self.rng = world.rng_for("kto")
        self.responses = DeltaFile(files.RESPONSES, world.clock.days)

    def maybe_respond(self, kanaal: str, reference: str, t: int, chance: float, cust: int) -> None:
        rng = self.rng
        if rng.random() >= chance:
            return
        filled = t + 10 * MINUTE + int(rng.expovariate(1 / (9 * HOUR)))
        grade = _GRADES.pick(rng)
        impression = (grade + 1) // 2
        remark = texts.kto_remark(rng, self.world.customers, cust) if rng.random() < 0.4 else ""
        row: list[object] = [
            uuid(rng),
            kanaal,
            reference,
            self.clock.local_dmy_minutes(filled),
            _score(rng, _SATISFACTION[grade], 0.04),
            "" if rng.random() < 0.03 else grade,
            _score(rng, impression, 0.12),
            _score(rng, impression, 0.15),
            _score(rng, impression, 0.12),
            remark,
        ]
        self.responses.add(self.clock.local_day(filled), filled, row)
