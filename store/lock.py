"""One writer at a time: an exclusive lock on the data folder, saying who holds it when busy.

The lock is ``filelock``'s (an OS lock, released by the kernel if the holder dies, so it is never
stale). It lives beside the folder (``.data.lock`` for ``data/``) so the folder itself stays
byte-identical; the holder's pid, host, start time and command go in ``.data.lock.json``.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_WAIT = float(os.environ.get("FETCH_LOCK_WAIT", "60"))  # seconds a second run waits


class DataLockedError(Exception):
    """Another run holds the data folder's lock."""


def lock_paths(data_dir: Path) -> tuple[Path, Path]:
    data_dir = Path(data_dir).resolve()
    base = data_dir.parent / f".{data_dir.name}.lock"
    return base, base.with_name(base.name + ".json")


def _holder(info: Path) -> str:
    try:
        who = json.loads(info.read_text(encoding="utf-8"))
        return f"pid {who['pid']} on {who['host']}, running since {who['started']}: `{who['command']}`"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that has not said who it is (it may be starting or ending)"


def writer_active(data_dir: Path) -> bool:
    """Whether a run holds the folder's lock now (a reader's question: it never waits). A lock that
    cannot even be opened (a read-only parent folder) has no writer either."""
    lock_file, _ = lock_paths(data_dir)
    if not lock_file.exists():
        return False
    lock = FileLock(str(lock_file), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False


@contextmanager
def data_lock(data_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the data folder's lock; DataLockedError after ``wait`` seconds naming the holder."""
    wait = LOCK_WAIT if wait is None else wait
    lock_file, info = lock_paths(data_dir)
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_file), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise DataLockedError(
            f"{Path(data_dir)} is being written by another run ({_holder(info)}); waited {wait:g}s. "
            f"Try again when it ends (lock file: {lock_file})."
        ) from None
    except OSError as exc:  # e.g. a read-only parent folder
        raise DataLockedError(f"cannot lock {Path(data_dir)}: {lock_file}: {exc}") from exc
    try:
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "command": " ".join(sys.orig_argv),
        }
        try:
            info.write_text(json.dumps(record), encoding="utf-8")
        except OSError as exc:  # a full disk, most likely: nothing else would be written either
            raise DataLockedError(
                f"cannot record who holds the lock of {Path(data_dir)} in {info} "
                f"({exc.strerror or exc}); nothing was written"
            ) from exc
        yield
    finally:
        try:
            info.unlink(missing_ok=True)
        finally:
            lock.release()
