"""Live fetches run several series at once, so a stalled publisher holds a run for its deadlines
once rather than once per series; saves still happen one at a time, in the order asked for, so a run
writes the manifest the same way every time."""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape

from commands.report import Outcome
from fetch.sources import source_label
from registry.catalogue import Registry

PARALLEL = max(1, int(os.environ.get("FETCH_PARALLEL", "4")))  # series fetched at once


class InOrder:
    """Saves in the order the series were asked for, whatever order their fetches end in, so a run
    writes the manifest the same way every time: a series saves once the one before it is done."""

    def __init__(self, keys: list[str]) -> None:
        self._before = dict(zip(keys[1:], keys, strict=False))
        self._done = {key: threading.Event() for key in keys}

    @contextmanager
    def turn(self, key: str) -> Iterator[None]:
        if key in self._before:
            self._done[self._before[key]].wait()
        yield

    def finish(self, key: str) -> None:
        """``key`` is done (saved or failed) once every series before it is: only then may the next
        save, so no two saves ever read and write the manifest at once."""
        with self.turn(key):
            self._done[key].set()


def in_parallel(
    series: list[str],
    run: Callable[[str, argparse.Namespace, Registry], Outcome],
    args: argparse.Namespace,
    registry: Registry,
    console: Console,
) -> list[Outcome]:
    """``run`` for each series, PARALLEL at a time (each within its own deadlines); ``run`` saves in
    its turn (``args.turns``)."""
    args.turns = InOrder(series)

    def one(series_id: str) -> Outcome:
        try:
            return run(series_id, args, registry)
        except Exception as exc:  # a bug in a parser must not end the run: this series fails alone
            message = f"unexpected {type(exc).__name__}: {exc}; please report it"
            return Outcome(series_id, error=f"{series_id}: {message} ({source_label(series_id)})")
        finally:
            args.turns.finish(series_id)

    outcomes = []
    status = console.status(f"fetching {len(series)} series, {PARALLEL} at a time…")
    with status, ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        for series_id, future in [(s, pool.submit(one, s)) for s in series]:
            outcome = future.result()
            mark = "[red]✗[/red]" if outcome.error else "[green]✓[/green]"
            changes = "failed" if outcome.error else escape(outcome.changes)
            console.print(f"{mark} {series_id}: {changes}")
            outcomes.append(outcome)
    return outcomes
