"""How ``python -m fetch`` runs its series: several at once, saved in the order asked for, and a bug
in one series' parser fails that series only."""

from __future__ import annotations

import json

from fetch_helpers import COUNTRY_PATH, Reply, fixture_bytes

import fetch.owid
from commands.fetch import main


def test_series_fetched_at_once_are_saved_in_the_order_asked(publishers, tmp_path, capsys):
    slow = Reply(body=fixture_bytes("worldbank/country_page1.json"), delay=1.0)
    publishers.route(COUNTRY_PATH, slow, page=1)  # the first series asked for ends last
    order = ["fertility_rate", "births", "unpaid_care_female"]
    assert main([*order, "--data-dir", str(tmp_path)]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert list(manifest["series"]) == order
    out = capsys.readouterr().out
    assert [out.index(f"✓ {s}:") for s in order] == sorted(out.index(f"✓ {s}:") for s in order)


def test_an_unexpected_error_fails_that_series_only(publishers, tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise TypeError("operation 'and_' not supported")

    monkeypatch.setattr(fetch.owid, "parse_grapher_csv", broken)
    assert main(["births", "fertility_rate", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "births failed: births: unexpected TypeError: operation 'and_' not supported" in out
    assert "Our World in Data" in out and "1 failed: births" in out
    assert (tmp_path / "fertility_rate.csv").exists() and not (tmp_path / "births.csv").exists()


def test_a_series_that_fails_at_once_lets_no_two_saves_overlap(publishers, tmp_path):
    """lfp_male has no recorded answer (404 at once): the saves around it still come one by one, so
    every other series is in the manifest (two saves at once would each write the manifest they read)."""
    publishers.route(
        COUNTRY_PATH, Reply(body=fixture_bytes("worldbank/country_page1.json"), delay=0.5), page=1
    )
    order = ["fertility_rate", "lfp_male", "births", "unpaid_care_female", "birth_rate", "lfp_female"]
    for round in range(3):
        folder = tmp_path / str(round)
        assert main([*order, "--data-dir", str(folder)]) == 1
        manifest = json.loads((folder / "manifest.json").read_text())
        assert list(manifest["series"]) == [s for s in order if s != "lfp_male"]
