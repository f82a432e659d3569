"""Consistent after any crash: a process killed between any two writes of a save leaves, once the next
run has recovered the folder, exactly the old or exactly the new state, and a re-run works.

The kill is deterministic: a forked child saves with ``store.files.commit_rename`` (the rename every
write ends with) replaced by ``os._exit`` just before or just after its k-th call, for every k. A
kill before a rename leaves that write's temporary file behind, as a real kill would.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from fetch_helpers import FIXTURES, tree_hashes

import store.files
from registry.catalogue import series_info
from store.files import read_series, serialise
from store.frame import tidy_frame
from store.integrity import check_folder
from store.manifest import Provenance, read_manifest
from store.recovery import recover
from store.save import save_series


def frame(years: range, scale: float = 1.0) -> pd.DataFrame:
    rows = [
        {"country_code": code, "year": year, "value": (index + 1) * 10 * scale + (year - 1990) * 0.5}
        for index, code in enumerate(["KOR", "JPN", "FRA"])
        for year in years
    ]
    return tidy_frame(pd.DataFrame(rows))


def provenance(released: str) -> Provenance:
    return Provenance(
        "import", f"{released}T00:00:00Z", released, "test", vintage_label=f"release {released}"
    )


OLD, NEW = frame(range(2000, 2020)), frame(range(2000, 2022), scale=1.01)
DERIVED = frame(range(1990, 2022))  # a current file computed from several vintages (pay-gap history)

SCENARIOS = {
    "new release becomes current": dict(frame=NEW, provenance=provenance("2025-01-01")),
    "older release kept as a vintage": dict(frame=NEW, provenance=provenance("2001-01-01")),
    "derived current file": dict(
        frame=NEW, provenance=provenance("2025-01-01"), current=DERIVED, derived="joined vintages"
    ),
}


def _base(folder: Path) -> Path:
    save_series(folder, series_info("births"), OLD, provenance("2024-01-01"))
    save_series(folder, series_info("pay_gap"), frame(range(2010, 2020)), provenance("2024-01-01"))
    return folder


def _renames(folder: Path, save: dict, monkeypatch) -> int:
    calls = []
    real = store.files.commit_rename
    monkeypatch.setattr(store.files, "commit_rename", lambda a, b: (calls.append(b), real(a, b)))
    save_series(folder, series_info("births"), **save)
    monkeypatch.setattr(store.files, "commit_rename", real)
    return len(calls)


def _crash_child(folder: Path, save: dict, k: int, after: bool) -> None:
    """Fork; the child saves and dies at the k-th rename (before it, or just after it)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            real, count = store.files.commit_rename, [0]

            def dying(source, target):
                count[0] += 1
                if count[0] == k and not after:
                    os._exit(9)
                real(source, target)
                if count[0] == k and after:
                    os._exit(9)

            store.files.commit_rename = dying
            save_series(folder, series_info("births"), **save)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) in (9, 0)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_kill_between_any_two_writes_leaves_the_old_or_the_new_state(scenario, tmp_path, monkeypatch):
    save = SCENARIOS[scenario]
    old_dir = _base(tmp_path / "old")
    old = tree_hashes(old_dir)
    new_dir = tmp_path / "new"
    shutil.copytree(old_dir, new_dir)
    writes = _renames(new_dir, save, monkeypatch)
    new = tree_hashes(new_dir)
    assert new != old and writes >= 2

    outcomes = []
    for k in range(1, writes + 1):
        for after in (False, True):
            folder = tmp_path / f"crash-{k}-{after}"
            shutil.copytree(old_dir, folder)
            _crash_child(folder, save, k, after)
            # Before any recovery, readers already see one whole state: the manifest's.
            entry = read_manifest(folder)["series"]["births"]
            assert (
                hashlib.sha256(serialise(read_series(folder, series_info("births")))).hexdigest()
                == entry["sha256"]
            )
            recover(folder)
            state = tree_hashes(folder)
            assert state in (old, new), f"kill {'after' if after else 'before'} write {k} of {writes}"
            assert check_folder(folder) == []
            outcomes.append("new" if state == new else "old")
            save_series(folder, series_info("births"), **save)  # the re-run
            assert tree_hashes(folder) == new
            read_series(folder, series_info("births"))
    assert outcomes[0] == "old" and outcomes[-1] == "new"  # the manifest write is the commit point


def test_a_fetch_run_cleans_up_stale_temporary_files(tmp_path, capsys):
    from commands.fetch import main

    folder = _base(tmp_path / "data")
    before = tree_hashes(folder)
    (folder / ".births.csv.abc123.tmp").write_bytes(b"half a file")
    (folder / "vintages" / "births" / ".0123456789abcdef.csv.x.tmp").write_bytes(b"half")
    (folder / ".births.csv.0123456789abcdef.pending").write_bytes(b"uncommitted")
    assert check_folder(folder)[-1].startswith("3 leftover file(s) of an interrupted fetch")

    assert main(["--data-dir", str(folder), "unknown_series_so_nothing_is_fetched"]) == 2
    assert main(["births", "--from", str(tmp_path / "absent.csv"), "--data-dir", str(folder)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "removed 3 leftover file(s) of an interrupted run" in out
    assert tree_hashes(folder) == before


def test_a_symlinked_vintages_folder_is_never_followed_out(tmp_path, capsys):
    """Recovery and saves resolve paths: files behind a link out of the folder are neither removed
    nor written, whatever their names (debris-like or vintage-like), and the link is named."""
    from commands.fetch import main

    folder = _base(tmp_path / "data")
    outside = tmp_path / "elsewhere"
    (folder / "vintages" / "births").rename(outside)
    (folder / "vintages" / "births").symlink_to(outside, target_is_directory=True)
    for name in (".0123456789abcdef.csv.0123456789abcdef.pending", ".half.csv.x.tmp", "fedcba9876543210.csv"):
        (outside / name).write_bytes(b"not the data folder's to touch")
    before = tree_hashes(outside)

    result = recover(folder)
    assert result.removed == [] and result.completed == []
    assert any("link out of the folder" in line for line in result.skipped)
    births = FIXTURES / "owid/number-of-births-per-year.csv"
    argv = ["births", "--from", str(births), "--released", "2025-01-01", "--accept-shrink"]
    assert main([*argv, "--data-dir", str(folder)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "leads out of the data folder" in out and "elsewhere" in out
    assert tree_hashes(outside) == before
