"""``python -m claims`` is read-only: it leaves data/ byte-identical unless ``--save`` is given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fetch_helpers import ROOT, tree_hashes

from commands.claims import main


@pytest.mark.parametrize(
    "argv", [[], ["-v"], ["--json"], ["--as-of", "2022-06-30"]], ids=["table", "verbose", "json", "as-of"]
)
def test_a_check_leaves_the_data_folder_byte_identical(argv, snapshot: Path, capsys) -> None:
    before = tree_hashes(snapshot)
    assert main([*argv, "--data-dir", str(snapshot)]) == 0
    assert capsys.readouterr().out
    assert tree_hashes(snapshot) == before


def test_the_command_as_typed_writes_nothing(snapshot: Path) -> None:
    """`python -m claims` in a shell, on the data folder it finds by default (here: a copy of data/)."""
    before = tree_hashes(snapshot)
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(snapshot)}
    done = subprocess.run(
        [sys.executable, "-m", "claims"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert tree_hashes(snapshot) == before
    assert not (snapshot / "verdicts.json").exists()


def test_save_stores_the_verdicts_for_the_next_run(snapshot: Path, capsys) -> None:
    assert main(["--json", "--save", "--data-dir", str(snapshot)]) == 0
    shown = json.loads(capsys.readouterr().out)["verdicts"]
    (stored,) = json.loads((snapshot / "verdicts.json").read_text(encoding="utf-8"))["files"].values()
    assert set(stored["verdicts"]) == {v["id"] for v in shown}
    before = tree_hashes(snapshot)
    assert main(["--json", "--data-dir", str(snapshot)]) == 0  # compared with, not rewritten
    assert tree_hashes(snapshot) == before
