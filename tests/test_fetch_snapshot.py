"""The shipped snapshot is reproducible: every imported vintage in data/ is what this project's own
importers make of the publisher's file named in the manifest, byte for byte.

Needs the publishers' raw files (../shared/data/raw); skipped without them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fetch_helpers import SHIPPED_DATA

from fetch.oecd import _time_use_sex
from fetch.sources import importer_for
from fetch.time_use_releases import read_releases, release_fetched
from tidy.history import current_file
from tidy.store import current_vintage, serialise

MANIFEST = json.loads((SHIPPED_DATA / "manifest.json").read_text(encoding="utf-8"))
IMPORTED = [
    (series_id, vintage)
    for series_id, entry in MANIFEST["series"].items()
    for vintage in entry["vintages"]
    if vintage["method"] == "import"
]


def _find(raw: Path, name: str) -> Path:
    found = sorted(raw.rglob(name))
    if not found:  # e.g. a newer public copy kept elsewhere; the test says so instead of passing
        pytest.skip(f"{name} (named in data/manifest.json) is not in {raw}")
    return found[0]


@pytest.mark.parametrize(
    ("series_id", "vintage"), IMPORTED, ids=[f"{s}-{v['sha256'][:8]}" for s, v in IMPORTED]
)
def test_imported_vintage_is_reproducible(raw_dir: Path, series_id, vintage):
    source = vintage["source_file"]
    path = _find(raw_dir, source["file"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == source["sha256"]  # the very file imported
    companions = [_find(raw_dir, companion["file"]) for companion in source.get("companions", [])]
    for companion, recorded in zip(companions, source.get("companions", []), strict=True):
        assert hashlib.sha256(companion.read_bytes()).hexdigest() == recorded["sha256"]
    paths = [path, *companions]

    if "sheet" in source:  # an archive sheet of the OECD Time Use workbook (fetch.time_use_releases)
        origin = "{repository}:{path}@{commit}".format(**source)
        [release] = [r for r in read_releases(path)[0] if r.sheet == source["sheet"]]
        assert release.update.released.isoformat() == vintage["released"]
        frame = release_fetched(release, series_id, _time_use_sex(series_id), path, origin).frame
    else:
        frame, _ = importer_for(series_id, paths).import_files(series_id, paths)
    frame = frame[frame["year"] <= int(vintage["released"][:4])]  # a release holds no later year

    content = serialise(frame)
    assert hashlib.sha256(content).hexdigest() == vintage["sha256"]
    assert (SHIPPED_DATA / vintage["file"]).read_bytes() == content


def test_current_files_are_the_current_vintages():
    """Each data/<series>.csv is its current vintage, or that vintage with the earlier years of a long
    history spliced in from older vintages (recomputed here)."""
    for series_id, entry in MANIFEST["series"].items():
        content = (SHIPPED_DATA / f"{series_id}.csv").read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], series_id
        current = current_vintage(entry)
        expected, overrides = current_file(SHIPPED_DATA, series_id, current, entry["vintages"], {})
        assert content == expected, series_id
        if "history" in entry:
            assert overrides["history"] == entry["history"] and entry["current_vintage"] == current["sha256"]
        else:
            assert entry["sha256"] == current["sha256"], series_id
