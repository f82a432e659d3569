"""``python -m fetch`` end to end against the local publisher server, plus --help, --list, --from, diff."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from fetch_helpers import (
    FIXTURES,
    GAP_CSV_PATH,
    ROOT,
    WAGE_GAP_PATH,
    serve_fertility,
    status_reply,
    tree_hashes,
    value,
)

from commands.fetch import main
from registry.catalogue import current
from store.manifest import read_manifest
from store.releases import release_rows


def time_use_answer(sex: str) -> dict[str, float]:
    """REF_AREA -> unpaid work (UPW) minutes for one sex, as the recorded time-use answer has them."""
    table = pd.read_csv(FIXTURES / "oecd/time_use.csv", dtype={"OBS_VALUE": str})
    rows = table[(table["MEASURE"] == "UPW") & (table["SEX"] == sex)]
    return dict(zip(rows["REF_AREA"], rows["OBS_VALUE"].astype(float), strict=True))


def read(data_dir, series_id) -> pd.DataFrame:
    return pd.read_csv(data_dir / f"{series_id}.csv")


def manifest(data_dir) -> dict:
    return json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))


# --- help, list, arguments -----------------------------------------------------------------------


def test_help_explains_series_variables_and_imports(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for text in ("--list", "--data-dir", "--from", "--cache-dir", "WORLDBANK_BASE_URL", "OECD_BASE_URL"):
        assert text in out
    assert all(series_id in out for series_id in current())


def test_unknown_series_is_refused(tmp_path, capsys):
    assert main(["pay_gaps", "--data-dir", str(tmp_path)]) == 2
    assert "Unknown series: pay_gaps" in capsys.readouterr().out
    assert not any(tmp_path.iterdir())


def test_list_shows_sources_vintages_and_missing_series(publishers, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # no wrapping inside table cells
    assert main(["fertility_rate", "--data-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["--list", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "OECD (fallback: Our World in Data)" in out
    assert "20 rows, 4 countries, 2020-2024" in out  # the fixture's 4 countries x 5 years
    (release,) = release_rows(read_manifest(tmp_path))
    assert release["source"].startswith("http")  # a live fetch: the URL asked
    line = next(line for line in out.splitlines() if release["sha256"][:12] in line)
    for cell in ("*", "fertility_rate", "2026-07-13", release["source"]):
        assert cell in line
    assert "World Bank WDI, updated 2026-07-13" in line
    assert out.count("never") == len(current()) - 1  # everything else was never fetched


def test_list_on_the_shipped_snapshot(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["--list", "--data-dir", str(ROOT / "data")]) == 0
    out = capsys.readouterr().out
    assert "(import)" in out  # the snapshot was imported from publishers' files
    assert "pay_gap" in out and "OECD Data Explorer export" in out


def test_list_tells_every_release_apart(capsys, monkeypatch):
    """Two releases of one day and one data file (lfp_female's 2026-07-13) differ by their source file."""
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["--list", "--data-dir", str(ROOT / "data")]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = release_rows(read_manifest(ROOT / "data"))
    shown = []
    for row in rows:
        cells = (row["series"], row["released"], row["source"], row["sha256"][:12])
        (line,) = [line for line in lines if all(f" {cell} " in line for cell in cells)]
        shown.append(line)
    assert len(set(shown)) == len(rows)
    same_day = [r for r in rows if r["series"] == "lfp_female" and r["released"] == "2026-07-13"]
    assert len(same_day) == 2 and len({r["source"] for r in same_day}) == 2


# --- fetching end to end -------------------------------------------------------------------------


def test_every_series_end_to_end(publishers, tmp_path, capsys):
    # lfp_male has no recorded response (the server answers 404): it fails, the others are stored.
    code = main(["--data-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "lfp_male failed:" in out and "HTTP 404" in out and "1 failed: lfp_male" in out

    assert value(read(tmp_path, "pay_gap"), "KOR", 2023) == 29.3008641
    assert value(read(tmp_path, "fertility_rate"), "KOR", 2023) == 0.721
    assert value(read(tmp_path, "birth_rate"), "KOR", 2022) == 4.9
    assert value(read(tmp_path, "births"), "KOR", 2023) == 236394
    assert value(read(tmp_path, "lfp_female"), "KOR", 2023) == 56.038
    for series_id, sex in (("unpaid_care_female", "F"), ("unpaid_care_male", "M")):
        korea = time_use_answer(sex)["KOR"]  # the Data Explorer answer has no year: the 2014 survey's
        assert value(read(tmp_path, series_id), "KOR", 2014) == korea
        # the OECD's 2026 workbook dates every country of the answer: none is left out
        assert set(read(tmp_path, series_id)["country_code"]) == set(time_use_answer(sex))
        assert f"{series_id}: left out" not in out
    assert not (tmp_path / "lfp_male.csv").exists()

    # Korea's row as the app reads it: ISO3 code, name, integer year, value as published.
    assert "KOR,South Korea,2023,236394\n" in (tmp_path / "births.csv").read_text()

    entries = manifest(tmp_path)["series"]
    assert set(entries) == set(current()) - {"lfp_male"}
    for series_id, entry in entries.items():
        path = tmp_path / f"{series_id}.csv"
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["rows"] == len(pd.read_csv(path))
        assert entry["method"] == "api"
        assert entry["urls"] and all(url.startswith(publishers.url) for url in entry["urls"])
        assert entry["licence"] and entry["attribution"] and entry["title"] and entry["unit"]
        assert entry["retrieved"].endswith("Z")
    assert entries["fertility_rate"]["source_updated"] == "2026-07-13"
    assert entries["births"]["source_updated"] == "2024-07-11"
    assert entries["pay_gap"]["fallback"] is None
    assert not list(tmp_path.rglob("*.tmp"))


def test_unchanged_refetch_adds_no_vintage(publishers, tmp_path, capsys):
    args = ["fertility_rate", "births", "pay_gap", "--data-dir", str(tmp_path)]
    assert main(args) == 0
    first = tree_hashes(tmp_path)
    assert main(args) == 0
    assert tree_hashes(tmp_path) == first
    assert all(len(entry["vintages"]) == 1 for entry in manifest(tmp_path)["series"].values())
    assert capsys.readouterr().out.count("ok (unchanged)") == 3


def test_new_release_adds_a_vintage_and_diff_shows_the_revisions(publishers, tmp_path, capsys):
    serve_fertility(publishers, release="2023")
    assert main(["fertility_rate", "--data-dir", str(tmp_path)]) == 0
    serve_fertility(publishers, release="2026")
    assert main(["fertility_rate", "--data-dir", str(tmp_path)]) == 0
    assert "4 removed" in capsys.readouterr().out  # 2019 is not in the 2026 fixture

    entry = manifest(tmp_path)["series"]["fertility_rate"]
    assert [v["released"] for v in entry["vintages"]] == ["2023-03-01", "2026-07-13"]
    assert entry["released"] == "2026-07-13"  # the newest release is current
    assert value(read(tmp_path, "fertility_rate"), "JPN", 2020) == 1.33

    assert main(["diff", "fertility_rate", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "16 added, 4 removed, 3 revised" in out  # Japan, the US and Kosovo revised 2020
    assert "1.34" in out and "1.33" in out and "1.6375" in out and "1.6415" in out
    assert "South Korea: 0 revised, 4 added, 1 removed" in out


def test_diff_needs_two_vintages(publishers, tmp_path, capsys):
    assert main(["fertility_rate", "--data-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["diff", "fertility_rate", "--data-dir", str(tmp_path)]) == 1
    assert "fertility_rate has 1 vintage(s); a diff needs two." in capsys.readouterr().out


def test_older_release_is_kept_but_not_current(publishers, tmp_path, capsys):
    assert main(["fertility_rate", "--data-dir", str(tmp_path)]) == 0
    current = (tmp_path / "fertility_rate.csv").read_bytes()
    serve_fertility(publishers, release="2023")
    assert main(["fertility_rate", "--data-dir", str(tmp_path)]) == 0
    assert "kept as an older vintage" in capsys.readouterr().out
    assert (tmp_path / "fertility_rate.csv").read_bytes() == current
    assert len(manifest(tmp_path)["series"]["fertility_rate"]["vintages"]) == 2


def test_pay_gap_falls_back_to_owid_and_the_manifest_says_so(publishers, tmp_path, capsys):
    publishers.route(WAGE_GAP_PATH, status_reply(429, "0"))
    assert main(["pay_gap", "--data-dir", str(tmp_path)]) == 0
    assert "ok via fallback" in capsys.readouterr().out
    assert publishers.hits(GAP_CSV_PATH) == 1
    assert value(read(tmp_path, "pay_gap"), "KOR", 2016) == 36.7  # OWID's copy of the OECD series
    entry = manifest(tmp_path)["series"]["pay_gap"]
    assert entry["fallback"].startswith("primary source failed: pay_gap: HTTP 429")
    assert "DSD_EARNINGS@GENDER_WAGE_GAP" in entry["fallback"]  # names the URL that failed
    assert any("gender-wage-gap-oecd.csv" in url for url in entry["urls"])
    assert entry["released"] == "2017-10-17"  # OWID's lastUpdated, not the retrieval date


def test_fallback_older_than_the_snapshot_is_kept_as_a_vintage(publishers, snapshot):
    publishers.route(WAGE_GAP_PATH, status_reply(503))
    before = (snapshot / "pay_gap.csv").read_bytes()
    count = len(manifest(snapshot)["series"]["pay_gap"]["vintages"])
    assert main(["pay_gap", "--data-dir", str(snapshot)]) == 0
    assert (snapshot / "pay_gap.csv").read_bytes() == before  # the 2025 OECD export stays current
    vintages = manifest(snapshot)["series"]["pay_gap"]["vintages"]
    assert len(vintages) == count + 1
    [added] = [v for v in vintages if v["method"] == "api"]
    assert "HTTP 503" in added["fallback"]


def test_python_m_fetch_in_a_subprocess(publishers, tmp_path):
    env = {**os.environ, **publishers.base_urls(), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "fetch", "--data-dir", str(tmp_path), "fertility_rate", "unpaid_care_male"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Summary" in run.stdout
    assert value(read(tmp_path, "unpaid_care_male"), "KOR", 2014) == time_use_answer("M")["KOR"]
    assert set(read(tmp_path, "unpaid_care_male")["country_code"]) == set(time_use_answer("M"))
    assert value(read(tmp_path, "fertility_rate"), "XKX", 2024) == 1.538
    assert {r.path.rsplit("/", 1)[-1] for r in publishers.requests} >= {"SP.DYN.TFRT.IN", "country", "all"}


def test_help_documents_every_limit_with_its_default(capsys):
    import pytest

    import fetch.http as http

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for variable, default in [
        ("FETCH_CONNECT_TIMEOUT", http.TIMEOUT[0]),
        ("FETCH_READ_TIMEOUT", http.TIMEOUT[1]),
        ("FETCH_MIN_SPEED", http.MIN_SPEED),
        ("FETCH_SPEED_WINDOW", http.SPEED_WINDOW),
        ("FETCH_REQUEST_DEADLINE", http.REQUEST_DEADLINE),
        ("FETCH_SERIES_DEADLINE", http.SERIES_DEADLINE),
    ]:
        assert f"{variable}={default:g}" in out
    assert "FETCH_MAX_BODY_MB" in out and "oecd 20 MB" in out and "max_line_kb" in out
    assert "--check" in out and "--relist" in out
