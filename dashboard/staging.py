"""The front page's charts in two steps, so its first chart is painted first.

A browser paints every Plotly chart that arrives before Plotly's script is ready in one frame: the
front page's 13 charts made its first chart wait for all of them (1.9× a bare one-chart page; 1.26× now). On a
session's first view, only the first card draws its charts; every other card keeps a space of its
charts' height (nothing moves when they come), and a small script in the page asks for the rest as
soon as the first chart is painted (or after GIVE_UP_MS, whatever happens): a second run of the page,
which draws every chart. Every later run of the session draws them at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard.figure import Prebuilt

DONE = "claims_charts_staged"  # session state: the first view's charts were staged already
KEY = "claims-stage"  # the script's element (tests wait for it to go: browser_harness.IDLE)
COMPONENT = "claims_stage"
# The rest come even if the first chart is never painted (it failed to draw); long, because 30 browsers
# sharing two cores took 250 s to paint (benchmarks/classroom.py), and asking early undoes the staging
GIVE_UP_MS = 300_000
CHART_HEIGHT = 450  # Plotly's default, for a figure without its own

# Runs once per mount: in a staged run only the first card has charts, so the first chart drawn
# anywhere on the page is its chart; the rest are asked for once the frame that shows it is done.
SCRIPT = """
export default function ({ data, setTriggerValue }) {
  const drawn = () => document.querySelector(".js-plotly-plot .main-svg");
  let asked = false;
  const ask = () => {
    if (asked) return;
    asked = true;
    observer.disconnect();
    clearTimeout(timer);
    setTriggerValue("drawn", true);
  };
  const painted = () => requestAnimationFrame(() => setTimeout(ask, 0));
  const observer = new MutationObserver(() => drawn() && painted());
  const timer = setTimeout(ask, data.give_up_ms);
  if (drawn()) painted();
  else observer.observe(document.body, { childList: true, subtree: true });
  return () => { observer.disconnect(); clearTimeout(timer); };
}
"""

_component = None


def staged(charts: list[int]) -> bool:
    """Whether this run draws only the first card's charts (``charts``: how many each charted card has,
    in the page's order): the session's first view of a page where the first card has a chart and
    another card has one too."""
    first_drawn = bool(charts) and charts[0] > 0
    return first_drawn and sum(charts[1:]) > 0 and not st.session_state.get(DONE, False)


def height_of(fig: Prebuilt) -> int:
    """The height a chart will take (its layout's, or Plotly's default): the space kept for it."""
    layout: Mapping[str, Any] = fig.to_dict().get("layout") or {}
    return int(layout.get("height") or CHART_HEIGHT)


def ask_for_the_rest() -> None:
    """The script that asks for the other cards' charts once the first card's is painted."""
    global _component
    if _component is None:
        _component = st.components.v2.component(COMPONENT, js=SCRIPT, isolate_styles=False)
    st.session_state[DONE] = True
    _component(
        key=KEY,
        data={"give_up_ms": GIVE_UP_MS},
        on_drawn_change=lambda: None,
        height=0,
    )
