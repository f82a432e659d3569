"""A series file's errors name the file, the line and the field, in the words of registry/seriesfile.py,
for every kind of mistake: TOML syntax, a field missing, of the wrong type or out of range, a query
field of the wrong publisher, an unknown field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fetch_helpers import ROOT

from registry.catalogue import series_info
from registry.model import RegistryError
from registry.seriesfile import parse_file, parse_text

GOOD = (ROOT / "series" / "fertility_rate.toml").read_text(encoding="utf-8")


def error_of(text: str, name: str = "fertility_rate") -> str:
    with pytest.raises(RegistryError) as caught:
        parse_text(text, Path(f"series/{name}.toml"))
    return str(caught.value)


def line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_good_file_parses() -> None:
    assert (
        parse_text(GOOD, Path("series/fertility_rate.toml")).info.title == series_info("fertility_rate").title
    )


def test_the_frames_fields_are_read() -> None:
    """survey, gap and map_bins (the frames' chart kind, verbs and map colours), optional."""
    text = GOOD.replace("counts = false", "counts = false\nsurvey = true\ngap = true\nmap_bins = [0, 1.5, 3]")
    info = parse_text(text, Path("series/fertility_rate.toml")).info
    assert info.survey and info.gap and info.map_bins == (0.0, 1.5, 3.0)
    plain = parse_text(GOOD, Path("series/fertility_rate.toml")).info
    assert not plain.survey and not plain.gap and plain.map_bins == ()


def test_toml_syntax_error_names_file_and_line() -> None:
    bad = GOOD.replace('short_unit = "births per woman"', "short_unit = births per woman")
    message = error_of(bad)
    assert "series/fertility_rate.toml" in message
    assert f"line {line_of(bad, 'short_unit')}" in message


def test_deeply_nested_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "fertility_rate.toml"
    path.write_text(GOOD + "\ndeep = " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"fertility_rate.toml: arrays or inline tables are nested too"):
        parse_file(path)


def test_unknown_publisher_names_file_line_and_field() -> None:
    bad = GOOD.replace('publisher = "worldbank"', 'publisher = "imf"')
    message = error_of(bad)
    line = line_of(bad, 'publisher = "imf"')
    assert f"series/fertility_rate.toml, line {line}: fetch.publisher" in message
    assert "unknown publisher 'imf'" in message and "worldbank" in message


def test_missing_required_field_is_named() -> None:
    bad = "\n".join(line for line in GOOD.splitlines() if not line.startswith("max_value"))
    assert "series/fertility_rate.toml: max_value: missing" in error_of(bad)


def test_missing_query_field_is_named() -> None:
    bad = "\n".join(line for line in GOOD.splitlines() if not line.startswith("source_id"))
    message = error_of(bad)
    assert "fetch.source_id: missing" in message and f"line {line_of(bad, '[fetch]')}" in message


def test_wrong_type_names_line_and_field() -> None:
    bad = GOOD.replace("decimals = 2", 'decimals = "two"')
    assert f"line {line_of(bad, 'decimals')}: decimals: expected a whole number, got 'two'" in error_of(bad)


@pytest.mark.parametrize(
    ("field", "bad", "expected"),
    [
        ("min_value", "nan", "expected a finite number, got nan"),  # would let every value through
        ("max_value", "inf", "expected a finite number, got inf"),
        ("decimals", "-1", "expected 0 to 10, got -1"),  # the app's format spec would raise
        ("decimals", "100000", "expected 0 to 10, got 100000"),
    ],
)
def test_out_of_range_numbers_name_line_and_field(field: str, bad: str, expected: str) -> None:
    text = re.sub(rf"(?m)^{field} = .*$", f"{field} = {bad}", GOOD)
    assert f"line {line_of(text, field + ' =')}: {field}: {expected}" in error_of(text)


def test_undecodable_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "fertility_rate.toml"
    path.write_bytes(GOOD.encode() + b"# caf\xe9\n")
    line = len(GOOD.splitlines()) + 1
    with pytest.raises(RegistryError, match=rf"fertility_rate.toml, line {line}: not UTF-8 text"):
        parse_file(path)


def test_unknown_field_and_mismatched_id() -> None:
    assert "colour: unknown field" in error_of(GOOD.replace("page = ", 'colour = "red"\npage = '))
    assert "must match the file name" in error_of(GOOD, name="fertility")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("source_id = 2", 'source_id = "2"', "fetch.source_id: expected a whole number, got '2'"),
        ("source_id = 2", 'source_id = 2\nsource = "x"', "fetch.source: not a worldbank query field"),
        ("counts = false", "counts = 0", "counts: expected true or false, got 0"),
        (
            "counts = false",
            'counts = false\nsex = "other"\npair = "x"',
            "sex: expected one of female, male, got 'other'",
        ),
        ("counts = false", 'counts = false\nsex = "female"', "pair: sex and pair come together"),
        ('page = "', 'page = "Not A Page"\nx_page = "', "x_page: unknown field"),
        ("counts = false", "counts = false\nmap_bins = [0, 5, 5]", "map_bins: expected two or more rising"),
        ("counts = false", "counts = false\nmap_bins = [1]", "map_bins: expected two or more rising"),
        ("counts = false", 'counts = false\nmap_bins = ["a", 1]', "map_bins: expected a number, got 'a'"),
        ("counts = false", 'counts = false\nsurvey = "yes"', "survey: expected true or false"),
    ],
)
def test_every_kind_of_error_is_said_in_words(old: str, new: str, expected: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    message = error_of(text)
    assert expected in message and message.startswith("series/fertility_rate.toml, line ")


def test_a_query_list_of_the_wrong_type_quotes_the_list() -> None:
    owid = (ROOT / "series" / "births.toml").read_text(encoding="utf-8")
    words = re.search(r"column_includes = (\[.*\])", owid)
    assert words is not None
    bad = owid.replace(words.group(0), "column_includes = [1, 2]")
    assert (
        f"line {line_of(bad, 'column_includes')}: fetch.column_includes: expected a list, got [1, 2]"
        in error_of(bad, "births")
    )
