"""A cache shared by every viewer for what each rerun asks for many times: keys are hashed natively
(Streamlit's caches hash every argument with their own hasher, 1–2 ms a call, several calls a rerun),
each value is computed once even when a class asks at the same moment, and the least recently used
entries go first.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class _Slot:
    __slots__ = ("done", "lock", "value")

    def __init__(self) -> None:
        self.lock, self.done, self.value = threading.Lock(), False, None


class Shared(Generic[T]):
    """Values by key, computed once per key (other askers of that key wait for the first)."""

    def __init__(self, maxsize: int) -> None:
        self._slot = functools.lru_cache(maxsize=maxsize)(lambda key: _Slot())

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        slot = self._slot(key)
        if not slot.done:
            with slot.lock:
                if not slot.done:  # an exception leaves the slot empty: the next asker computes
                    slot.value, slot.done = compute(), True
        return slot.value  # type: ignore[return-value]
