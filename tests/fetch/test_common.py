"""An answer or file that leaves no values is an error for that series only: a message naming the
series, the URL or file and why, the other series still fetched, the data folder byte-identical."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fetch_helpers import (
    FIXTURES,
    SDMX_CSV,
    TIME_USE_PATH,
    Reply,
    fixture_bytes,
    tree_hashes,
    wb_indicator_path,
)

from commands.fetch import main


def _all_null_worldbank() -> bytes:
    header, rows = json.loads(fixture_bytes("worldbank/SP.DYN.CBRT.IN.json"))
    return json.dumps([header, [{**row, "value": None} for row in rows]]).encode()


def _undatable_time_use() -> bytes:
    """Every unpaid-work value differs from the survey workbook's, so no country can be dated."""
    table = list(csv.reader(io.StringIO(fixture_bytes("oecd/time_use.csv").decode())))
    at = table[0].index("OBS_VALUE")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [table[0]] + [[*r[:at], "1234.5", *r[at + 1 :]] for r in table[1:]]
    )
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("series", "path", "reply", "why"),
    [
        (
            "birth_rate",
            wb_indicator_path("SP.DYN.CBRT.IN"),
            Reply(body=_all_null_worldbank()),
            "missing value",
        ),
        (
            "unpaid_care_female",
            TIME_USE_PATH,
            Reply(body=_undatable_time_use(), content_type=SDMX_CSV),
            "survey year is unknown",
        ),
    ],
    ids=["World Bank all null", "time use undatable"],
)
def test_an_answer_with_no_values_fails_that_series_only(
    series, path, reply, why, publishers, snapshot, capsys
):
    publishers.route(path, reply)
    before = tree_hashes(snapshot)
    assert main([series, "births", "--data-dir", str(snapshot), "--accept-shrink"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"{series} failed: {series}: the answer holds no values for {series} (" in out
    assert why in out and path.rsplit("/", 1)[-1] in out
    assert "Traceback" not in out and f"1 failed: {series}" in out  # births still fetched
    after = tree_hashes(snapshot)
    assert {k: v for k, v in after.items() if series in k} == {k: v for k, v in before.items() if series in k}
    manifest = json.loads((snapshot / "manifest.json").read_text())["series"][series]
    assert (
        manifest == json.loads((FIXTURES.parent.parent / "data/manifest.json").read_text())["series"][series]
    )


def test_a_file_with_no_values_is_refused_naming_it(tmp_path, capsys):
    empty = tmp_path / "SP.DYN.CBRT.IN.json"
    empty.write_bytes(_all_null_worldbank())
    args = ["birth_rate", "--from", str(empty), "--data-dir", str(tmp_path / "d")]
    for page in (1, 2):
        args += ["--from", str(FIXTURES / f"worldbank/country_page{page}.json")]
    assert main(args) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "the answer holds no values for birth_rate" in out and str(empty) in out
    assert not (tmp_path / "d" / "manifest.json").exists()
