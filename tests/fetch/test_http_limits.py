"""Bounded time and memory, and text that cannot be read: each ends in a message naming the series and
the URL or file, the other series still run, and the failed series' files stay byte-identical.

The slow-drip server and the gzip bomb run ``python -m fetch`` in a child process with its own
address-space limit and a wall-clock timeout, so a regression fails the test instead of hanging it
or exhausting the machine; the limits are set small through their environment variables.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from fetch_helpers import (
    BIRTHS_CSV_PATH,
    BIRTHS_META_PATH,
    COUNTRY_PATH,
    FIXTURES,
    SDMX_CSV,
    TIME_USE_PATH,
    Reply,
    fixture_bytes,
    peak_mb,
    run_child,
    tree_hashes,
    wb_indicator_path,
)

import fetch.http
from commands.fetch import main

TFRT = wb_indicator_path("SP.DYN.TFRT.IN")


def _births_entry(data_dir: Path) -> dict:
    return json.loads((data_dir / "manifest.json").read_text())["series"]["births"]


def test_slow_drip_ends_at_the_request_deadline(publishers, snapshot):
    body = fixture_bytes("owid/number-of-births-per-year.csv")
    publishers.route(BIRTHS_CSV_PATH, Reply(body=body, content_type="text/csv", drip=0.05))  # ~2 min
    births_before = (snapshot / "births.csv").read_bytes()
    entry_before = _births_entry(snapshot)

    args = ["births", "fertility_rate", "--data-dir", str(snapshot), "--accept-shrink"]
    done, seconds = run_child(publishers, args, FETCH_REQUEST_DEADLINE="2")

    assert done.returncode == 1, done.stderr
    out = " ".join(done.stdout.split())
    assert "births failed: births: the answer was not complete within the 2s deadline per request" in out
    assert "number-of-births-per-year.csv" in out  # the URL
    assert "Traceback" not in done.stdout + done.stderr
    assert "1 failed: births" in out  # fertility_rate, after it, was fetched
    assert (snapshot / "births.csv").read_bytes() == births_before
    assert _births_entry(snapshot) == entry_before
    assert seconds < 60, f"took {seconds:.1f}s"  # generous: the deadline is 2s
    print(f"slow drip ended after {seconds:.1f}s (deadline 2s, child start-up included)")


def _gzip_bomb(decompressed_mb: int = 1024) -> bytes:
    """A valid gzip body of about 1 MB that inflates to ``decompressed_mb`` MB of zeros.

    Built as repeated gzip members (RFC 1952 allows several) so building it takes milliseconds.
    """
    member = zlib.compressobj(9, zlib.DEFLATED, 31)
    one = member.compress(b"0" * (16 << 20)) + member.flush()
    return one * (decompressed_mb // 16)


def test_gzip_bomb_is_refused_after_the_cap_without_holding_it(publishers, tmp_path):
    bomb = _gzip_bomb()
    assert len(bomb) < 2 * 1024**2
    publishers.route(
        BIRTHS_CSV_PATH, Reply(body=bomb, content_type="text/csv", headers={"Content-Encoding": "gzip"})
    )
    publishers.route(TFRT, Reply(body=bomb, headers={"Content-Encoding": "gzip"}), page=1)
    (tmp_path / "data").mkdir()

    args = ["births", "fertility_rate", "birth_rate", "--data-dir", str(tmp_path / "data")]
    done, seconds = run_child(publishers, args, FETCH_MAX_BODY_MB="20")

    out = " ".join(done.stdout.split())
    assert done.returncode == 1, done.stderr
    assert "births failed: births: the answer is larger than 20 MB once decompressed" in out
    assert "fertility_rate failed: fertility_rate: the answer is larger than 20 MB" in out
    assert "2 failed: births, fertility_rate" in out  # birth_rate still fetched
    assert "Traceback" not in done.stdout + done.stderr
    assert sorted(p.name for p in (tmp_path / "data").glob("*.csv")) == ["birth_rate.csv"]
    peak = peak_mb(done)
    assert peak < 600, f"peak RSS {peak:.0f} MB for a {len(bomb) / 1e6:.1f} MB bomb of 1 GB"
    print(
        f"gzip bomb ({len(bomb) / 1e6:.2f} MB -> 1 GB): refused after {seconds:.1f}s, peak RSS {peak:.0f} MB"
    )


def test_series_deadline_spans_all_its_requests(publishers, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(fetch.http, "SERIES_DEADLINE", 1.0)
    slow = Reply(body=fixture_bytes("worldbank/country_page1.json"), delay=0.6)
    publishers.route(COUNTRY_PATH, slow, page=1)
    publishers.route(
        COUNTRY_PATH, Reply(body=fixture_bytes("worldbank/country_page2.json"), delay=0.6), page=2
    )
    assert main(["fertility_rate", "births", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "fertility_rate failed: fertility_rate:" in out
    assert "within the 1s deadline per series" in out or "the 1s deadline per series has passed" in out
    assert "1 failed: fertility_rate" in out
    assert (tmp_path / "births.csv").exists() and not (tmp_path / "fertility_rate.csv").exists()


BAD = b"\xff"  # never valid in UTF-8
DEEP_JSON = b"[" * 200_000 + b"]" * 200_000


@pytest.mark.parametrize(
    ("series", "path", "page"),
    [("fertility_rate", TFRT, 1), ("births", BIRTHS_META_PATH, None)],
    ids=["World Bank API", "OWID metadata"],
)
def test_deeply_nested_json_answer_fails_that_series_only(series, path, page, publishers, snapshot, capsys):
    publishers.route(path, Reply(body=DEEP_JSON), page=page)
    other = "birth_rate"
    before = tree_hashes(snapshot)
    assert main([series, "--data-dir", str(snapshot)]) == 1
    assert tree_hashes(snapshot) == before
    out = " ".join(capsys.readouterr().out.split())
    assert f"{series} failed: {series}: JSON nested too deeply to parse" in out
    assert path.rsplit("/", 1)[-1] in out
    assert main([series, other, "--data-dir", str(snapshot), "--accept-shrink"]) == 1
    assert f"1 failed: {series}" in " ".join(capsys.readouterr().out.split())


def test_deeply_nested_json_files_fail_with_their_name(tmp_path, capsys):
    deep = tmp_path / "SP.DYN.TFRT.IN.json"
    deep.write_bytes(DEEP_JSON)
    country = FIXTURES / "worldbank/country_page1.json"
    code = main(
        ["fertility_rate", "--from", str(deep), "--from", str(country), "--data-dir", str(tmp_path / "d")]
    )
    out = " ".join(capsys.readouterr().out.split())
    assert code == 1 and "JSON nested too deeply to parse" in out and str(deep) in out

    meta = tmp_path / "number-of-births-per-year.metadata.json"
    meta.write_bytes(b'{"chart": ' + DEEP_JSON + b"}")  # an object, as metadata is
    births = FIXTURES / "owid/number-of-births-per-year.csv"
    code = main(["births", "--from", str(births), "--from", str(meta), "--data-dir", str(tmp_path / "d")])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 1 and "JSON nested too deeply to parse" in out and str(meta) in out
    assert not (tmp_path / "d" / "manifest.json").exists()


def test_deeply_nested_toml_claims_file_is_a_readable_error():
    from claims.loader import ClaimsFileError, parse_claims

    with pytest.raises(ClaimsFileError, match=r"mine\.toml: .*nested too deeply"):
        parse_claims("a = " + "[" * 50_000 + "]" * 50_000, source="mine.toml")


# --- text that cannot be decoded ------------------------------------------------------------------


def _break_korea(body: bytes, marker: bytes) -> bytes:
    """Put an invalid UTF-8 byte into Korea's first row (the bug: such rows were silently dropped)."""
    at = body.index(marker)
    return body[:at] + BAD + body[at + 1 :]


