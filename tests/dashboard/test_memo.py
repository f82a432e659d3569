"""The shared cache behind every view (dashboard/memo.py): once per key, even when a class asks at the
same moment; a failure is not kept; the least recently used key goes first."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard.memo import Shared


def test_many_askers_at_once_compute_a_key_once() -> None:
    cache: Shared[int] = Shared(4)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.05)  # long enough for every other asker to arrive meanwhile
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", compute))) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 30 and len(calls) == 1


def test_a_failure_is_not_kept() -> None:
    cache: Shared[int] = Shared(4)

    def fail() -> int:
        raise OSError("disk")

    with pytest.raises(OSError):
        cache.get("k", fail)
    assert cache.get("k", lambda: 7) == 7


def test_the_least_recently_used_key_goes_first() -> None:
    cache: Shared[str] = Shared(2)
    cache.get("a", lambda: "a1")
    cache.get("b", lambda: "b1")
    cache.get("a", lambda: "a2")  # "a" used again: "b" is now the oldest
    cache.get("c", lambda: "c1")
    assert cache.get("a", lambda: "a3") == "a1"
    assert cache.get("b", lambda: "b2") == "b2"  # evicted, computed again
