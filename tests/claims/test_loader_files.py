"""Claims files as users send them: Windows encodings, hostile nesting, sizes, odd dates, Markdown."""

from __future__ import annotations

import codecs
import random
import re
from pathlib import Path

import pytest
from app_harness import shown
from fetch_helpers import FIXTURES
from streamlit.testing.v1 import AppTest

from claims.loader import MAX_BYTES, MAX_CLAIMS, ClaimsFileError, load_claims, parse_claims
from claims.testing import save
from commands.claims import main

TIMEOUT = 60
BOM = "\ufeff".encode()


GOOD = (FIXTURES / "claims/smallest.toml").read_text(encoding="utf-8")  # the smallest valid claims file


def windows(text: str) -> bytes:
    return BOM + text.replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize("data", [BOM + GOOD.encode(), GOOD.replace("\n", "\r\n").encode(), windows(GOOD)])
def test_bom_and_crlf_files_load(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "mine.toml"
    path.write_bytes(data)
    assert load_claims(path).claims[0].id == "gap"
    assert parse_claims(data.decode("utf-8")).claims[0].quote == "about 30%"  # BOM kept in a str


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_with_its_byte_order_mark_loads(tmp_path: Path, encoding: str) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a byte-order mark."""
    path = tmp_path / "mine.toml"
    bom = b"" if encoding == "utf-16" else codecs.BOM_UTF16_BE  # Python's utf-16 writes its own
    path.write_bytes(bom + GOOD.replace("\n", "\r\n").encode(encoding))
    assert load_claims(path).claims[0].quote == "about 30%"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GOOD.encode("utf-16-le"), "NUL bytes, as in UTF-16 without a byte-order mark"),
        (GOOD.encode("utf-16-be"), "NUL bytes, as in UTF-16 without a byte-order mark"),
        (random.Random(7).randbytes(2048) + b"\x00", "NUL bytes, so not a text file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(1, 256)) * 8, "NUL bytes, so not a text file"),
        (GOOD.encode() + b"\xff\x80", rf"not UTF-8 text \(byte {len(GOOD.encode())}\)"),
        (b"", r"\[article\]: missing table"),
    ],
    ids=["utf16-le-no-bom", "utf16-be-no-bom", "random-bytes", "png", "invalid-utf8", "empty"],
)
def test_unreadable_bytes_are_named(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_bytes(data)
    with pytest.raises(ClaimsFileError, match=message):
        load_claims(path)


def test_errors_in_a_crlf_file_name_the_right_line() -> None:
    text = GOOD.replace("claimed = 30", "claimed = 'thirty'").replace("\n", "\r\n")
    with pytest.raises(ClaimsFileError, match=r"line 11: claim #1 \('gap'\)\.checks\[0\]\.claimed"):
        parse_claims("\ufeff" + text, "mine.toml")


@pytest.mark.parametrize(
    "value",
    ["[" * 5000 + "]" * 5000, "{a = " * 5000 + "1" + "}" * 5000],
    ids=["arrays", "inline-tables"],
)
def test_deep_nesting_is_refused_in_words(value: str) -> None:
    context = f"[[claims]]\nid = 'x'\nquote = 'q'\ncheckable = false\nnote = {value}\n"
    with pytest.raises(ClaimsFileError, match="nested too deeply"):
        parse_claims(GOOD + context, "m.toml")


def test_moderate_nesting_in_a_field_gets_a_short_message() -> None:
    value = "[" * 250 + "]" * 250
    with pytest.raises(ClaimsFileError, match="expected a number") as error:
        parse_claims(GOOD.replace("claimed = 30", f"claimed = {value}"), "m.toml")
    assert len(str(error.value)) < 500


def test_too_many_claims_are_refused(tmp_path: Path) -> None:
    one = "[[claims]]\nid = 'c{n}'\nquote = 'q'\ncheckable = false\n"
    text = GOOD + "".join(one.format(n=n) for n in range(MAX_CLAIMS))  # GOOD holds one already
    with pytest.raises(ClaimsFileError, match=f"at most {MAX_CLAIMS:,}"):
        parse_claims(text, "m.toml")


def test_too_big_a_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(GOOD.replace('"about 30%"', '"' + "x" * MAX_BYTES + '"'), encoding="utf-8")
    with pytest.raises(ClaimsFileError, match="too big for a claims file"):
        load_claims(path)
    with pytest.raises(ClaimsFileError, match="too big for a claims file"):
        parse_claims(path.read_text(encoding="utf-8"), "big.toml")


def test_a_page_must_be_a_page_name() -> None:
    with pytest.raises(ClaimsFileError, match="dashboard page name"):
        parse_claims(GOOD.replace('quote = "about 30%"', 'quote = "q"\npage = "../../etc"'), "m.toml")


def test_cli_reads_a_windows_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}})
    path = tmp_path / "mine.toml"
    path.write_bytes(windows(GOOD))
    assert main(["--claims", str(path), "--data-dir", str(tmp_path), "--json", "--no-save"]) == 0
    assert "about 30%" in capsys.readouterr().out
    nested = tmp_path / "nested.toml"
    nested.write_text(GOOD.replace('title = "T"', "title = " + "[" * 5000 + "]" * 5000), encoding="utf-8")
    assert main(["--claims", str(nested), "--data-dir", str(tmp_path), "--no-save"]) == 2
    assert "nested too deeply" in capsys.readouterr().err


def test_cli_prints_brackets_in_user_text_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table is drawn with rich: "[/red]" in a quote raised MarkupError, and "[article]" vanished."""
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}})
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace('"about 30%"', '"[/red]"').replace('"T"', '"[bold]T"'), encoding="utf-8")
    assert main(["--claims", str(path), "--data-dir", str(tmp_path), "--no-save", "-v"]) == 0
    out = capsys.readouterr().out
    assert "“[/red]”" in out and "[bold]T (2024-09-01)" in out
    path.write_text("", encoding="utf-8")
    assert main(["--claims", str(path), "--data-dir", str(tmp_path), "--no-save"]) == 2
    assert "[article]: missing" in capsys.readouterr().err.replace("\n", " ")


