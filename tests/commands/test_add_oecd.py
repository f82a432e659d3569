"""``python -m fetch add oecd DATAFLOW --from STRUCTURE.xml --filter DIM=CODE``: a series from an OECD
dataflow's structure message (the real time-use message in ../shared/data/raw/oecd/)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from commands.fetch import main
from registry import catalogue
from registry.seriesfile import parse_file

FLOW = "OECD.WISE.INE:DSD_TIME_USE@DF_TIME_USE"
S = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure}"
C = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common}"


@pytest.fixture
def series_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "series"
    shutil.copytree(catalogue.DEFAULT_SERIES_DIR, target)
    monkeypatch.setenv(catalogue.SERIES_DIR_VARIABLE, str(target))
    return target


@pytest.fixture
def structure(raw_dir: Path) -> Path:
    return raw_dir / "oecd" / "time_use_dataflow_structure.xml"


def code_name(path: Path, codelist: str, code: str) -> str:
    """The English name the message gives a code (read here without the project's parser)."""
    for found in ET.parse(path).getroot().iter(f"{S}Codelist"):
        if found.get("id") == codelist:
            item = next(c for c in found.findall(f"{S}Code") if c.get("id") == code)
            return next(
                n.text
                for n in item.findall(f"{C}Name")
                if n.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
            )
    raise KeyError(codelist)


def add(*argv: str) -> int:
    return main(["add", "oecd", FLOW, *argv])


def test_a_dataflow_and_its_codes_give_a_valid_registry_file(series_dir, structure, capsys) -> None:
    assert (
        add("--from", str(structure), "--filter", "MEASURE=PAW", "--filter", "SEX=F", "--id", "paid_work")
        == 0
    )
    spec = parse_file(series_dir / "paid_work.toml")  # the registry's own validation
    assert spec.fetch.publisher == "oecd"
    assert spec.fetch.params == {
        "agency": "OECD.WISE.INE",
        "dataflow": "DSD_TIME_USE@DF_TIME_USE",
        "version": "1.0",
        "filters": {"MEASURE": "PAW", "SEX": "F"},
        "time_dimension": False,  # the message has no TimeDimension
    }
    measure, sex = code_name(structure, "CL_MEASURE_TUS", "PAW"), code_name(structure, "CL_SEX", "F")
    assert spec.title == f"{measure}, {sex}"
    assert spec.unit == code_name(structure, "CL_UNIT_MEASURE", "MN_D")  # the one unit the constraint allows
    assert (spec.min_value, spec.max_value, spec.integer) == (0.0, 1440.0, False)  # minutes in a day
    catalogue.load(series_dir)


def test_a_dimension_left_open_is_asked_for_with_its_codes(series_dir, structure, capsys) -> None:
    assert add("--from", str(structure), "--filter", "MEASURE=PAW") == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "pick one SEX with --filter SEX=CODE: F (Female), M (Male), _T (Total)" in out
    assert not list(series_dir.glob("df_time_use*"))


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--filter", "MEASURE=XXX", "--filter", "SEX=F"], "MEASURE=XXX is not a code of this dataflow"),
        (["--filter", "MEASURE=PAW", "--filter", "SEX=_Z"], "SEX=_Z is not a code of this dataflow"),
        (["--filter", "AGE=Y15T64", "--filter", "MEASURE=PAW", "--filter", "SEX=F"], "no dimension AGE"),
        (["--filter", "MEASURE"], "expected DIMENSION=CODE"),
        (["--filter", "SEX=F", "--filter", "SEX=M"], "once per dimension"),
    ],
)
def test_codes_the_message_does_not_know_are_refused(series_dir, structure, capsys, argv, message) -> None:
    before = sorted(series_dir.iterdir())
    assert add("--from", str(structure), *argv) == 1
    assert message in " ".join(capsys.readouterr().out.split())
    assert sorted(series_dir.iterdir()) == before


def test_a_dataflow_the_message_lacks_is_named(series_dir, structure, capsys) -> None:
    assert main(["add", "oecd", "OECD.ELS.SAE:DSD_EARNINGS@GENDER_WAGE_GAP", "--from", str(structure)]) == 1
    assert f"it holds ['{FLOW}']" in capsys.readouterr().out


def test_without_a_structure_message_it_says_how_to_get_one(series_dir, capsys) -> None:
    assert add("--filter", "MEASURE=PAW") == 1
    assert "pass the dataflow's structure message with --from" in " ".join(capsys.readouterr().out.split())


def billion_laughs() -> bytes:
    """Nine levels of ten references each: 10^9 copies of "lol" if an XML parser expanded them all."""
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE x [{"".join(levels)}]><x>&l9;</x>'.encode()


@pytest.mark.parametrize(
    "content", [b"<not xml", billion_laughs(), b""], ids=["not XML", "entity expansion bomb", "empty"]
)
def test_a_file_that_is_not_a_structure_message_is_refused(series_dir, tmp_path, capsys, content) -> None:
    path = tmp_path / "structure.xml"
    path.write_bytes(content)
    assert add("--from", str(path), "--filter", "MEASURE=PAW", "--filter", "SEX=F") == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "Not added" in out and str(path) in out
