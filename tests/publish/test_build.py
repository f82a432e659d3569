"""The build writes only into an empty folder or an earlier site: never over a project's data/."""

from __future__ import annotations

import re
import shutil

import pytest

from publish.build import MARKER, BuildError, build
from store.files import DEFAULT_DATA_DIR


def test_a_folder_with_other_files_is_refused_and_left_as_it_was(tmp_path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BuildError, match="not empty"):
        build(tmp_path)
    assert (tmp_path / "data" / "manifest.json").read_text(encoding="utf-8") == "{}"


def test_data_that_differ_from_their_manifest_are_not_published(tmp_path, monkeypatch) -> None:
    """A newcomer's case: pay_gap.csv cut in half (mid-number) published a site that said "cannot check"."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    path = data / "pay_gap.csv"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    with pytest.raises(BuildError, match=r"differs from its manifest.*pay_gap"):
        build(tmp_path / "site")
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").iterdir())


def test_a_built_site_is_marked_so_the_next_build_may_replace_it(built_site) -> None:
    assert (built_site.root / MARKER).is_file()


def test_no_line_of_a_page_can_start_with_a_separator_dot(built_site) -> None:
    """A narrow screen may wrap "A · B" before the dot: every page keeps it with the word before it."""
    pages = sorted(built_site.root.rglob("*.html"))
    assert pages
    for page in pages:
        body = re.sub(r"<(title|script|style)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\s·", body.replace("&nbsp;·", "").replace("\u00a0·", "")), page.name