def page_app() -> None:
    from dashboard.pages.claims import render

    render()


def as_shown(markdown: str) -> str:
    """The text a reader sees: escapes read, and the zero-width spaces that keep URLs unlinked gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


def user_part(markdown: str) -> str:
    """The part of a rendered string that came from the file: after the opening quote mark, or in a
    table (the verdicts at a glance) each row's first cell, the text of its in-page link."""
    if not markdown.startswith("| "):
        return markdown.split("“", 1)[-1]
    cells = [re.split(r"(?<!\\)\|", row)[1].strip() for row in markdown.splitlines()[2:]]
    return " ".join(re.sub(r"^\[((?:\\.|[^\\\]])*)\]\(#[\w-]+\)$", r"\1", cell) for cell in cells)


def upload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> AppTest:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}, "JPN": {2022: 21.0}})
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    at = shown(AppTest.from_function(page_app, default_timeout=TIMEOUT))  # the uploader comes with the rest
    at.get("file_uploader")[0].set_value(("mine.toml", data, "application/toml")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_windows_upload_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = upload(tmp_path, monkeypatch, windows(GOOD))
    assert not at.error, [e.value for e in at.error]
    assert any(h.value.startswith("“about 30%”") for h in at.subheader)


def test_a_deeply_nested_upload_gets_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = GOOD.replace('title = "T"', "title = " + "{a = " * 3000 + "1" + "}" * 3000).encode()
    at = upload(tmp_path, monkeypatch, data)
    assert "nested too deeply" in at.error[0].value


def test_an_oversized_upload_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = GOOD.replace('"about 30%"', '"' + "x" * MAX_BYTES + '"').encode()
    at = upload(tmp_path, monkeypatch, data)
    assert "too big for a claims file" in at.error[0].value


@pytest.mark.parametrize("published", ["1899-01-01", "2999-01-01"])
def test_an_article_date_outside_the_picker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: str
) -> None:
    at = upload(tmp_path, monkeypatch, GOOD.replace("2024-09-01", published).encode())
    assert any(f"The article's date, {published}, is outside" in c.value for c in at.caption)
    badges = " ".join(m.value for m in at.markdown if "-badge[" in m.value)
    assert "When written:" in badges and "As of" not in badges  # not the op-ed's date kept from before
    assert any(h.value.startswith("“about 30%”") for h in at.subheader)