def _korea_line(body: bytes, marker: bytes) -> int:
    return body[: body.index(marker)].count(b"\n") + 1


LIVE_TEXT = [
    ("births", BIRTHS_CSV_PATH, None, "owid/number-of-births-per-year.csv", b"South Korea", "text/csv"),
    ("fertility_rate", TFRT, 1, "worldbank/SP.DYN.TFRT.IN_page1.json", b'"KOR"', "application/json"),
    ("unpaid_care_female", TIME_USE_PATH, None, "oecd/time_use.csv", b"KOR", SDMX_CSV),
]


@pytest.mark.parametrize(
    ("series", "path", "page", "fixture", "marker", "content_type"),
    LIVE_TEXT,
    ids=["OWID CSV", "World Bank JSON", "OECD SDMX-CSV"],
)
def test_invalid_utf8_in_a_live_answer_is_an_error_naming_url_and_line(
    series, path, page, fixture, marker, content_type, publishers, snapshot, capsys
):
    body = _break_korea(fixture_bytes(fixture), marker)
    publishers.route(path, Reply(body=body, content_type=content_type), page=page)
    before = tree_hashes(snapshot)
    assert main([series, "--data-dir", str(snapshot), "--accept-shrink"]) == 1  # even when accepting
    assert tree_hashes(snapshot) == before
    out = " ".join(capsys.readouterr().out.split())
    at, line = body.index(BAD), _korea_line(body, BAD)
    assert f"{series} failed: {series}: text is not valid UTF-8 at byte {at:,} (line {line}," in out
    assert path.rsplit("/", 1)[-1] in out


