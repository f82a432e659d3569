"""The map's colour bins: the same bins for every year, so a colour means the same value in 1990 and now.

A series file may set its bins (``map_bins = [0, 5, 10, ...]``, the edges between colours); otherwise
they come from the data: quantiles of the values over the latest ten years, rounded to two
significant figures, so each colour holds about as many recent country-years. Values below the
first edge or above the last get open classes ("< 0", "≥ 30") when the data has any.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from plotly.colors import sample_colorscale, sequential

from registry.model import SeriesInfo

CLASSES = 6  # automatic bins: about six colours, as many as a reader can tell apart on a map
RECENT_YEARS = 10
SCALE = sequential.Viridis[::-1]  # perceptually even and colour-blind safe: light (low) to dark (high)
MINUS = "\u2212"


@dataclass(frozen=True)
class Bins:
    """Edges between colours and one label and colour per class (lowest first)."""

    edges: tuple[float, ...]
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    low_open: bool  # a class below the first edge
    high_open: bool  # a class above the last edge

    def classify(self, values: pd.Series) -> np.ndarray:
        """The class index (0 = lowest shown class) of each value."""
        index = np.searchsorted(np.asarray(self.edges), values.to_numpy(dtype=float), side="right")
        return index - (0 if self.low_open else 1)


def round_edge(value: float) -> float:
    """Two significant figures: 29.3 -> 29, 1.637 -> 1.6, 231_004 -> 230_000."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    digits = 1 - math.floor(math.log10(abs(value)))
    return float(round(value, digits))


def auto_edges(frame: pd.DataFrame, survey: bool = False) -> tuple[float, ...]:
    """Quantile edges of the latest ten years' values (each country's latest survey for survey data)."""
    if survey:
        recent = frame.sort_values("year").drop_duplicates("country_code", keep="last")["value"]
    else:
        recent = frame.loc[frame["year"] > frame["year"].max() - RECENT_YEARS, "value"]
    if recent.empty:
        return (0.0, 1.0)
    qs = recent.quantile([k / CLASSES for k in range(1, CLASSES)]).to_numpy()
    edges = sorted({round_edge(q) for q in qs})
    if len(edges) < 2:
        low, high = float(recent.min()), float(recent.max())
        edges = sorted({round_edge(low), round_edge(high)})
    if len(edges) < 2:
        edges = [edges[0], edges[0] + 1.0]
    return tuple(edges)


def label(value: float) -> str:
    text = f"{value:,.10g}" if abs(value) < 1e6 else f"{value / 1e6:,.3g} million"
    return text.replace("-", MINUS)


def bins_for(info: SeriesInfo, frame: pd.DataFrame) -> Bins:
    """The series' bins: its registry ``map_bins`` or quantiles of recent data; open ends if needed."""
    edges = tuple(info.map_bins) or auto_edges(frame, info.survey)
    values = frame["value"]
    low_open = bool((values < edges[0]).any())
    high_open = bool((values >= edges[-1]).any())
    labels = [f"{label(a)}–{label(b)}" for a, b in itertools.pairwise(edges)]
    if low_open:
        labels.insert(0, f"< {label(edges[0])}")
    if high_open:
        labels.append(f"≥ {label(edges[-1])}")
    n = len(labels)
    colours = sample_colorscale(SCALE, [i / max(n - 1, 1) for i in range(n)])
    return Bins(edges, tuple(labels), tuple(colours), low_open, high_open)