def test_markdown_in_user_text_is_shown_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image = "![x](https://example.com/track.png)"
    text = GOOD.replace('quote = "about 30%"', f'quote = "{image} <img src=x> $x$"\ncaveats = ["{image}"]')
    text = text.replace('title = "T"', f'title = "{image}"')
    at = upload(tmp_path, monkeypatch, text.encode())
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    rendered += [h.value for h in at.subheader]
    user = [user_part(r) for r in rendered if "example.com" in r]
    assert len(user) >= 3  # title, quote, caveat
    assert not [u for u in user if re.search(r"(?<!\\)[!\[\]()<>$]", u)], "user text reached Markdown"
    assert any(as_shown(r).startswith(f"“{image} <img src=x> $x$”") for r in rendered)


def many_claims(n: int) -> bytes:
    one = "[[claims]]\nid = 'c{n}'\nquote = 'q{n}'\n[[claims.checks]]\nkind = 'about_value'\n"
    one += "series = 'pay_gap'\nclaimed = {claimed}\ntolerance = 3\n"
    head = GOOD.split("[[claims]]")[0]
    return (head + "".join(one.format(n=i, claimed=10 + i % 40) for i in range(n))).encode()


def test_a_file_at_the_claim_cap_is_judged_with_charts_for_the_first_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.pages.claims import CHARTED_CARDS

    at = upload(tmp_path, monkeypatch, many_claims(MAX_CLAIMS))
    assert not at.error, [e.value for e in at.error]
    assert sum(h.value.startswith("“q") for h in at.subheader) == MAX_CLAIMS
    assert 0 < len(at.get("plotly_chart")) <= CHARTED_CARDS
    assert any(f"first {CHARTED_CARDS} claims" in c.value for c in at.caption)


def test_one_claim_over_the_cap_is_refused_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = upload(tmp_path, monkeypatch, many_claims(MAX_CLAIMS + 1))
    assert f"a file may hold at most {MAX_CLAIMS:,}" in at.error[0].value


def test_a_stream_with_no_size_is_read_only_up_to_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    """/dev/zero reports size 0: it was read to the end, which never comes."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(ClaimsFileError, match=f"more than {MAX_BYTES / 1e6:g} MB is too big"):
        load_claims("/dev/zero")


def test_an_article_url_must_be_a_web_address() -> None:
    text = GOOD.replace("published = 2024-09-01", 'published = 2024-09-01\nurl = "javascript:alert(1)"')
    with pytest.raises(ClaimsFileError, match=r"line 4: \[article\]\.url: expected an http\(s\) address"):
        parse_claims(text, "mine.toml")


def test_the_cli_warns_when_data_differ_from_the_manifest(tmp_path: Path, capsys) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}, "JPN": {2022: 21.0}})
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["--claims", str(path), "--data-dir", str(tmp_path), "--no-save"]) == 0
    assert "Warning" not in capsys.readouterr().err
    current = tmp_path / "pay_gap.csv"
    current.write_bytes(current.read_bytes()[:-3])  # cut off inside the last value
    main(["--claims", str(path), "--data-dir", str(tmp_path), "--no-save"])
    assert "Warning:" in capsys.readouterr().err


def test_a_damaged_series_is_called_damaged_not_missing(tmp_path: Path, capsys) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}, "JPN": {2022: 21.0}})
    (tmp_path / "pay_gap.csv").write_text("country_code,country,year,value\nKOR,South Korea,20\n")
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    main(["--claims", str(path), "--data-dir", str(tmp_path), "--no-save", "--json"])
    out = capsys.readouterr().out
    assert "cannot be read" in out and "not in the data snapshot" not in out


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "tolerance = 3",
            'tolerance = 3\nyear = "published-' + "9" * 5000 + '"',
            "at most 3 digits, got 5,000",
        ),
        ("claimed = 30", "claimed = " + "9" * 5000, "a number may have at most 4,300"),
        ('"about 30%"', '"' + "x" * 20_000 + '"', "a text field may hold at most 10,000"),
    ],
    ids=["year offset", "number", "quote"],
)
def test_an_upload_with_an_oversized_value_names_the_limit(tmp_path, monkeypatch, old, new, said) -> None:
    at = upload(tmp_path, monkeypatch, GOOD.replace(old, new).encode())
    assert said in as_shown(at.error[0].value) and "line" in at.error[0].value
