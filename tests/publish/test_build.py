"""The build writes only into an empty folder or an earlier site: never over a project's data/."""

from __future__ import annotations

import pytest

from publish.build import MARKER, BuildError, build


def test_a_folder_with_other_files_is_refused_and_left_as_it_was(tmp_path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BuildError, match="not empty"):
        build(tmp_path)
    assert (tmp_path / "data" / "manifest.json").read_text(encoding="utf-8") == "{}"


def test_a_built_site_is_marked_so_the_next_build_may_replace_it(built_site) -> None:
    assert (built_site.root / MARKER).is_file()
