"""One writer at a time: two real ``python -m fetch`` processes on one data folder lose no vintage, and a
run that cannot get the lock in time says who holds it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from fetch_helpers import ROOT

from store.integrity import check_folder
from store.lock import data_lock, lock_paths

ROUNDS = 3
# ``python -m fetch`` with the manifest write one second late: a read-modify-write of the manifest
# then spans a second, so two runs would overlap (and lose a vintage) if nothing kept them apart.
SLOW_WRITER = (
    "import sys, time, store.files as store; write = store.write_manifest; "
    "store.write_manifest = lambda *a: (time.sleep(1), write(*a)); "
    "from commands.fetch import main; sys.exit(main(sys.argv[1:]))"
)


def _start(server, data_dir, *series: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, *series, "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, **server.base_urls(), **env, "PYTHONPATH": str(ROOT), "COLUMNS": "300"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_runs_at_once_lose_no_vintage(publishers, tmp_path):
    for round_ in range(ROUNDS):
        data_dir = tmp_path / f"round-{round_}"
        runs = [_start(publishers, data_dir, "births"), _start(publishers, data_dir, "fertility_rate")]
        outputs = [run.communicate(timeout=300)[0] for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        manifest = json.loads((data_dir / "manifest.json").read_text())
        assert sorted(manifest["series"]) == ["births", "fertility_rate"], f"round {round_}: {outputs}"
        assert all(len(entry["vintages"]) == 1 for entry in manifest["series"].values())
        assert check_folder(data_dir, ["births", "fertility_rate"]) == []
        assert not lock_paths(data_dir)[1].exists()  # the holder's note goes with the lock


def test_a_second_run_waits_then_names_the_holder(publishers, tmp_path):
    data_dir = tmp_path / "data"
    with data_lock(data_dir):
        run = _start(publishers, data_dir, "births", FETCH_LOCK_WAIT="1")
        out = " ".join(run.communicate(timeout=120)[0].split())
    assert run.returncode == 1
    assert f"is being written by another run (pid {os.getpid()} on {socket.gethostname()}" in out
    assert "running since 20" in out and "waited 1s" in out
    assert "Traceback" not in out
    assert not (data_dir / "births.csv").exists()
    run = _start(publishers, data_dir, "births")  # once released, the next run proceeds
    assert run.wait(timeout=120) == 0


def test_a_full_disk_while_taking_the_lock_is_a_message(tmp_path, capsys):
    """The holder's record is the first thing a run writes: on a full disk (its file a link to
    /dev/full, which answers every write with ENOSPC) the run says so and writes nothing."""
    from commands.fetch import main

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    folder = tmp_path / "data"
    folder.mkdir()
    _, info = lock_paths(folder)
    info.symlink_to("/dev/full")
    assert main(["births", "--data-dir", str(folder)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "cannot record who holds the lock" in out and "No space left on device" in out
    assert list(folder.iterdir()) == []
