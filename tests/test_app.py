"""A new server's first view of the front page imports only what it draws: the statistics, PDF and
data-package libraries load when something needs them (judging a correlation claim, the deck's PDF,
a fetch), not at start-up, where every viewer of a cold server would wait for them. The verdicts are
judged once per data version and stored (dashboard/verdict_store.py): the first process judges (and
needs the statistics), every later one reads them, and sends the first chart before importing
pandas (which reading a series needs)."""

from __future__ import annotations

import json
import subprocess
import sys

from fetch_helpers import ROOT

LATER = ("scipy", "matplotlib", "frictionless", "urllib3", "requests")  # loaded by the pages that use them
# what a stored judgement is drawn without: the first chart is sent before anything reads a series
FRAMES = ("pandas", "numpy", "pyarrow")

FIRST_VIEW = f"""
import importlib, json, sys
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest
from dashboard.server import LATER_MODULES, WARM_MODULES
for name in WARM_MODULES:  # what the server imports as the first browser connects (dashboard/server.py)
    importlib.import_module(name)
at_first_chart = []
plotly_chart = DeltaGenerator.plotly_chart
def first_chart(self, *args, **kwargs):
    if not at_first_chart:
        at_first_chart.append([m for m in {list(FRAMES)!r} if m in sys.modules])
    return plotly_chart(self, *args, **kwargs)
DeltaGenerator.plotly_chart = first_chart
at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=120).run()
for name in LATER_MODULES:  # what the server imports once the first view is sent
    importlib.import_module(name)
print(json.dumps({{"errors": [e.message for e in at.exception],
                  "at_first_chart": at_first_chart[0] if at_first_chart else None,
                  "loaded": [m for m in {list(LATER)!r} if m in sys.modules]}}))
"""


def first_view() -> dict:
    """The front page run once in a new interpreter, as a new server process runs it."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_VIEW], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_new_server_loads_no_library_the_front_page_does_not_draw_with() -> None:
    judged = first_view()  # the first process of this code and data judges the claims and stores them
    assert judged["errors"] == []
    later = first_view()
    assert later["errors"] == []
    assert later["loaded"] == [], f"imported at the first view: {later['loaded']}"
    assert later["at_first_chart"] == [], f"imported before the first chart: {later['at_first_chart']}"
