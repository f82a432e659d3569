"""The app's read path sees one committed state: replayed while fetches commit, every page load gets
the rows of the manifest entry it shows beside them, and the page's warning stays silent about a
healthy save in progress."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from dashboard_fixture import build

import dashboard.data
import dashboard.integrity
import store.files
from registry.catalogue import series_info
from store.files import serialise, sha256_bytes
from store.frame import tidy_frame
from store.lock import data_lock
from store.manifest import Provenance
from store.save import save_series

COMMITS = 15


def _frame(commit: int) -> pd.DataFrame:
    rows = [
        {"country_code": code, "year": year, "value": 900_000.0 - 1000 * index + commit}
        for index, code in enumerate(["KOR", "JPN", "USA", "DEU", "FRA"])
        for year in range(1990, 2020 + commit)
    ]
    return tidy_frame(pd.DataFrame(rows))


def _provenance(commit: int) -> Provenance:
    day = f"2026-02-{commit + 1:02d}"
    return Provenance("api", f"{day}T00:00:00Z", day, "test", vintage_label=f"release {commit}")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build(tmp_path / "data")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_page_loads_interleaved_with_commits_see_one_committed_state(data_dir: Path, monkeypatch) -> None:
    info = series_info("births")
    real = store.files.commit_rename

    def slow_rename(source, target):  # widen each window between two writes of a save
        if threading.current_thread() is writer:
            time.sleep(0.05)
        real(source, target)

    monkeypatch.setattr(store.files, "commit_rename", slow_rename)
    read_data_file = store.files.read_data_file

    def slow_read(folder, path):  # and the reader's window between the entry and the rows it reads
        if threading.current_thread() is not writer and Path(path).name.endswith("births.csv"):
            time.sleep(0.3)  # longer than a save's renames: a whole commit may fall inside it
        return read_data_file(folder, path)

    monkeypatch.setattr(store.files, "read_data_file", slow_read)
    done = threading.Event()

    def fetches() -> None:
        with data_lock(data_dir):
            for commit in range(1, COMMITS + 1):
                save_series(data_dir, info, _frame(commit), _provenance(commit))
        done.set()

    writer = threading.Thread(target=fetches)
    writer.start()
    loads, seen, warnings = 0, set(), []
    while not done.is_set():
        series = dashboard.data.load_series("births")
        shown = sha256_bytes(serialise(series.frame))
        assert shown == series.meta["sha256"], f"load {loads}: rows of another release than the entry"
        seen.add(shown)
        warnings += dashboard.integrity.data_problems()
        loads += 1
    writer.join()
    assert loads >= 3 and len(seen) >= 2, (loads, len(seen))
    assert warnings == [], warnings[:3]
    print(f"{loads} page loads over {COMMITS} commits: every one consistent, no warning")
