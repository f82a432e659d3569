"""The op-ed's verdicts stored on disk once per data version (dashboard/verdict_store.py): found by a new
process, a new key when the data or the claims change, a damaged file recomputed, uploads never stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_harness import open_app

import claims.engine
import dashboard.verdicts as verdicts
from claims.loader import DEFAULT_CLAIMS
from dashboard import verdict_store

TEXT = DEFAULT_CLAIMS.read_text(encoding="utf-8")


def judged_once(data_dir: Path):
    """What a fresh server process gets: the in-memory caches empty, the disk as left."""
    verdicts._stored.clear()
    return verdicts.shared_judgement(TEXT, str(data_dir))


def stored_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def test_a_new_process_reads_the_stored_verdicts(data_dir: Path, verdict_cache: Path, monkeypatch) -> None:
    first = judged_once(data_dir)
    assert first is not None and len(stored_files(verdict_cache)) == len(verdict_store.PARTS)

    def no_judging(*args, **kwargs):
        raise AssertionError("judged again although the verdicts are stored")

    monkeypatch.setattr(claims.engine, "judge_over_time", no_judging)
    monkeypatch.setattr(verdicts, "judge_over_time", no_judging)
    again = judged_once(data_dir)
    assert [t.now.label for t in again.timed] == [t.now.label for t in first.timed]
    assert [t.now.evidence for t in again.timed] == [t.now.evidence for t in first.timed]
    assert again.charts == first.charts


def test_changed_data_or_claims_are_a_new_key(data_dir: Path) -> None:
    before = verdict_store.store_key(TEXT, data_dir)
    assert verdict_store.store_key(TEXT + "\n# edited\n", data_dir) != before
    pay_gap = data_dir / "pay_gap.csv"
    pay_gap.write_bytes(pay_gap.read_bytes())  # rewritten with the same bytes: the same key
    assert verdict_store.store_key(TEXT, data_dir) == before
    lines = pay_gap.read_text(encoding="utf-8").splitlines(keepends=True)
    pay_gap.write_text("".join(lines[:-1]), encoding="utf-8")  # a re-fetch with one row fewer
    assert verdict_store.store_key(TEXT, data_dir) != before


def test_an_edited_registry_is_a_new_key(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """A title edited in series/*.toml changes what verdicts and the deck say: a new key, on disk
    (store_key) and in memory (the app's data_key)."""
    import shutil

    from dashboard.data import data_key
    from registry.catalogue import DEFAULT_SERIES_DIR, current

    registry = tmp_path / "series"
    shutil.copytree(DEFAULT_SERIES_DIR, registry)
    monkeypatch.setenv("SERIES_DIR", str(registry))
    current(refresh=True)
    before, in_memory = verdict_store.store_key(TEXT, data_dir), data_key()
    path = registry / "pay_gap.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("title = ", "title = 'Edited' #", 1), "utf-8")
    current(refresh=True)
    assert current().info("pay_gap").title == "Edited"
    assert verdict_store.store_key(TEXT, data_dir) != before
    assert data_key() != in_memory
    monkeypatch.delenv("SERIES_DIR")
    current(refresh=True)


@pytest.mark.parametrize("part", verdict_store.PARTS)
@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_a_damaged_store_is_recomputed_without_a_traceback(
    data_dir: Path, verdict_cache: Path, damage: bytes, part: str
) -> None:
    """The front page reads the verdicts without chart data; the deck and the static site read them
    whole (judged_once): either file damaged, each reader still gets its verdicts, stored again."""
    judged_once(data_dir)
    (path,) = sorted(verdict_cache.glob(f"{part}-*.pickle"))
    path.write_bytes(damage)
    verdicts._stored.clear()
    at = open_app(None)
    assert not at.exception, [e.message for e in at.exception]
    assert any(m.value.startswith("| Claim |") for m in at.markdown)  # the verdicts at a glance
    assert judged_once(data_dir) is not None
    key = path.name.removeprefix(f"{part}-").removesuffix(".pickle")
    assert all(verdict_store.load(key, each) is not None for each in verdict_store.PARTS)


def test_the_front_page_reads_the_verdicts_without_chart_data(data_dir: Path, verdict_cache: Path) -> None:
    """Both parts hold the same verdicts and charts; only the whole one holds each test's chart data
    (the deck draws from it), so the front page's does not need pandas to be read."""
    whole = judged_once(data_dir)
    key = verdict_store.store_key(TEXT, data_dir)
    front = verdict_store.load(key, "front")
    assert front is not None and front.charts == whole.charts and front.claims == whole.claims
    assert [t.as_dict() for t in front.timed] == [t.as_dict() for t in whole.timed]
    checks = [c for t in whole.timed for c in (*t.now.checks, *t.then.checks)]
    assert any(c.chart is not None for c in checks)
    assert all(c.chart is None for t in front.timed for c in (*t.now.checks, *t.then.checks))


def test_an_upload_is_never_stored(data_dir: Path, verdict_cache: Path) -> None:
    assert verdicts.shared_judgement(TEXT + "\n# my own copy\n", str(data_dir)) is None
    assert stored_files(verdict_cache) == []


def test_an_unwritable_store_only_costs_time(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(verdict_store.CACHE_VARIABLE, str(blocker / "cache"))
    assert judged_once(data_dir) is not None
