"""Shared pytest set-up. Keep this generic: area-specific helpers live in their own modules."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # so a bare `pytest` imports the project like `python -m pytest`
    sys.path.insert(0, str(ROOT))

# Fixtures for the fetch tests (local publisher server, snapshot copies, the raw publisher files).
from fetch_helpers import publishers, raw_dir, session, snapshot  # noqa: E402, F401
