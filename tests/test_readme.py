"""The README's analyst examples run as written: adding series offline (World Bank, OECD, OWID with a
series that covers South Korea) and loading the data package in one line."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from fetch_helpers import RAW, ROOT

from commands.fetch import main
from registry import catalogue
from store.files import read_series

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def commands(prefix: str) -> list[list[str]]:
    """Every README command starting with ``prefix`` (inline or in a block), split as a shell would,
    with the raw files' folder where this checkout has it."""
    text = README.replace("\\\n", " ")
    found = re.findall(rf"`?({re.escape(prefix)}[^`\n]*)", text)
    return [shlex.split(c.replace("../shared/data/raw", str(RAW)).split("  #")[0]) for c in found]


@pytest.fixture
def series_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "series"
    shutil.copytree(catalogue.DEFAULT_SERIES_DIR, target)
    monkeypatch.setenv(catalogue.SERIES_DIR_VARIABLE, str(target))
    return target


def test_the_offline_add_commands_run(series_dir, raw_dir, capsys) -> None:
    ran = []
    for argv in commands("python -m fetch add "):
        if "--from" in argv:
            assert main(argv[3:]) == 0, capsys.readouterr().out
            ran.append(argv[4])
    assert ran == ["worldbank", "oecd"]
    registry = catalogue.current(refresh=True)
    assert (
        registry.info("sp_pop_totl").integer and registry.info("paid_work_female").unit == "Minutes per day"
    )


def test_the_owid_example_covers_south_korea(series_dir, raw_dir, snapshot, capsys) -> None:
    (toml,) = [b for b in blocks("toml") if 'id = "deaths"' in b]
    (series_dir / "deaths.toml").write_text(toml, encoding="utf-8")
    (argv,) = [c for c in commands("python -m fetch deaths ") if "--from" in c]
    assert main([*argv[3:], "--data-dir", str(snapshot)]) == 0, capsys.readouterr().out
    raw = pd.read_csv(Path(argv[argv.index("--from") + 1]))
    korea = raw[raw["code"] == "KOR"].dropna(subset=["deaths__sex_all__age_all__variant_estimates"])
    frame = read_series(snapshot, catalogue.current(refresh=True).info("deaths"))
    stored = frame[frame["country_code"] == "KOR"].set_index("year")["value"]
    assert len(stored) == len(korea) > 0
    for year, value in zip(korea["year"], korea["deaths__sex_all__age_all__variant_estimates"], strict=True):
        assert stored[year] == value


def test_the_python_loading_examples_run() -> None:
    code = "\n".join(b for b in blocks("python") if "datapackage.json" in b or "as_published" in b)
    assert "Package(" in code and "as_published(" in code
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "pay_gap (as published on 2024-09-01): release of" in done.stdout
