"""No file is deleted because the manifest does not list it, and a lost manifest is never silently
replaced: a vintage whose entry was lost is kept through the next fetch, named by the summary and by
``python -m fetch --check``, and listed again from its own content by ``--relist``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fetch_helpers import FIXTURES, ROOT, tree_hashes

from commands.fetch import main
from registry.catalogue import current
from store.files import read_vintage
from store.folder import unlisted
from store.integrity import check_folder

BIRTHS = FIXTURES / "owid/number-of-births-per-year.csv"
IMPORT = ["births", "--from", str(BIRTHS), "--released", "2025-01-01", "--accept-shrink"]


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def test_a_lost_entry_loses_no_vintage(snapshot, capsys):
    manifest = _manifest(snapshot)
    lost = manifest["series"].pop("births")
    (snapshot / "manifest.json").write_text(json.dumps(manifest))
    kept = {v["file"]: (snapshot / v["file"]).read_bytes() for v in lost["vintages"]}
    assert len(kept) >= 2

    assert main([*IMPORT, "--data-dir", str(snapshot)]) == 0  # the next import of that series
    out = " ".join(capsys.readouterr().out.split())
    assert all((snapshot / relpath).read_bytes() == content for relpath, content in kept.items())
    assert "are not listed in the manifest" in out and "they were kept" in out and "--relist" in out
    assert set(kept) <= set(unlisted(snapshot))

    assert main(["--check", "--data-dir", str(snapshot)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert all(relpath in out for relpath in kept)

    assert main(["--relist", "--data-dir", str(snapshot)]) == 0
    entry = _manifest(snapshot)["series"]["births"]
    relisted = {v["file"]: v for v in entry["vintages"] if v["method"] == "relisted"}
    assert set(relisted) == set(kept) - {v["file"] for v in entry["vintages"] if v["method"] != "relisted"}
    for vintage in relisted.values():
        assert vintage["released"] == "" and "re-listed" in vintage["label"]
        before = next(v for v in lost["vintages"] if v["file"] == vintage["file"])
        assert vintage["sha256"] == before["sha256"] and vintage["rows"] == before["rows"]
        assert len(read_vintage(snapshot, current().info("births"), vintage)) == before["rows"]
    assert entry["released"] == "2025-01-01"  # the dated import stays current over undated vintages
    assert unlisted(snapshot) == [] and check_folder(snapshot) == []
    assert main(["--check", "--data-dir", str(snapshot)]) == 0


def test_a_deleted_manifest_is_refused_then_rebuilt_from_the_files(snapshot, capsys):
    (snapshot / "manifest.json").unlink()
    before = tree_hashes(snapshot)
    assert main([*IMPORT, "--data-dir", str(snapshot)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "manifest.json is missing but the folder holds" in out and "nothing was written" in out
    assert "--relist" in out and tree_hashes(snapshot) == before

    assert main(["--relist", "--data-dir", str(snapshot)]) == 0
    manifest = _manifest(snapshot)
    assert set(manifest["series"]) == set(current())
    for series_id, entry in manifest["series"].items():
        assert all(v["released"] == "" for v in entry["vintages"])
        assert entry["sha256"] == before[f"{series_id}.csv"]  # the current file stays current
    described = ("manifest.json", "datapackage.json")  # rewritten; every data file as it was
    assert {k: v for k, v in tree_hashes(snapshot).items() if k not in described} == {
        k: v for k, v in before.items() if k not in described
    }
    assert unlisted(snapshot) == []
    assert main([*IMPORT, "--data-dir", str(snapshot)]) == 0  # a rebuilt manifest takes fetches again


def _read_only_run(args: list[str]) -> subprocess.CompletedProcess:
    """A command run without the capability to override file modes: root then meets read-only
    folders as any user does (``setpriv`` drops CAP_DAC_OVERRIDE from its bounding set)."""
    return subprocess.run(
        ["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)")
def test_a_read_only_folder_is_never_written_and_says_so(snapshot):
    for path in [snapshot, *snapshot.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = tree_hashes(snapshot)
    try:
        fetching = _read_only_run(["-m", "fetch", *IMPORT, "--data-dir", str(snapshot)])
        judging = _read_only_run(["-m", "claims", "--save", "--data-dir", str(snapshot)])
        checking = _read_only_run(["-m", "fetch", "--check", "--data-dir", str(snapshot)])
    finally:
        for path in [snapshot, *snapshot.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    for done in (fetching, judging, checking):
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert fetching.returncode == 1
    assert f"{snapshot} is read-only, so nothing was written into it" in " ".join(fetching.stdout.split())
    said = " ".join(judging.stderr.split())
    assert judging.returncode == 0 and "Not saved:" in said and "is read-only" in said
    assert "pay-gap-about-30" in judging.stdout  # the verdicts are still shown
    assert checking.returncode == 0, checking.stdout
    assert tree_hashes(snapshot) == before