def test_invalid_utf8_in_imported_files_is_an_error_naming_file_and_line(tmp_path, capsys):
    cases = [
        ("births", [("owid/number-of-births-per-year.csv", b"South Korea")]),
        (
            "fertility_rate",
            [
                ("worldbank/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_excerpt.csv", b'"KOR"'),
                ("worldbank/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_excerpt.csv", None),
            ],
        ),
        (
            "lfp_male",
            [
                ("worldbank/databank_lfp_male_excerpt.csv", b"KOR"),
                ("worldbank/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_excerpt.csv", None),
            ],
        ),
        ("unpaid_care_male", [("oecd/time_use.csv", b"KOR")]),
        ("pay_gap", [("oecd/DP_LIVE_excerpt.csv", b"KOR")]),
        (
            "fertility_rate",
            [("worldbank/SP.DYN.TFRT.IN_page1.json", b'"KOR"'), ("worldbank/country_page1.json", None)],
        ),
    ]
    for series, files in cases:
        args = [series, "--data-dir", str(tmp_path / "data")]
        broken = None
        for relpath, marker in files:
            target = tmp_path / series / Path(relpath).name
            target.parent.mkdir(exist_ok=True)
            body = fixture_bytes(relpath)
            if marker is not None:
                body = _break_korea(body, marker)
                broken = (target, body)
            target.write_bytes(body)
            args += ["--from", str(target)]
        assert main(args) == 1, series
        out = " ".join(capsys.readouterr().out.split())
        target, body = broken
        at, line = body.index(BAD), _korea_line(body, BAD)
        assert f"text is not valid UTF-8 at byte {at:,} (line {line}," in out, out
        assert str(target) in out
    assert not (tmp_path / "data" / "manifest.json").exists()


@pytest.mark.parametrize("cached", [False, True], ids=["session", "on-disk cache"])
def test_decompressed_size_is_capped_while_streaming(cached, publishers, tmp_path, monkeypatch):
    """In process, measured with tracemalloc: a 64 MB bomb against a 4 MB cap never holds much more."""
    import tracemalloc

    from fetch import owid
    from fetch.errors import FetchError

    monkeypatch.setattr(fetch.http, "MAX_BODY_MB", 4)
    bomb = _gzip_bomb(64)
    publishers.route(
        BIRTHS_CSV_PATH, Reply(body=bomb, content_type="text/csv", headers={"Content-Encoding": "gzip"})
    )
    session = fetch.http.make_session(cache_dir=tmp_path if cached else None)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than 4 MB once decompressed") as caught:
            owid.fetch("births", session)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "number-of-births-per-year.csv" in caught.value.where
    assert peak < 24 * 1024**2, f"peak {peak / 1024**2:.1f} MB"
    print(f"64 MB bomb, 4 MB cap ({caught.value.where.split('/')[-1][:30]}): peak {peak / 1024**2:.1f} MB")


def test_no_retry_is_waited_for_past_the_deadline(publishers, tmp_path, monkeypatch, capsys):
    from fetch_helpers import status_reply

    monkeypatch.setattr(fetch.http, "REQUEST_DEADLINE", 2.0)
    publishers.route(BIRTHS_CSV_PATH, status_reply(503, "30"))  # "retry in 30s", within MAX_RETRY_AFTER
    assert main(["births", "--data-dir", str(tmp_path)]) == 1
    assert publishers.hits(BIRTHS_CSV_PATH) == 1  # the 30s wait would pass the 2s deadline: no retry
    assert "births failed: births: HTTP 503" in " ".join(capsys.readouterr().out.split())
