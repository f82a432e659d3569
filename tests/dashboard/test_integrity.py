"""The app says so when data/ does not match its manifest, and never shows a traceback for it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import app_harness
import pytest
from streamlit.testing.v1 import AppTest

import dashboard.integrity

HEADLINE = "The data folder does not match its manifest"


def open_app(page: str | None = None, params: dict[str, str] | None = None) -> AppTest:
    at = app_harness.open_app(page, params)
    assert not at.exception, [e.message for e in at.exception]
    return at


def as_shown(markdown: str) -> str:
    """The text a reader sees: data-derived text is escaped for Markdown, and URLs kept unlinked by a
    zero-width space (dashboard.markup.plain)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


def notice(at: AppTest) -> str:
    return "\n".join(as_shown(w.value) for w in at.warning if HEADLINE in w.value)


def _manifest(data_dir: Path) -> dict:
    return json.loads((data_dir / "manifest.json").read_text())


def test_consistent_folder_shows_no_notice(data_dir: Path) -> None:
    assert notice(open_app()) == ""


def test_a_current_file_that_differs_from_the_manifest_is_named(data_dir: Path) -> None:
    path = data_dir / "births.csv"
    path.write_bytes(path.read_bytes().replace(b",KOR,", b",KOR,", 1).replace(b"\n", b"\r\n", 1))
    text = notice(open_app("births"))
    assert "births: births.csv differs from the file the manifest describes" in text
    assert "truncated" not in text


