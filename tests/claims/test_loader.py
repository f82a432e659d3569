"""Claims files: the shipped one loads and quotes the op-ed exactly; malformed ones name line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from fetch_helpers import FIXTURES

from claims.loader import DEFAULT_CLAIMS, ClaimsFileError, load_claims, parse_claims
from claims.verdict_text import byline

OP_ED = Path(__file__).resolve().parents[3] / "shared" / "article" / "op-ed.txt"

GOOD = (FIXTURES / "claims/smallest.toml").read_text(encoding="utf-8")  # the smallest valid claims file


def test_shipped_claims_file_loads() -> None:
    claims = load_claims(DEFAULT_CLAIMS)
    assert claims.article.published.isoformat() == "2024-09-01"
    assert len(claims.checkable) >= 6 and len(claims.context) >= 5
    kinds = {check.kind for claim in claims.checkable for check in claim.checks}
    assert kinds == {"about_value", "about_count", "rank", "trend", "ratio", "association"}


@pytest.mark.skipif(not OP_ED.exists(), reason="the op-ed text is not next to the repository")
def test_every_quote_is_verbatim_from_the_op_ed() -> None:
    article = " ".join(OP_ED.read_text(encoding="utf-8").split())
    for claim in load_claims(DEFAULT_CLAIMS).claims:
        assert claim.quote in article, claim.id


def test_defaults_are_filled_in() -> None:
    [claim] = parse_claims(GOOD).claims
    assert claim.checks[0].params["country"] == "KOR"
    assert claim.checks[0].params["year"] == "latest"


def bad(text: str) -> str:
    with pytest.raises(ClaimsFileError) as info:
        parse_claims(text, "mine.toml")
    return str(info.value)


def test_toml_syntax_error_names_the_line() -> None:
    message = bad(GOOD.replace("claimed = 30", "claimed = = 30"))
    assert message.startswith("mine.toml: TOML syntax error") and "line 11" in message


def test_wrong_type_names_claim_field_and_line() -> None:
    message = bad(GOOD.replace("claimed = 30", 'claimed = "thirty"'))
    assert "line 11" in message
    assert "claim #1 ('gap').checks[0].claimed: expected a number, got 'thirty'" in message


def test_misspelt_field_gets_a_suggestion() -> None:
    message = bad(GOOD.replace("tolerance = 3", "tolerence = 3"))
    assert "unknown field 'tolerence' (did you mean 'tolerance'?)" in message and "line 12" in message


def test_unknown_kind_and_series() -> None:
    assert "expected one of about_value" in bad(GOOD.replace('"about_value"', '"vibes"'))
    assert "expected a series id" in bad(GOOD.replace('series = "pay_gap"', 'series = "gdp"'))


def test_missing_required_field_and_tolerance() -> None:
    assert "checks[0].claimed: missing required field" in bad(GOOD.replace("claimed = 30\n", ""))
    assert "give either 'tolerance'" in bad(GOOD.replace("tolerance = 3\n", ""))


def test_article_date_must_be_a_date() -> None:
    message = bad(GOOD.replace("published = 2024-09-01", 'published = "September 2024"'))
    assert "[article].published" in message and "line 3" in message


def test_duplicate_ids_and_missing_checks() -> None:
    twice = GOOD + GOOD[GOOD.index("[[claims]]") :]
    assert "duplicate claim id(s): gap" in bad(twice)
    no_checks = GOOD[: GOOD.index("[[claims.checks]]")]
    assert "needs at least one [[claims.checks]]" in bad(no_checks)


def test_context_statements_need_no_checks() -> None:
    text = GOOD + '\n[[claims]]\nid = "ctx"\nquote = "Durov was arrested"\ncheckable = false\nnote = "news"\n'
    claims = parse_claims(text)
    assert [c.id for c in claims.context] == ["ctx"]


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ClaimsFileError, match="cannot read"):
        load_claims(tmp_path / "missing.toml")


def test_the_article_fields_and_the_review_date() -> None:
    text = GOOD.replace(
        "[article]\n",
        'reviewed = 2026-01-05\n[article]\npublisher = "A Paper"\nauthor = "A. Writer"\n'
        'url = "https://example.org/a"\npublished_inferred = "from the events it calls recent"\n',
    )
    claims = parse_claims(text)
    article = claims.article
    assert (article.publisher, article.author, article.url) == (
        "A Paper",
        "A. Writer",
        "https://example.org/a",
    )
    assert claims.reviewed is not None and claims.reviewed.isoformat() == "2026-01-05"
    day = f"{article.published.day} {article.published:%B %Y}"
    assert byline(article) == (
        f"{article.title} (A Paper, by A. Writer), dated {day} "
        "(date inferred: from the events it calls recent)"
    )
    assert "outlet and author not known" in byline(parse_claims(GOOD).article)
    with pytest.raises(ClaimsFileError, match=r"line 1: reviewed: expected a TOML date"):
        parse_claims('reviewed = "soon"\n' + GOOD)


def test_the_op_ed_says_how_its_date_was_inferred_and_where_it_was_read() -> None:
    article = load_claims(DEFAULT_CLAIMS).article
    assert article.published_inferred and "Durov" in article.published_inferred
    assert article.url.startswith("https://") and not article.author and not article.publisher
