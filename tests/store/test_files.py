"""Readers see one committed state: reads interleaved with commits always return the rows of the
manifest entry read with them, and the integrity check (the app's warning) says nothing about a
healthy save in progress, while a real difference is still named."""

from __future__ import annotations

import itertools
import json
import threading
import time

import pandas as pd

import store.files
import store.integrity
from registry.catalogue import series_info
from store.files import read_snapshot, serialise, sha256_bytes
from store.frame import tidy_frame
from store.integrity import check_folder
from store.lock import data_lock
from store.manifest import Provenance
from store.save import save_series

INFO = series_info("births")
COMMITS = 10


def _frame(commit: int) -> pd.DataFrame:
    rows = [
        {"country_code": code, "year": year, "value": 1000.0 * (index + 1) + commit}
        for index, code in enumerate(["KOR", "JPN", "FRA", "DEU"])
        for year in range(1990, 2020 + commit)
    ]
    return tidy_frame(pd.DataFrame(rows))


def _provenance(commit: int) -> Provenance:
    day = f"2020-01-{commit + 1:02d}"
    return Provenance("import", f"{day}T00:00:00Z", day, "test", vintage_label=f"release {commit}")


def test_reads_interleaved_with_commits_see_one_committed_state(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    save_series(folder, INFO, _frame(0), _provenance(0))
    real = store.files.commit_rename

    def slow_rename(source, target):  # widen every window between two writes of a save
        if threading.current_thread() is writer:
            time.sleep(0.05)
        real(source, target)

    monkeypatch.setattr(store.files, "commit_rename", slow_rename)
    read_manifest = store.files.read_manifest

    def slow_read(data_dir):  # and the reader's window between the entry and the file
        manifest = read_manifest(data_dir)
        if threading.current_thread() is not writer:
            time.sleep(0.01)
        return manifest

    monkeypatch.setattr(store.files, "read_manifest", slow_read)
    done = threading.Event()

    def fetches() -> None:
        with data_lock(folder):  # as a run holds it
            for commit in range(1, COMMITS + 1):
                save_series(folder, INFO, _frame(commit), _provenance(commit))
        done.set()

    writer = threading.Thread(target=fetches)
    writer.start()
    reads, seen, warnings = 0, set(), []
    while not done.is_set():
        frame, entry = read_snapshot(folder, INFO)
        assert sha256_bytes(serialise(frame)) == entry["sha256"], f"read {reads}: rows of another vintage"
        seen.add(entry["sha256"])
        warnings += check_folder(folder, ["births"])
        reads += 1
    writer.join()
    assert reads >= 50 and len(seen) >= COMMITS // 2, (reads, len(seen))
    assert warnings == [], warnings[:3]
    print(f"{reads} reads over {COMMITS} commits: every one consistent, no warning")


def test_a_real_difference_is_still_named(tmp_path):
    folder = tmp_path / "data"
    save_series(folder, INFO, _frame(0), _provenance(0))
    (folder / "births.csv").write_bytes(serialise(_frame(3)))  # edited by hand
    frame, entry = read_snapshot(folder, INFO)
    assert sha256_bytes(serialise(frame)) != entry["sha256"]  # read as it is
    assert any("differs from the file the manifest describes" in p for p in check_folder(folder, ["births"]))
    (folder / ".births.csv.0123456789abcdef.pending").write_bytes(b"left by a killed run")
    assert any("leftover file(s) of an interrupted fetch" in p for p in check_folder(folder, ["births"]))


def test_saves_committing_through_every_repeat_hide_only_what_they_explain(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    save_series(folder, INFO, _frame(0), _provenance(0))
    (folder / "births.csv").write_bytes(serialise(_frame(3)))  # edited by hand
    stamps = itertools.count()
    monkeypatch.setattr(store.integrity, "manifest_stamp", lambda _: next(stamps))  # a new manifest each look
    steady = check_folder(folder, ["births"])  # its entry stays as read: a commit cannot explain it
    assert any("differs from the file the manifest describes" in p for p in steady), steady
    moved = json.loads((folder / "manifest.json").read_text())
    moved["series"]["births"]["sha256"] = "0" * 64
    monkeypatch.setattr(store.integrity, "_manifest_or_none", lambda _: moved)  # a save replaced the entry
    assert check_folder(folder, ["births"]) == []