def test_a_truncated_csv_is_called_so(data_dir: Path) -> None:
    path = data_dir / "pay_gap.csv"
    content = path.read_bytes()
    path.write_bytes(content[: content.index(b"\n", len(content) // 2) + 1])  # whole lines: still parses
    rows = content[: content.index(b"\n", len(content) // 2) + 1].count(b"\n") - 1
    at = open_app("pay_gap")
    expected = _manifest(data_dir)["series"]["pay_gap"]["rows"]
    assert f"pay_gap.csv differs from the file the manifest describes ({rows:,} rows, " in notice(at)
    assert f"the manifest says {expected:,}: truncated?)" in notice(at)


def test_a_csv_cut_mid_line_gives_readable_messages(data_dir: Path) -> None:
    path = data_dir / "pay_gap.csv"
    path.write_bytes(path.read_bytes()[:-7])
    at = open_app("pay_gap")
    assert "pay_gap.csv differs" in notice(at)


def test_a_missing_manifest_is_said_on_every_page(data_dir: Path) -> None:
    (data_dir / "manifest.json").unlink()
    for page in (None, "pay_gap", "sources"):
        assert "manifest.json is missing: no series can be traced to its source" in notice(open_app(page))


@pytest.mark.parametrize("damage", [b"{", b""], ids=["invalid JSON", "empty"])
def test_a_damaged_data_package_is_said_like_a_damaged_manifest(data_dir: Path, damage: bytes) -> None:
    at = open_app("sources")
    assert notice(at) == ""
    (data_dir / "datapackage.json").write_bytes(damage)  # the cached check re-runs: the file changed
    at.run()
    text = notice(at)
    assert f"{data_dir / 'datapackage.json'} is not valid" in text
    assert "Rewrite it with `python -m fetch package`" in text


def test_an_incomplete_manifest_is_said(data_dir: Path) -> None:
    manifest = _manifest(data_dir)
    del manifest["series"]["lfp_male"]["sha256"]
    del manifest["series"]["fertility_rate"]
    (data_dir / "manifest.json").write_text(json.dumps(manifest))
    text = notice(open_app("work"))
    assert "lfp_male: the manifest entry is incomplete (no sha256)" in text
    assert "fertility_rate: fertility_rate.csv is not described in the manifest" in text


def _drop_released(data_dir: Path) -> None:
    manifest = _manifest(data_dir)
    for entry in manifest["series"].values():
        entry.pop("released", None)
        for vintage in entry["vintages"]:
            vintage.pop("released", None)
    (data_dir / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("page", "params"),
    [(None, None), ("sources", None), (None, {"present": "1"})],
    ids=["claims", "data and sources", "presentation"],
)
def test_vintages_without_released_never_raise(data_dir: Path, page, params) -> None:
    _drop_released(data_dir)
    at = open_app(page, params)  # asserts no exception
    assert "the manifest entry is incomplete (no released)" in notice(at)


def test_the_check_is_cached_not_run_on_every_rerun(data_dir: Path, monkeypatch) -> None:
    calls = []
    real = dashboard.integrity.check_folder
    monkeypatch.setattr(dashboard.integrity, "check_folder", lambda d: calls.append(d) or real(d))
    at = open_app()
    at.run()
    at.run()
    assert len(calls) == 1
    (data_dir / "births.csv").write_bytes(b"country_code,country,year,value\n")
    at.run()
    assert len(calls) == 2 and "births.csv differs" in notice(at)


IMAGE = "![x](https://example.com/track.png)"


@pytest.mark.parametrize("page", ["pay_gap", "compare", "sources", "explore"])
def test_data_text_quoted_in_an_error_is_shown_as_typed(data_dir: Path, page: str) -> None:
    """A bad country code is quoted back in the file's error; it was Markdown the browser rendered."""
    path = data_dir / "pay_gap.csv"
    path.write_text(path.read_text().replace("JPN,", f"{IMAGE},", 1))
    params = {"series": "pay_gap"} if page == "explore" else None
    at = open_app(page, params)
    shown = [e.value for e in [*at.error, *at.warning, *at.caption] if "example.com" in e.value]
    assert shown and not [s for s in shown if re.search(r"(?<!\\)(!\[|\]\()", s)], shown
    assert any(IMAGE in as_shown(s) for s in shown)


@pytest.mark.parametrize("page", [None, "pay_gap", "explore"])
def test_a_country_name_edited_in_a_data_file_never_reaches_a_chart(data_dir: Path, page: str | None) -> None:
    """Plotly draws names as pseudo-HTML: a name with <a href> in the file became a link on the chart."""
    hostile = "=cmd|' /C calc'!A0 <a href=https://example.com>Japan</a>"
    for name in ("pay_gap.csv", "fertility_rate.csv"):
        path = data_dir / name
        path.write_text(path.read_text().replace(",Japan,", f',"{hostile}",'))
    at = open_app(page, {"series": "pay_gap"} if page == "explore" else None)
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert specs and not [s for s in specs if "href" in s or "calc" in s]
    assert any("Japan" in s for s in specs)  # the country table's name, from the code JPN


def _entry(data_dir: Path, change) -> None:
    manifest = _manifest(data_dir)
    change(manifest["series"]["births"])
    (data_dir / "manifest.json").write_text(json.dumps(manifest))


def _series_is_a_folder(data_dir: Path) -> None:
    (data_dir / "births.csv").unlink()
    (data_dir / "births.csv").mkdir()


def _vintage_linked_out(data_dir: Path) -> None:
    vintage = next((data_dir / "vintages" / "births").iterdir())
    outside = data_dir.parent / "outside.csv"
    outside.write_bytes(vintage.read_bytes())
    vintage.unlink()
    vintage.symlink_to(outside)


def _folder_is_a_file(data_dir: Path) -> None:
    import shutil

    shutil.rmtree(data_dir)
    data_dir.write_text("not a folder")


DAMAGED = {
    "sha256 a number": (
        lambda d: _entry(d, lambda e: e["vintages"][0].update(sha256=123)),
        "expected text, got 123",
    ),
    "vintage file a list": (
        lambda d: _entry(d, lambda e: e["vintages"][0].update(file=["x"])),
        "file: expected text",
    ),
    "vintages an object": (lambda d: _entry(d, lambda e: e.update(vintages={})), "vintages: expected a list"),
    "rows as text": (lambda d: _entry(d, lambda e: e.update(rows="12")), "rows: expected a whole number"),
    "series file a folder": (_series_is_a_folder, "births.csv is a folder"),
    "vintage linked out": (_vintage_linked_out, "leads out of the data folder"),
    "data folder a file": (_folder_is_a_file, "is not a folder"),
}


@pytest.mark.parametrize("page", [None, "births", "sources"], ids=["claims", "births", "data and sources"])
@pytest.mark.parametrize("shape", list(DAMAGED))
def test_a_damaged_folder_is_a_message_on_every_page(data_dir: Path, shape: str, page: str | None) -> None:
    damage, said = DAMAGED[shape]
    damage(data_dir)
    at = open_app(page)  # asserts no exception
    shown = "\n".join(as_shown(e.value) for e in [*at.warning, *at.error, *at.info])
    assert said in shown, shown[:500]
