"""The front page in two steps, so its first chart is painted first.

On one core's worth of browser, everything that arrives while Plotly's script runs is drawn before the
first chart: the front page's other cards (their text, page links and charts) made it wait 0.2 s
more than the page down to the first card (1.17× a bare one-chart page against 1.06×, median of 5,
interleaved). So a session's first view of the page ends with the first card, its charts included,
and a small script in the page asks for the rest as soon as that chart is painted (or an element
fails to draw, or after GIVE_UP_MS, whatever happens first): a second run of the page, which draws
it all. Nothing drawn moves: the rest comes below. Every later run of the session draws it at once.
"""

from __future__ import annotations

import threading

import streamlit as st

DONE = "claims_charts_staged"  # session state: the first view's charts were staged already
KEY = "claims-stage"  # the script's element (tests wait for it to go: browser_harness.IDLE)
COMPONENT = "claims_stage"
# The rest come even if the first chart is never painted and no error is shown; long, because 30
# browsers sharing two cores took 250 s to paint (benchmarks/classroom.py), and asking early undoes
# the staging
GIVE_UP_MS = 300_000

# Runs once per mount: in a staged run only the first card has charts, so the first chart drawn
# anywhere on the page is its chart; the rest are asked for once the frame that shows it is done, or
# at once when an element shows Streamlit's error instead (the chart's script could not load).
SCRIPT = """
export default function ({ data, setTriggerValue }) {
  const drawn = () => document.querySelector(
    ".js-plotly-plot .main-svg, [data-testid='stErrorElementStack'], [data-testid='stException']"
  );
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

# Streamlit scrolls to the heading a link's #anchor names as the heading mounts. A card of the second
# step mounts before what follows it has arrived: the page may not yet reach far enough below it to
# bring it up the screen (on a busy machine it stayed at 578 px of 900). So, once per page load, the
# heading is brought up again when the page is complete, and each time the page grows after (charts
# below it drawn late), until the viewer scrolls, types or taps, or ANCHOR_HOLD_MS pass.
ANCHOR_KEY = "claims-anchor"
ANCHOR_COMPONENT = "claims_anchor"
ANCHOR_HOLD_MS = 10_000
ANCHOR_SCRIPT = """
export default function ({ data }) {
  let id = "";
  try {
    id = decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return; // a malformed address (a lone %): no card of the page is named
  }
  const target = id && document.getElementById(id);
  if (!target || window.__anchorShown === id) return;
  window.__anchorShown = id;
  const page = document.querySelector("[data-testid='stMainBlockContainer']") ?? document.body;
  const up = () => target.isConnected && target.scrollIntoView(true);
  const resized = new ResizeObserver(up);
  const inputs = ["wheel", "touchstart", "keydown", "mousedown"];
  const stop = () => {
    resized.disconnect();
    clearTimeout(timer);
    inputs.forEach((name) => window.removeEventListener(name, stop, true));
  };
  const timer = setTimeout(stop, data.hold_ms);
  inputs.forEach((name) => window.addEventListener(name, stop, { capture: true, passive: true }));
  resized.observe(page);
  up();
}
"""

_component = None
_anchor = None
# Set once this process has drawn the whole front page: the server then imports what pages read data
# with, if they have not, and keeps it out of the garbage collector's walks (``FirstView``,
# dashboard/server.py), not while the browser paints the first view
PAGE_DRAWN = threading.Event()


def first_view() -> bool:
    """Whether this is the session's first view of the page. Its closed expanders are drawn empty and
    filled after the cards, or with the rest: the upload and date widgets in them had the browser load
    and run their scripts before it painted the first chart (0.18 s later: medians of 7 interleaved
    cold starts, benchmarks/run.py's measure)."""
    return not st.session_state.get(DONE, False)


def staged(first_charts: int, cards: int) -> bool:
    """Whether this run ends with the first card: the session's first view of a page whose first card
    (of ``cards``) has charts (``first_charts``) and is not alone."""
    return first_charts > 0 and cards > 1 and first_view()


def viewed() -> None:
    """The session has seen the page whole: every later run draws it at once, widgets in place."""
    st.session_state[DONE] = True


def ask_for_the_rest() -> None:
    """The script that asks for the rest of the page once the first card's chart is painted."""
    global _component
    if _component is None:
        _component = st.components.v2.component(COMPONENT, js=SCRIPT, isolate_styles=False)
    viewed()
    _component(
        key=KEY,
        data={"give_up_ms": GIVE_UP_MS},
        on_drawn_change=lambda: None,
        height=0,
    )


def keep_the_anchor() -> None:
    """At the end of the complete page: the heading its link names brought up the screen."""
    global _anchor
    if _anchor is None:
        _anchor = st.components.v2.component(ANCHOR_COMPONENT, js=ANCHOR_SCRIPT, isolate_styles=False)
    _anchor(key=ANCHOR_KEY, data={"hold_ms": ANCHOR_HOLD_MS}, height=0)
    PAGE_DRAWN.set()
