"""No silent loss: an answer that would lose Korea or a large share of the current series is refused,
naming what would be lost, unless ``--accept-shrink`` is given; the folder stays byte-identical.

Expected figures are recomputed from the snapshot's files, never typed.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from fetch_helpers import BIRTHS_CSV_PATH, ROOT, Reply, fixture_bytes, tree_hashes

from commands.fetch import main
from store.manifest import read_manifest
from store.shrink import MAX_SHRINK

GRAPHER_VALUE = "births__sex_all__age_all__variant_estimates"


def _without_korea(body: bytes) -> bytes:
    return b"".join(line for line in body.splitlines(keepends=True) if b",KOR," not in line)


def _out(capsys) -> str:
    return " ".join(capsys.readouterr().out.split())


def _counts(data_dir, series_id="births") -> tuple[int, int]:
    frame = pd.read_csv(data_dir / f"{series_id}.csv")
    return len(frame), frame["country_code"].nunique()


def test_live_answer_without_korea_is_refused_then_accepted_with_the_flag(publishers, snapshot, capsys):
    body = _without_korea(fixture_bytes("owid/number-of-births-per-year.csv"))
    publishers.route(BIRTHS_CSV_PATH, Reply(body=body, content_type="text/csv"))
    rows, countries = _counts(snapshot)
    before = tree_hashes(snapshot)

    assert main(["births", "fertility_rate", "--data-dir", str(snapshot)]) == 1

    out = _out(capsys)
    assert tree_hashes(snapshot) == before  # fertility_rate (an excerpt too) was refused as well
    new = pd.read_csv(pd.io.common.StringIO(body.decode()))
    new_rows = int((new["code"].isin(["JPN", "OWID_KOS"]) & new.iloc[:, 3].notna()).sum())
    assert (
        f"births failed: births: the new answer has {new_rows} rows / 2 countries, "
        f"the current file {rows:,} / {countries:,}; Korea would be lost" in out
    )
    assert "--accept-shrink" in out

    assert main(["births", "--data-dir", str(snapshot), "--accept-shrink"]) == 0
    assert _counts(snapshot) == (new_rows, 2)


def _grapher_csv(frame: pd.DataFrame, path) -> None:
    """The tidy rows as an OWID grapher CSV (the layout ``python -m fetch births --from`` reads)."""
    out = frame.rename(columns={"country": "entity", "country_code": "code", "value": GRAPHER_VALUE})
    out.astype({GRAPHER_VALUE: "int64"})[["entity", "code", "year", GRAPHER_VALUE]].to_csv(path, index=False)


def _import(path, data_dir, *extra) -> int:
    today = date.today().isoformat()
    return main(["births", "--from", str(path), "--data-dir", str(data_dir), "--released", today, *extra])


def test_tiny_import_is_refused(snapshot, tmp_path, capsys):
    current = pd.read_csv(snapshot / "births.csv")
    tiny = current[current["country_code"].isin(["KOR", "JPN"])].tail(4)
    _grapher_csv(tiny, tmp_path / "tiny.csv")
    before = tree_hashes(snapshot)
    assert _import(tmp_path / "tiny.csv", snapshot) == 1
    out = _out(capsys)
    assert tree_hashes(snapshot) == before
    lost = len(current) - 4
    assert f"the new answer has 4 rows / {tiny['country_code'].nunique()} countries" in out
    assert f"{lost:,} rows ({lost / len(current):.0%}) would be lost" in out


@pytest.mark.parametrize("share", [MAX_SHRINK + 0.05, MAX_SHRINK - 0.1])
def test_losing_more_than_the_set_share_of_countries_is_refused(share, snapshot, tmp_path, capsys):
    current = pd.read_csv(snapshot / "births.csv", keep_default_na=False)
    others = sorted(set(current["country_code"]) - {"KOR"})
    dropped = others[: round(share * len(set(current["country_code"])))]
    _grapher_csv(current[~current["country_code"].isin(dropped)], tmp_path / "fewer.csv")
    before = tree_hashes(snapshot)

    code = _import(tmp_path / "fewer.csv", snapshot)

    out = _out(capsys)
    if share > MAX_SHRINK:
        assert code == 1 and tree_hashes(snapshot) == before
        assert f"{len(dropped)} countries would be lost" in out
    else:
        assert code == 0, out
        assert _counts(snapshot)[1] == len(set(current["country_code"])) - len(dropped)


def test_losing_only_korea_is_refused(snapshot, tmp_path, capsys):
    current = pd.read_csv(snapshot / "births.csv", keep_default_na=False)
    _grapher_csv(current[current["country_code"] != "KOR"], tmp_path / "no_korea.csv")
    assert _import(tmp_path / "no_korea.csv", snapshot) == 1
    assert "Korea would be lost" in _out(capsys)
    assert _import(tmp_path / "no_korea.csv", snapshot, "--accept-shrink") == 0
    assert "KOR" not in set(pd.read_csv(snapshot / "births.csv")["country_code"])


def test_a_small_older_release_is_kept_as_a_vintage_without_the_flag(snapshot, tmp_path, capsys):
    current = pd.read_csv(snapshot / "births.csv", keep_default_na=False)
    korea = current[(current["country_code"] == "KOR") & (current["year"] < 1990)]  # before both dates
    _grapher_csv(korea, tmp_path / "old.csv")
    before = (snapshot / "births.csv").read_bytes()
    code = main(
        [
            "births",
            "--from",
            str(tmp_path / "old.csv"),
            "--data-dir",
            str(snapshot),
            "--released",
            "1990-01-01",
        ]
    )
    assert code == 0
    assert "kept as an older vintage" in _out(capsys)
    assert (snapshot / "births.csv").read_bytes() == before
    assert read_manifest(snapshot)["series"]["births"]["vintages"][0]["released"] == "1990-01-01"


def test_an_older_release_without_korea_is_refused(snapshot, tmp_path, capsys):
    """It would not replace the current file, but "when written" verdicts read it."""
    current = pd.read_csv(snapshot / "births.csv", keep_default_na=False)
    _grapher_csv(current[current["country_code"] == "JPN"], tmp_path / "old.csv")
    args = ["births", "--from", str(tmp_path / "old.csv"), "--data-dir", str(snapshot)]
    args += ["--released", "1990-01-01"]
    before = tree_hashes(snapshot)
    assert main(args) == 1
    assert "no Korea" in _out(capsys) and tree_hashes(snapshot) == before
    assert main([*args, "--accept-shrink"]) == 0


def test_a_release_date_given_for_a_file_already_held_is_named_not_dropped(snapshot, tmp_path, capsys):
    current = pd.read_csv(snapshot / "births.csv", keep_default_na=False)
    korea = current[(current["country_code"] == "KOR") & (current["year"] < 1990)]  # before both dates
    _grapher_csv(korea, tmp_path / "old.csv")
    args = ["births", "--from", str(tmp_path / "old.csv"), "--data-dir", str(snapshot)]
    assert main([*args, "--released", "1990-01-01"]) == 0
    capsys.readouterr()
    assert main([*args, "--released", "1991-01-01"]) == 0
    out = _out(capsys)
    assert "already held as the release of 1990-01-01" in out and "1991-01-01 was not applied" in out


def test_flag_is_documented_in_help_and_readme(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--accept-shrink" in capsys.readouterr().out
    assert "--accept-shrink" in (ROOT / "README.md").read_text(encoding="utf-8")
