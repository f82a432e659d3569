"""Each view computed once per view and data version (dashboard/views.py): a rerun recomputes nothing,
another choice or a re-fetch is a new view, never a stale figure."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from app_harness import open_app

from dashboard import indicator
from registry.catalogue import series_info
from store.manifest import Provenance
from store.save import save_series


def test_a_rerun_recomputes_no_chart_and_a_refetch_draws_the_new_figures(data_dir: Path, monkeypatch) -> None:
    calls: list[str] = []
    original = indicator.chart

    def counted(ind, *args):
        calls.append(ind.id)
        return original(ind, *args)

    monkeypatch.setattr(indicator, "chart", counted)
    at = open_app("pay_gap")
    assert not at.exception and calls == ["pay_gap"]
    at.run()
    at.run()
    assert calls == ["pay_gap"]  # reruns: the view's chart as computed once
    at.multiselect[0].set_value(["USA"]).run()
    assert calls == ["pay_gap", "pay_gap"]  # another choice: another view
    frame = pd.read_csv(data_dir / "pay_gap.csv")
    frame.loc[(frame["country_code"] == "KOR") & (frame["year"] == frame["year"].max()), "value"] = 12.5
    provenance = Provenance("import", "2026-12-01T00:00:00Z", "2026-12-01", "test", vintage_label="revised")
    save_series(data_dir, series_info("pay_gap"), frame, provenance)
    at.run()
    assert calls == ["pay_gap"] * 3  # the new data: computed again
    korea = next(
        t for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"] if t.get("name") == "South Korea"
    )
    assert korea["y"][-1] == 12.5
