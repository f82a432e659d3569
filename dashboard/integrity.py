"""Whether data/ is the folder its manifest describes, checked for the app once per version of the files.

Every page says so above itself (app.py), before the page runs, so it reads nothing that needs
pandas: the front page's first view does without it (dashboard/pages/claims.py).
"""

from __future__ import annotations

from pathlib import Path

from dashboard.memo import Shared
from registry.catalogue import current
from store.files import data_dir_from_env, series_path
from store.integrity import check_folder
from store.package import package_path


def stat_key(path: Path) -> tuple[int, int]:
    """A file's version for a cache key: its modification time and size."""
    try:
        stat = path.stat()
    except OSError:  # absent, or its folder is a file: the read that follows says which
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)


_PROBLEMS: Shared[list[str]] = Shared(8)


def data_problems() -> list[str]:
    """How data/ differs from its manifest (sha256, truncation, missing or incomplete entries).

    Hashed once per version of the files: the cache key is each file's modification time and size.
    """
    data_dir = data_dir_from_env()
    paths = [data_dir / "manifest.json", package_path(data_dir)]
    paths += [series_path(data_dir, s) for s in current()]
    key = (str(data_dir), *(stat_key(path) for path in paths))
    return list(_PROBLEMS.get(key, lambda: check_folder(data_dir)))
