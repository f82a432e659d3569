"""Every fault leaves the previous data/ snapshot byte-identical; a failed series spares the others.

Each test runs the real CLI (``commands.fetch.main``) against the local publisher server, into a copy of
the shipped snapshot, and hashes every file in that folder before and after.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest
from fetch_helpers import (
    BIRTHS_CSV_PATH,
    BIRTHS_META_PATH,
    FIXTURES,
    GAP_CSV_PATH,
    GAP_META_PATH,
    SDMX_CSV,
    TIME_USE_PATH,
    WAGE_GAP_PATH,
    Reply,
    csv_reply,
    fixture_bytes,
    html_reply,
    json_reply,
    status_reply,
    tree_hashes,
    wb_indicator_path,
)

import fetch.http
from commands.fetch import main

TFRT = wb_indicator_path("SP.DYN.TFRT.IN")
CBRT = wb_indicator_path("SP.DYN.CBRT.IN")
LFP_FE = wb_indicator_path("SL.TLF.CACT.FE.ZS")


def _wb_page_with(fixture: str, edit) -> bytes:
    body = json.loads((FIXTURES / fixture).read_text())
    edit(body)
    return json.dumps(body).encode()


def _set_value(code: str, year: str, new: Any):
    def edit(body):
        [row] = [r for r in body[1] if r["countryiso3code"] == code and r["date"] == year]
        row["value"] = new

    return edit


def _time_use(edit) -> bytes:
    lines = (FIXTURES / "oecd/time_use.csv").read_text(encoding="utf-8").splitlines()
    return ("\n".join(edit(lines)) + "\n").encode()


def _duplicate_korea_women(lines: list[str]) -> list[str]:
    [korea] = [line for line in lines if ",KOR,Korea,UPW," in line and ",F,Female," in line]
    return [*lines, korea.replace("215.00894", "216.5")]


@dataclass(frozen=True)
class Fault:
    name: str
    series: str
    path: str
    replies: tuple[Reply, ...]
    reason: str  # what the CLI's failure line must say
    page: int | None = None
    read_timeout: float | None = None


FAULTS = [
    Fault("5xx forever", "fertility_rate", TFRT, (status_reply(503),), "HTTP 503"),
    Fault("429 forever", "unpaid_care_female", TIME_USE_PATH, (status_reply(429, "0"),), "HTTP 429"),
    Fault(
        "long Retry-After",
        "unpaid_care_male",
        TIME_USE_PATH,
        (status_reply(429, "3600"),),
        "Retry-After: 3600",
    ),
    Fault(
        "timeout",
        "births",
        BIRTHS_CSV_PATH,
        (Reply(body=fixture_bytes("owid/number-of-births-per-year.csv"), delay=1.0),),
        "timed out",
        read_timeout=0.2,
    ),
    Fault("HTML page", "birth_rate", CBRT, (html_reply(200),), "sent an HTML page"),
    Fault(
        "HTML error page", "birth_rate", CBRT, (html_reply(400, "worldbank/bad_request.html"),), "HTTP 400"
    ),
    Fault(
        "truncated JSON on page 2",
        "fertility_rate",
        TFRT,
        (Reply(body=fixture_bytes("worldbank/SP.DYN.TFRT.IN_page2.json")[:1500]),),
        "invalid or truncated JSON",
        page=2,
    ),
    Fault(
        "connection closed mid-body",
        "births",
        BIRTHS_CSV_PATH,
        (Reply(body=fixture_bytes("owid/number-of-births-per-year.csv"), send_bytes=300),),
        "births",
    ),
    Fault(
        "WB error envelope",
        "lfp_female",
        LFP_FE,
        (json_reply("worldbank/error_120.json"),),
        "120 Invalid value",
    ),
    Fault(
        "WB empty result",
        "fertility_rate",
        TFRT,
        (Reply(body=b'[{"page":1,"pages":0,"per_page":"50","total":0,"lastupdated":"2026-07-13"},null]'),),
        "the answer holds no values for fertility_rate",
    ),
    Fault(
        "SDMX missing column",
        "unpaid_care_female",
        TIME_USE_PATH,
        (
            Reply(
                body=_time_use(lambda ls: [ls[0].replace(",SEX,", ",SEX_CODE,"), *ls[1:]]),
                content_type=SDMX_CSV,
            ),
        ),
        "missing columns ['SEX']",
    ),
    Fault(
        "SDMX other dataflow",
        "unpaid_care_male",
        TIME_USE_PATH,
        (
            Reply(
                body=_time_use(
                    lambda ls: [line.replace("DF_TIME_USE(1.0)", "DF_TIME_USE(2.0)") for line in ls]
                ),
                content_type=SDMX_CSV,
            ),
        ),
        "expected OECD.WISE.INE:DSD_TIME_USE@DF_TIME_USE(1.0)",
    ),
    Fault(
        "duplicate country-years",
        "unpaid_care_female",
        TIME_USE_PATH,
        (Reply(body=_time_use(_duplicate_korea_women), content_type=SDMX_CSV),),
        "duplicate country-years: KOR 2014",
    ),
    Fault(
        "implausible value",
        "fertility_rate",
        TFRT,
        (Reply(body=_wb_page_with("worldbank/SP.DYN.TFRT.IN_page1.json", _set_value("KOR", "2023", 72.1))),),
        "values outside the plausible range 0 to 10 births per woman: KOR 2023=72.1",
        page=1,
    ),
    Fault(
        "non-numeric value",
        "births",
        BIRTHS_CSV_PATH,
        (Reply(body=fixture_bytes("owid/number-of-births-per-year.csv").replace(b"236394", b"about 236k")),),
        "value 'about 236k' is neither a number nor a known missing-value marker",
    ),
    Fault(
        "OWID metadata without the column",
        "births",
        BIRTHS_META_PATH,
        (
            Reply(
                body=json.dumps(
                    {
                        "columns": {
                            "deaths__sex_all__age_all__variant_estimates": {
                                "shortName": "deaths__sex_all__age_all__variant_estimates"
                            }
                        }
                    }
                ).encode()
            ),
        ),
        "cannot pick one value column for births",
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_keeps_the_snapshot_byte_identical(fault, publishers, snapshot, monkeypatch, capsys):
    if fault.read_timeout:
        monkeypatch.setattr(fetch.http, "TIMEOUT", (2, fault.read_timeout))
    publishers.route(fault.path, *fault.replies, page=fault.page)
    before = tree_hashes(snapshot)

    code = main([fault.series, "--data-dir", str(snapshot)])

    out = capsys.readouterr().out
    assert code == 1
    assert tree_hashes(snapshot) == before
    assert f"{fault.series} failed:" in out
    assert fault.reason in out
    assert f"1 failed: {fault.series}" in out


def test_pay_gap_fails_only_when_primary_and_fallback_both_fail(publishers, snapshot, capsys):
    publishers.route(WAGE_GAP_PATH, status_reply(429, "0"))
    publishers.route(GAP_CSV_PATH, html_reply(200))
    before = tree_hashes(snapshot)
    assert main(["pay_gap", "--data-dir", str(snapshot)]) == 1
    assert tree_hashes(snapshot) == before
    out = capsys.readouterr().out
    assert "HTTP 429" in out  # the OECD's reason
    assert "expected CSV but the server sent an HTML page" in out  # and OWID's


def _series_bytes(data_dir, series_id) -> bytes:
    return (data_dir / f"{series_id}.csv").read_bytes()


def test_failed_series_spares_the_others(publishers, snapshot, capsys):
    publishers.route(LFP_FE, json_reply("worldbank/error_120.json"))
    manifest_before = json.loads((snapshot / "manifest.json").read_text())
    lfp_before = _series_bytes(snapshot, "lfp_female")
    fertility_before = _series_bytes(snapshot, "fertility_rate")

    # The fixtures are excerpts: far smaller than the snapshot, so the shrink guard needs the flag.
    code = main(["fertility_rate", "lfp_female", "births", "--data-dir", str(snapshot), "--accept-shrink"])

    out = capsys.readouterr().out
    assert code == 1
    assert "lfp_female failed:" in out and "120 Invalid value" in out
    assert "1 failed: lfp_female" in out
    manifest = json.loads((snapshot / "manifest.json").read_text())
    # The failed series: same file, same manifest entry.
    assert _series_bytes(snapshot, "lfp_female") == lfp_before
    assert manifest["series"]["lfp_female"] == manifest_before["series"]["lfp_female"]
    # The others were updated from the server.
    assert _series_bytes(snapshot, "fertility_rate") != fertility_before
    fertility = pd.read_csv(snapshot / "fertility_rate.csv")
    assert fertility.query("country_code == 'KOR' and year == 2024")["value"].item() == 0.748
    assert manifest["series"]["fertility_rate"]["method"] == "api"
    assert (
        len(manifest["series"]["births"]["vintages"])
        == len(manifest_before["series"]["births"]["vintages"]) + 1
    )


@pytest.mark.parametrize(
    ("path", "transient", "success"),
    [
        (WAGE_GAP_PATH, status_reply(429, "0"), csv_reply("oecd/gender_wage_gap.csv", content_type=SDMX_CSV)),
        (BIRTHS_CSV_PATH, status_reply(502), csv_reply("owid/number-of-births-per-year.csv")),
        (TFRT, status_reply(503, "0"), json_reply("worldbank/SP.DYN.TFRT.IN_page1.json")),
    ],
    ids=["429 then success", "502 then success", "503 then success"],
)
def test_transient_fault_then_success_refetches_the_same_data(
    path, transient, success, publishers, snapshot, capsys
):
    series = {WAGE_GAP_PATH: "pay_gap", BIRTHS_CSV_PATH: "births", TFRT: "fertility_rate"}[path]
    assert main([series, "--data-dir", str(snapshot), "--accept-shrink"]) == 0  # an excerpt
    after_first = tree_hashes(snapshot)
    page = 1 if path == TFRT else None
    hits = publishers.hits(path, page)

    publishers.route(path, transient, success, page=page)
    assert main([series, "--data-dir", str(snapshot)]) == 0

    assert publishers.hits(path, page) - hits == 2  # the fault, then the retry that succeeded
    assert tree_hashes(snapshot) == after_first  # same data: no new vintage, manifest untouched
    out = capsys.readouterr().out
    assert f"✓ {series}: no change" in out
    assert "ok (unchanged)" in out


def test_fallback_metadata_fault_then_success(publishers, tmp_path):
    publishers.route(WAGE_GAP_PATH, status_reply(403))
    publishers.route(GAP_META_PATH, status_reply(500), json_reply("owid/gender-wage-gap-oecd.metadata.json"))
    assert main(["pay_gap", "--data-dir", str(tmp_path)]) == 0
    entry = json.loads((tmp_path / "manifest.json").read_text())["series"]["pay_gap"]
    assert entry["fallback"].startswith("primary source failed: pay_gap: HTTP 403")


def test_non_numeric_value_does_not_stop_the_run(publishers, snapshot, capsys):
    body = fixture_bytes("owid/number-of-births-per-year.csv").replace(b"236394", b"about 236k")
    publishers.route(BIRTHS_CSV_PATH, Reply(body=body, content_type="text/csv"))
    births_before = _series_bytes(snapshot, "births")
    assert main(["births", "fertility_rate", "--data-dir", str(snapshot)]) == 1
    assert "births failed:" in capsys.readouterr().out
    assert _series_bytes(snapshot, "births") == births_before
    fertility = pd.read_csv(snapshot / "fertility_rate.csv")  # the series after it was still fetched
    assert fertility.query("country_code == 'XKX' and year == 2024")["value"].item() == 1.538


def test_refetch_repairs_a_corrupt_series_file_and_the_run_goes_on(publishers, snapshot, capsys):
    # the store's restore hint tells users to re-fetch a corrupt file; that must work.
    (snapshot / "births.csv").write_text("garbage\n", encoding="utf-8")
    assert main(["births", "fertility_rate", "--data-dir", str(snapshot), "--accept-shrink"]) == 0
    births = pd.read_csv(snapshot / "births.csv")
    assert births.query("country_code == 'KOR' and year == 2023")["value"].item() == 236394
    entry = json.loads((snapshot / "manifest.json").read_text())["series"]["births"]
    assert entry["sha256"] == hashlib.sha256((snapshot / "births.csv").read_bytes()).hexdigest()
    fertility = pd.read_csv(snapshot / "fertility_rate.csv")
    assert fertility.query("country_code == 'KOR' and year == 2024")["value"].item() == 0.748
