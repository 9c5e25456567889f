"""Fast draws for the hot paths: random.Random's randint, choice and choices cost microseconds."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class _HasWeight(Protocol):
    @property
    def weight(self) -> int: ...


W = TypeVar("W", bound=_HasWeight)


def between(rng: random.Random, lo: int, hi: int) -> int:
    """Uniform integer in [lo, hi]."""
    return lo + int(rng.random() * (hi - lo + 1))


def one_of(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def uuid(rng: random.Random) -> str:
    """A version-4-shaped UUID from the source's own generator (uuid.uuid4 is not seedable)."""
    bits = rng.getrandbits(128) & ~(0xF << 76 | 0x3 << 62) | 0x4 << 76 | 0x2 << 62
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Weighted(Generic[T]):
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self._cum, rng.random() * self._total)]


def by_weight(items: Iterable[W]) -> Weighted[W]:
    """A weighted choice among vocabulary entries that carry their own weight."""
    listed = list(items)
    return Weighted(listed, [item.weight for item in listed])
