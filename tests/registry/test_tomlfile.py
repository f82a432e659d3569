"""Every size a user supplies is capped, with a message naming the file, the line and the limit: a
number of thousands of digits, a text field of megabytes (in a series file or a claims file), a
series file of 50 MB, a year offset or a whole-number parameter beyond any data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fetch_helpers import ROOT

from claims.loader import ClaimsFileError, parse_claims
from registry.model import RegistryError
from registry.seriesfile import MAX_BYTES, parse_file, parse_text
from registry.tomlfile import MAX_DIGITS, MAX_TEXT

SERIES = (ROOT / "series" / "fertility_rate.toml").read_text(encoding="utf-8")
CLAIMS = (ROOT / "tests" / "fixtures" / "claims" / "smallest.toml").read_text(encoding="utf-8")


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _claims_error(text: str) -> str:
    with pytest.raises(ClaimsFileError) as caught:
        parse_claims(text, source="mine.toml")
    return str(caught.value)


def test_a_number_of_thousands_of_digits_names_its_line():
    series = SERIES.replace("decimals = 2", "decimals = " + "9" * 5000)
    with pytest.raises(RegistryError) as caught:
        parse_text(series, Path("series/fertility_rate.toml"))
    said = str(caught.value)
    assert f"line {_line(series, 'decimals')}" in said and f"at most {MAX_DIGITS:,}" in said
    claims = CLAIMS.replace("claimed = 30", "claimed = " + "9" * 5000)
    said = _claims_error(claims)
    assert f"mine.toml, line {_line(claims, 'claimed')}" in said and "5,000 digits" in said


def test_a_year_offset_beyond_any_data_is_refused():
    claims = CLAIMS.replace("tolerance = 3", 'tolerance = 3\nyear = "published-' + "9" * 5000 + '"')
    said = _claims_error(claims)
    assert f"mine.toml, line {_line(claims, 'year')}" in said
    assert "the years after 'published' may have at most 3 digits, got 5,000" in said


def test_a_whole_number_parameter_is_capped():
    claims = CLAIMS.replace('kind = "about_value"', 'kind = "trend"\nyears = 1000000000\ndirection = "up"')
    claims = claims.replace("claimed = 30\ntolerance = 3\n", "")
    said = _claims_error(claims)
    assert "expected a whole number from 1 to 1,000, got 1000000000" in said and "line" in said


@pytest.mark.parametrize("field", ["quote", "title"])
def test_a_long_text_field_in_a_claims_file_names_the_limit(field):
    written = {"title": 'title = "T"', "quote": 'quote = "about 30%"'}[field]
    claims = CLAIMS.replace(written, f'{field} = "{"q" * 20_000}"')
    said = _claims_error(claims)
    assert f"line {_line(claims, field)}" in said
    assert f"20,000 characters; a text field may hold at most {MAX_TEXT:,}" in said


def test_a_long_text_field_in_a_series_file_names_the_limit():
    series = SERIES.replace('title = "', 'title = "' + "x" * 20_000, 1)
    with pytest.raises(RegistryError) as caught:
        parse_text(series, Path("series/fertility_rate.toml"))
    said = str(caught.value)
    assert f"line {_line(series, 'title')}: title: 20,0" in said
    assert f"a text field may hold at most {MAX_TEXT:,}" in said and len(said) < 300


def test_a_50_mb_title_is_not_read(tmp_path):
    registry = tmp_path / "series"
    shutil.copytree(ROOT / "series", registry)
    big = registry / "fertility_rate.toml"
    big.write_text(SERIES.replace('title = "', 'title = "' + "x" * 50_000_000, 1), encoding="utf-8")
    limit = f"50.0 MB; a series file may hold at most {MAX_BYTES / 1e3:g} kB"
    with pytest.raises(RegistryError, match=limit):
        parse_file(big)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "claims", "--no-save"],
        cwd=ROOT,
        env={**os.environ, "SERIES_DIR": str(registry), "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = " ".join(done.stderr.split())
    assert done.returncode == 2 and "Traceback" not in said
    assert "fertility_rate.toml: 50.0 MB; a series file may hold at most" in said
    assert time.monotonic() - started < 60
