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
from fetch.sources import adapter, importer_for
from fetch.time_use_releases import read_releases, release_fetched
from registry.catalogue import series_info
from store.files import serialise
from store.history import current_frame
from store.manifest import current_vintage

MANIFEST = json.loads((SHIPPED_DATA / "manifest.json").read_text(encoding="utf-8"))
REASSEMBLED = "reassembled from the stored repository copy"  # the manifest's note on such files


def _case(series_id: str, vintage: dict) -> object:
    """A vintage to re-import; one whose file text was reassembled (never a file among the
    publishers' raw files) is a known failure, with the manifest's own words as the reason."""
    source = vintage["source_file"]
    marks = []
    if REASSEMBLED in vintage.get("notes", ""):
        reason = f"{source['file']} ({source['repository']}:{source['path']}): {vintage['notes']}"
        marks.append(pytest.mark.xfail(reason=reason, raises=FileNotFoundError, strict=True))
    return pytest.param(series_id, vintage, marks=marks, id=f"{series_id}-{vintage['sha256'][:8]}")


IMPORTED = [
    _case(series_id, vintage)
    for series_id, entry in MANIFEST["series"].items()
    for vintage in entry["vintages"]
    if vintage["method"] == "import"
]


def _find(raw: Path, name: str) -> Path:
    found = sorted(raw.rglob(name))
    if not found:  # not kept among the raw files: a failure, unless the manifest says why (above)
        raise FileNotFoundError(f"{name} (named in data/manifest.json) is not in {raw}")
    return found[0]


@pytest.mark.parametrize(("series_id", "vintage"), IMPORTED)
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
        frame = adapter(importer_for(series_id, paths)).import_files(series_id, paths).frame
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
        spliced = current_frame(SHIPPED_DATA, series_info(series_id), current, entry["vintages"], {})
        if "history" in entry:
            assert spliced is not None, series_id
            frame, overrides = spliced
            assert content == serialise(frame), series_id
            assert overrides["history"] == entry["history"] and entry["current_vintage"] == current["sha256"]
        else:
            assert spliced is None or not series_info(series_id).long_history, series_id
            assert entry["sha256"] == current["sha256"], series_id
