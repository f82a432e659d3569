"""Every damaged shape of the data folder reads as a clear message in both command lines, never a
traceback, and leaves the folder byte-identical: the manifest is checked against its schema before
any field is trusted, and files that are folders or links out of the folder are named."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fetch_helpers import FIXTURES, tree_hashes

from commands.claims import main as claims_main
from commands.fetch import main as fetch_main
from store.schema import Manifest, problem


def _entry(folder: Path, change: Callable[[dict], None]) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest["series"]["births"])
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _folder_for_a_file(folder: Path) -> None:
    (folder / "births.csv").unlink()
    (folder / "births.csv").mkdir()


def _vintage_linked_out(folder: Path) -> None:
    vintage = next((folder / "vintages" / "births").iterdir())
    outside = folder.parent / "outside.csv"
    shutil.copy(vintage, outside)
    vintage.unlink()
    vintage.symlink_to(outside)


SHAPES = {
    "sha256 a number": (
        lambda f: _entry(f, lambda e: e["vintages"][0].update(sha256=123)),
        "sha256: expected text, got 123",
    ),
    "vintage file a list": (
        lambda f: _entry(f, lambda e: e["vintages"][0].update(file=["x"])),
        "file: expected text",
    ),
    "vintages an object": (
        lambda f: _entry(f, lambda e: e.update(vintages={})),
        "vintages: expected a list, got {}",
    ),
    "rows as text": (lambda f: _entry(f, lambda e: e.update(rows="12")), "rows: expected a whole number"),
    "vintage file out of its folder": (
        lambda f: _entry(f, lambda e: e["vintages"][0].update(file="vintages/../../etc/passwd")),
        "expected a path vintages/<series>/<16 hexadecimal digits>.csv",
    ),
    "series file a folder": (_folder_for_a_file, "births.csv is a folder"),
    "vintage a link out": (_vintage_linked_out, "leads out of the data folder"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_damaged_folder_is_a_message_in_both_command_lines(shape, snapshot, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "2000")  # no table cell wraps the message (the path's length varies)
    damage, said = SHAPES[shape]
    damage(snapshot)
    before = tree_hashes(snapshot)
    outside = snapshot.parent / "outside.csv"
    outside_bytes = outside.read_bytes() if outside.exists() else None
    births = FIXTURES / "owid/number-of-births-per-year.csv"
    runs = [
        (fetch_main, ["births", "--from", str(births), "--released", "2025-01-01", "--accept-shrink"]),
        (fetch_main, ["--check"]),
        (fetch_main, ["--list"]),
        (claims_main, ["--no-save"]),
    ]
    heard = []
    for main, argv in runs:
        main([*argv, "--data-dir", str(snapshot)])  # never raises
        captured = capsys.readouterr()
        heard.append(" ".join((captured.out + captured.err).split()))
    assert said in heard[1]  # --check names it
    assert said in heard[3]  # python -m claims warns about it, or cannot read the data at all
    if shape not in ("series file a folder", "vintage a link out"):  # only the manifest is damaged
        assert said in heard[0] and said in heard[2]  # refused before anything is read or written
    if shape == "vintage a link out":  # the import may go ahead inside the folder, never through the link
        assert outside_bytes and outside.read_bytes() == outside_bytes
    elif shape == "series file a folder":  # refused; the descriptor alone is rewritten to describe
        after = tree_hashes(snapshot)  # the folder as it is (recovery's last step)
        assert {k: v for k, v in after.items() if k != "datapackage.json"} == {
            k: v for k, v in before.items() if k != "datapackage.json"
        }
    else:
        assert tree_hashes(snapshot) == before


def test_the_shipped_manifest_fits_the_schema():
    manifest = json.loads((Path(__file__).resolve().parents[2] / "data/manifest.json").read_text())
    Manifest.model_validate(manifest)


def test_a_long_value_is_shortened_in_the_message():
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Manifest.model_validate({"series": {"births": {"title": 5, "vintages": "x" * 10_000}}})
    said = problem(caught.value)
    assert len(said) < 200 and said.startswith("series 'births': title: expected text, got 5; and 1 more")
