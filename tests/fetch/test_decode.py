"""Parsing is bounded like downloading: an answer on one huge line is refused before pandas sees it,
in bounded memory, with a message naming the series, the URL or file and the limit."""

from __future__ import annotations

from fetch_helpers import SDMX_CSV, TIME_USE_PATH, Reply, fixture_bytes, peak_mb, run_child

from commands.fetch import main
from registry.publishers import publisher

HEADER = fixture_bytes("oecd/time_use.csv").split(b"\n", 1)[0] + b"\n"


def test_a_60_mb_answer_on_one_line_is_refused_in_bounded_memory(publishers, tmp_path):
    body = HEADER + b"DATAFLOW," + b"x" * 60_000_000  # the case: 60 MB, one line
    publishers.route(TIME_USE_PATH, Reply(body=body, content_type=SDMX_CSV))
    args = ["unpaid_care_female", "births", "--data-dir", str(tmp_path / "data")]
    done, seconds = run_child(publishers, args)  # default limits
    out = " ".join(done.stdout.split())
    cap = publisher("oecd").max_answer_mb
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert f"unpaid_care_female failed: unpaid_care_female: the answer is larger than {cap:g} MB" in out
    assert "OECD's max_answer_mb in registry/publishers.toml" in out and "DF_TIME_USE" in out
    assert "1 failed: unpaid_care_female" in out
    peak = peak_mb(done)
    assert peak < 400 and seconds < 60, f"{peak:.0f} MB, {seconds:.1f}s"
    print(f"60 MB one-line answer: refused after {seconds:.1f}s at a peak RSS of {peak:.0f} MB")


def test_a_long_line_within_the_answer_cap_is_refused_before_parsing(publishers, tmp_path, capsys):
    body = HEADER + b"DATAFLOW," + b"x" * 5_000_000  # under the answer cap, far over the line cap
    publishers.route(TIME_USE_PATH, Reply(body=body, content_type=SDMX_CSV))
    assert main(["unpaid_care_female", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    limit = publisher("oecd").max_line_kb
    assert f"unpaid_care_female: line 2 is longer than {limit:g} kB (OECD's max_line_kb" in out
    assert "DF_TIME_USE" in out and not (tmp_path / "manifest.json").exists()


def test_an_imported_file_with_a_long_line_is_refused_naming_it(tmp_path, capsys):
    path = tmp_path / "time_use.csv"
    path.write_bytes(HEADER + b"DATAFLOW," + b"x" * 200_000 + b"\n")
    assert main(["unpaid_care_male", "--from", str(path), "--data-dir", str(tmp_path / "d")]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "line 2 is longer than 64 kB" in out and str(path) in out
