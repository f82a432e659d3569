"""Inputs a newcomer or an adversary gives the fetch commands: each ends in a one-line message that
names the series and the file or URL, a non-zero exit code, no traceback and an unchanged data folder.

Found by trying the fetch side after issues 9, 10 and 13 were merged; each case failed before its fix.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from fetch_helpers import FIXTURES, ROOT, WB_PREFIX, Reply, tree_hashes

from commands.fetch import main
from registry import catalogue

OWID_BIRTHS = FIXTURES / "owid" / "number-of-births-per-year.csv"


def test_a_folder_passed_as_from_is_named_not_errno(snapshot: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    before = tree_hashes(snapshot)
    assert main(["pay_gap", "--from", str(folder), "--data-dir", str(snapshot)]) == 1
    out = capsys.readouterr().out
    assert f"pay_gap: not a file: {folder}" in out and "Errno" not in out
    assert tree_hashes(snapshot) == before


def test_a_file_of_another_publisher_names_the_file_and_the_series_source(snapshot: Path, capsys) -> None:
    """An OWID births file passed for a World Bank series: say so, not 'no owid query in the registry'."""
    before = tree_hashes(snapshot)
    argv = ["fertility_rate", "--from", str(OWID_BIRTHS), "--released", "2024-07-11"]
    assert main([*argv, "--data-dir", str(snapshot)]) == 1
    out = " ".join(capsys.readouterr().out.split())  # rich may wrap the long line
    assert "the file is from Our World in Data, but fertility_rate comes from World Bank" in out
    assert OWID_BIRTHS.name in out
    assert tree_hashes(snapshot) == before


def test_a_publishers_file_for_the_wrong_series_is_refused(snapshot: Path, raw_dir: Path, capsys) -> None:
    """The real Statistics Korea workbook passed for the OECD wage gap."""
    workbook = next((raw_dir / "kosis").glob("*.xlsx"))
    before = tree_hashes(snapshot)
    assert main(["pay_gap", "--from", str(workbook), "--data-dir", str(snapshot)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "the file is from Statistics Korea (KOSIS), but pay_gap comes from OECD" in out
    assert tree_hashes(snapshot) == before


@pytest.mark.parametrize(
    "option",
    [
        ["--as-of", (date.today() + timedelta(days=1)).isoformat()],
        ["--as-of", "2999-01-01"],
        ["--release", "2999-01"],
        ["--from", str(OWID_BIRTHS), "--released", "2999-01-01"],  # a file public in 2999 became current
    ],
)
def test_a_date_in_the_future_is_refused_before_any_request(option, tmp_path, publishers, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["fertility_rate", *option, "--data-dir", str(tmp_path / "data")])
    assert exited.value.code == 2
    assert "is in the future" in capsys.readouterr().err
    assert publishers.requests == [] and not (tmp_path / "data").exists()


def test_a_released_date_that_is_no_date_is_a_usage_error(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["births", "--from", str(OWID_BIRTHS), "--released", "2024-13-01", "--data-dir", str(tmp_path)])
    assert exited.value.code == 2
    assert "--released: expected a date like 2024-09-01, got '2024-13-01'" in capsys.readouterr().err


@pytest.fixture
def series_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "series"
    shutil.copytree(ROOT / "series", target)
    monkeypatch.setenv(catalogue.SERIES_DIR_VARIABLE, str(target))
    return target


def header(rows: list) -> bytes:
    return json.dumps([{"page": 1, "pages": 1, "per_page": 50, "total": len(rows)}, rows]).encode()


@pytest.mark.parametrize(
    ("meta", "named"),
    [
        ({"name": "Odd", "source": "WDI"}, "source"),  # a string where the API has an object
        ({"name": "Odd", "source": {"id": "abc", "value": "WDI"}}, "source.id"),
        ({"name": "Odd", "sourceNote": ["a", "list"], "unit": 5}, "unit, sourceNote"),
        ({"name": {"value": "nested"}}, "name"),
    ],
)
def test_add_with_malformed_metadata_writes_nothing(series_dir, publishers, capsys, meta, named) -> None:
    code = "ODD.CODE"
    publishers.route(f"{WB_PREFIX}/indicator/{code}", Reply(body=header([{"id": code, **meta}])))
    before = sorted(p.name for p in series_dir.iterdir())
    assert main(["add", "worldbank", code]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"Not added: {code}: unexpected indicator metadata: {named} of the wrong type" in out
    assert f"{WB_PREFIX}/indicator/{code}" in out
    assert sorted(p.name for p in series_dir.iterdir()) == before


def test_add_with_an_empty_id_is_refused(series_dir, publishers, capsys) -> None:
    assert main(["add", "worldbank", "SG.GEN.PARL.ZS", "--id", ""]) == 2
    assert "--id '': use lowercase letters" in capsys.readouterr().out
    assert publishers.requests == [] and not (series_dir / "sg_gen_parl_zs.toml").exists()


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        (5, "series 'births': expected an object, got 5"),
        ({"vintages": "x"}, "series 'births': vintages: expected a list, got 'x'"),
        ({"vintages": ["x"]}, "series 'births': vintages[0]: expected an object, got 'x'"),
    ],
)
def test_a_manifest_entry_of_the_wrong_shape_is_named(snapshot: Path, capsys, entry, said) -> None:
    """Valid JSON, wrong shape: a message naming the file and series, not an AttributeError traceback,
    before anything is read or written."""
    manifest = snapshot / "manifest.json"
    manifest.write_text(json.dumps({"series": {"births": entry}}), encoding="utf-8")
    before = tree_hashes(snapshot)
    argv = ["births", "--from", str(OWID_BIRTHS), "--released", "2024-07-11", "--accept-shrink"]
    assert main([*argv, "--data-dir", str(snapshot)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"{manifest} is not valid ({said})" in out
    assert main(["--list", "--data-dir", str(snapshot)]) == 1
    assert tree_hashes(snapshot) == before


def test_a_file_over_the_size_cap_is_refused_unread(snapshot: Path, monkeypatch, capsys) -> None:
    """A 200 MB one-line "CSV" took 1.7 GB of memory to refuse; now its size is checked first."""
    import fetch.http

    monkeypatch.setattr(fetch.http, "MAX_BODY_MB", 0.0001)  # 100 bytes: the recorded file is larger
    before = tree_hashes(snapshot)
    argv = ["births", "--from", str(OWID_BIRTHS), "--released", "2024-07-11", "--data-dir", str(snapshot)]
    assert main(argv) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "births: larger than 0.0001 MB (FETCH_MAX_BODY_MB), not read:" in out and OWID_BIRTHS.name in out
    assert tree_hashes(snapshot) == before


def test_text_with_square_brackets_prints_as_typed(snapshot: Path, tmp_path: Path, capsys) -> None:
    """Paths, ids, labels and publisher messages are data, not rich markup: "[/x]" raised MarkupError."""
    label = "[/x] [bold]export"
    assert main(["[/x]", "--data-dir", str(snapshot)]) == 2
    assert "Unknown series: [/x]." in capsys.readouterr().out
    assert main(["births", "--from", str(tmp_path / "[/x].csv"), "--data-dir", str(snapshot)]) == 1
    assert f"no such file: {tmp_path / '[/x].csv'}" in " ".join(capsys.readouterr().out.split())
    argv = ["births", "--from", str(OWID_BIRTHS), "--released", "2024-07-12", "--label", label]
    assert main([*argv, "--accept-shrink", "--data-dir", str(snapshot)]) == 0
    capsys.readouterr()
    assert main(["--list", "--data-dir", str(snapshot)]) == 0
    assert "[/x]" in capsys.readouterr().out
    assert main(["diff", "births", "--data-dir", str(snapshot)]) == 0
    assert f"new: 2024-07-12 · {label}" in capsys.readouterr().out
    assert main(["diff", "births", "--old", "[/nope]", "--data-dir", str(snapshot)]) == 1
    assert "births: no vintage matches '[/nope]'" in capsys.readouterr().out


def test_a_cut_off_workbook_says_what_it_was_taken_for(snapshot, raw_dir, tmp_path, capsys) -> None:
    """The KOSIS download cut to 4 kB: it said only "found only companion files"."""
    cut = tmp_path / "kosis.xlsx"
    cut.write_bytes(next((raw_dir / "kosis").glob("*.xlsx")).read_bytes()[:4000])
    before = tree_hashes(snapshot)
    argv = ["births_national", "--from", str(cut), "--released", "2026-03-27", "--data-dir", str(snapshot)]
    assert main(argv) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "births_national: no publisher's data file among them: kosis.xlsx is an XLSX but no " in out
    assert "Statistics Korea download (the OECD Time Use workbook, or cut off or unreadable)" in out
    assert tree_hashes(snapshot) == before


@pytest.mark.parametrize("series_id", ["add", "diff", "get"])
def test_a_series_named_like_a_command_is_fetched_with_get(series_dir, tmp_path, publishers, series_id):
    """Commands are argparse subcommands: no series id is reserved; ``get`` spelled out fetches it."""
    text = (ROOT / "series" / "births.toml").read_text(encoding="utf-8")
    (series_dir / f"{series_id}.toml").write_text(text.replace('id = "births"', f'id = "{series_id}"'))
    assert series_id in catalogue.load(series_dir)
    data = tmp_path / "data"
    assert main(["get", series_id, "births", "--data-dir", str(data)]) == 0
    assert (data / f"{series_id}.csv").read_bytes() == (data / "births.csv").read_bytes()


@pytest.mark.parametrize("option", ["--data-dir", "--cache-dir"])
def test_a_file_given_as_a_folder_is_refused_before_any_request(tmp_path, publishers, capsys, option):
    """--cache-dir FILE ended in requests_cache's FileExistsError traceback; --data-dir FILE fetched first."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    argv = ["fertility_rate", option, str(a_file)]
    assert main(argv if option == "--data-dir" else [*argv, "--data-dir", str(tmp_path / "data")]) == 2
    assert f"{option} {a_file} is a file, not a folder." in " ".join(capsys.readouterr().out.split())
    assert publishers.requests == [] and a_file.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(body=(FIXTURES / "worldbank/error_175.json").read_bytes()), "World Bank API error 175"),
        (
            Reply(
                body=b'<?xml version="1.0"?><wb:error><wb:message id="120"/></wb:error>',
                content_type="text/xml",
            ),
            "expected JSON but the server sent XML",
        ),
        (Reply(body=b"[" * 100_000 + b"]" * 100_000), "JSON nested too deeply to parse"),
        (Reply(body=b""), "invalid or truncated JSON"),
        (Reply(body=b"<html>maintenance</html>", content_type="text/html"), "sent an HTML page"),
    ],
)
def test_add_with_a_hostile_metadata_answer_writes_nothing(series_dir, publishers, capsys, reply, expected):
    publishers.route(f"{WB_PREFIX}/indicator/ODD.CODE", reply)
    before = sorted(p.name for p in series_dir.iterdir())
    assert main(["add", "worldbank", "ODD.CODE"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("Not added: ODD.CODE:") and expected in out and "/indicator/ODD.CODE" in out
    assert sorted(p.name for p in series_dir.iterdir()) == before
