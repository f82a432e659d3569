"""Shared pytest set-up. Keep this generic: area-specific helpers live in their own modules."""

from __future__ import annotations

import sys
from pathlib import Path

# Tests live in folders named after the packages they test (tests/store/test_save.py tests
# store/save.py) and are imported by path (--import-mode=importlib), so those folders never shadow
# the packages. The project comes first on sys.path, then the shared helpers of tests/.
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
for folder in (TESTS, ROOT):  # ROOT ends up first
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# Fixtures for the fetch tests (local publisher server, snapshot copies, the raw publisher files).
from fetch_helpers import publishers, raw_dir, session, snapshot  # noqa: E402, F401

# The static site, built once per session (tests/publish/ and the browser tests of it).
from site_fixture import built_site  # noqa: E402, F401
