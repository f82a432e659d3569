"""An analyst adds a World Bank indicator the project does not ship (women in parliaments), fetches it,
charts it on the Explore page and checks a claim against it, with no Python changed.

The World Bank answers are replayed from recorded responses (tests/fixtures/worldbank/, see README).
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from fetch_helpers import FIXTURES, ROOT, WB_PREFIX, json_reply, value, wb_indicator_path
from streamlit.testing.v1 import AppTest

from commands.claims import main as claims_main
from commands.fetch import main
from registry import catalogue
from registry.catalogue import series_info
from store.files import read_series

CODE = "SG.GEN.PARL.ZS"
SERIES_ID = "sg_gen_parl_zs"
APP = str(ROOT / "app.py")
META = json.loads((FIXTURES / "worldbank/indicator_SG.GEN.PARL.ZS.json").read_text(encoding="utf-8"))[1][0]
ROWS = json.loads((FIXTURES / "worldbank/SG.GEN.PARL.ZS.json").read_text(encoding="utf-8"))[1]


@pytest.fixture
def series_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped registry, used by every command in the test."""
    target = tmp_path / "series"
    shutil.copytree(ROOT / "series", target)
    monkeypatch.setenv(catalogue.SERIES_DIR_VARIABLE, str(target))
    return target


@pytest.fixture
def world_bank(publishers):
    publishers.route(f"{WB_PREFIX}/indicator/{CODE}", json_reply(f"worldbank/indicator_{CODE}.json"))
    publishers.route(wb_indicator_path(CODE), json_reply(f"worldbank/{CODE}.json"))
    return publishers


def recorded(code: str, year: int) -> float:
    return float(next(r["value"] for r in ROWS if r["countryiso3code"] == code and r["date"] == str(year)))


def added(series_dir: Path, capsys) -> dict:
    assert main(["add", "worldbank", CODE]) == 0
    out = capsys.readouterr().out
    path = series_dir / f"{SERIES_ID}.toml"
    assert str(path) in out and f"python -m fetch {SERIES_ID}" in out
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_add_writes_the_publishers_metadata(series_dir, world_bank, capsys) -> None:
    entry = added(series_dir, capsys)
    assert entry["title"] == META["name"] and entry["definition"] == META["sourceNote"]
    assert entry["publisher_metadata"]["source_organization"] == META["sourceOrganization"]
    source_id = int(META["source"]["id"])
    assert entry["fetch"] == {"publisher": "worldbank", "indicator": CODE, "source_id": source_id}
    assert (entry["unit"], entry["short_unit"]) == ("%", "%")
    assert (entry["min_value"], entry["max_value"]) == (0.0, 100.0)  # derived from "%"
    assert entry["page"] == "explore"


def test_add_refuses_to_overwrite(series_dir, world_bank, capsys) -> None:
    added(series_dir, capsys)
    before = (series_dir / f"{SERIES_ID}.toml").read_bytes()
    assert main(["add", "worldbank", CODE]) == 1
    assert "already exists" in capsys.readouterr().out
    assert main(["add", "worldbank", "SP.DYN.TFRT.IN", "--id", "fertility_rate"]) == 1
    assert (series_dir / f"{SERIES_ID}.toml").read_bytes() == before


def test_add_unknown_indicator_writes_nothing(series_dir, world_bank, capsys) -> None:
    world_bank.route(f"{WB_PREFIX}/indicator/XX.NOPE", json_reply("worldbank/error_120.json"))
    assert main(["add", "worldbank", "XX.NOPE"]) == 1
    assert "Not added" in capsys.readouterr().out
    assert not (series_dir / "xx_nope.toml").exists()


def test_added_series_is_fetched_charted_and_checked(series_dir, world_bank, snapshot, capsys, monkeypatch):
    added(series_dir, capsys)
    assert main([SERIES_ID, "--data-dir", str(snapshot)]) == 0
    frame = read_series(snapshot, series_info(SERIES_ID))
    assert value(frame, "KOR", 2025) == recorded("KOR", 2025)
    assert value(frame, "JPN", 2017) == recorded("JPN", 2017)
    assert set(frame["country_code"]) == {"KOR", "JPN"}  # AFE (an aggregate) and Kosovo's nulls dropped
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["series"][SERIES_ID]["title"] == META["name"]
    assert manifest["series"][SERIES_ID]["source_updated"] == "2026-10-08"

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(snapshot))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["series"] = SERIES_ID
    at.run()
    at.switch_page("dashboard/pages/explore.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="explore_series").value == SERIES_ID
    assert len(at.get("plotly_chart")) == 1  # the frame's open tab: the chart over time
    assert "Map" in [t.label for t in at.tabs]
    assert META["sourceNote"] in [m.value for m in at.markdown]
    assert at.query_params["series"] == SERIES_ID

    claims = snapshot.parent / "mine.toml"
    claims.write_text(
        '[article]\ntitle = "Parliament"\npublished = 2026-11-01\n\n[[claims]]\nid = "seats"\n'
        'quote = "women hold about a fifth of the seats"\n[[claims.checks]]\nkind = "about_value"\n'
        f'series = "{SERIES_ID}"\ncountry = "KOR"\nyear = 2025\nclaimed = 20\ntolerance = 1\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert claims_main(["--claims", str(claims), "--data-dir", str(snapshot), "--json", "--no-save"]) == 0
    now = json.loads(capsys.readouterr().out)["verdicts"][0]["now"]
    assert now["verdict"] == "supported"  # 20.33% is within 1 point of 20
    assert now["figures"][0]["value"] == recorded("KOR", 2025)
    assert now["sources"][0]["title"] == META["name"]


def explore(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, val in params.items():
        at.query_params[key] = val
    at.run()
    return at.switch_page("dashboard/pages/explore.py").run()


def test_explore_unknown_series_gives_a_notice(snapshot, monkeypatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(snapshot))
    at = explore({"series": "no_such_series"})
    assert not at.exception, [e.message for e in at.exception]
    shown = [re.sub(r"\\(.)", r"\1", i.value) for i in at.info]  # link text is escaped Markdown
    assert any("No series “no_such_series”" in text for text in shown)
    assert len(at.get("plotly_chart")) >= 1


def test_explore_series_not_fetched_says_how(series_dir, world_bank, snapshot, capsys, monkeypatch) -> None:
    added(series_dir, capsys)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(snapshot))
    at = explore({"series": SERIES_ID})
    assert not at.exception and not at.error
    assert any(f"python -m fetch {SERIES_ID}" in w.value for w in at.warning)


@pytest.mark.parametrize("series_id", sorted(catalogue.load(ROOT / "series")))
def test_explore_charts_every_shipped_series(series_id: str, snapshot, monkeypatch) -> None:
    """Every registry series, the Korea-only KOSIS ones included, charts on Explore with no error."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(snapshot))
    at = explore({"series": series_id})
    assert not at.exception and not at.error, [e.message for e in at.exception]
    assert at.selectbox(key="explore_series").value == series_id
    assert len(at.get("plotly_chart")) >= 1
    frame = pd.read_csv(snapshot / f"{series_id}.csv")
    latest = int(frame["year"].max())
    publisher = series_info(series_id).publisher.split(" (")[0]
    for warning in at.warning:  # only the notice naming members without a figure for the latest year
        assert warning.value.startswith(f"No {publisher} data for {latest}")
        named = warning.value.split(" yet for ")[1].rstrip(".").split(", ")
        has = set(frame.loc[frame["year"] == latest, "country"])
        assert named and not set(named) & has
