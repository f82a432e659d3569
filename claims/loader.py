"""Reading a claims file (TOML) into a ClaimsFile, with errors that name the line and field.

TOML syntax errors carry tomllib's line and column. Schema errors name the claim (index and
id), the field, what was expected, and the line the field is on, found in the text. Files saved by
Windows editors (UTF-8 byte-order mark, CRLF line ends) read the same as any other; a file too big,
with too many claims or nested too deeply for a claims file is refused with a sentence, not a crash.
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from claims.claimreview import is_web_url
from claims.kinds import KINDS, Param, coerce
from claims.model import Article, CheckSpec, Claim, ClaimsFile

DEFAULT_CLAIMS = Path(__file__).resolve().parent / "op-ed.toml"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
PAGE_PATTERN = re.compile(r"^[a-z_]{1,40}$")
CLAIM_KEYS = {"id", "quote", "checkable", "checks", "note", "caveats", "page"}
ARTICLE_KEYS = {"title", "published", "published_inferred", "url", "author", "publisher"}
# Limits generous for any article (the op-ed's file is 6 kB with 15 claims), small enough that
# judging stays quick (see benchmarks/run.py) and a hostile upload cannot tie up the server.
MAX_BYTES = 1_000_000
MAX_CLAIMS = 500
MAX_CHECKS = 1_000
MAX_MESSAGE = 300  # characters of a field's value quoted back in an error message


class ClaimsFileError(ValueError):
    """A claims file that cannot be used; the message names the file, line and field."""


def load_claims(path: str | Path) -> ClaimsFile:
    """Read and validate a claims file from disk."""
    path = Path(path)
    try:
        check_size(path.stat().st_size, str(path))
        with path.open("rb") as file:  # bounded: a device or pipe (/dev/zero) reports no size
            data = file.read(MAX_BYTES + 1)
        check_size(len(data), str(path))
    except OSError as exc:
        raise ClaimsFileError(f"{path}: cannot read the claims file ({exc})") from exc
    return parse_claims(decode(data, str(path)), source=str(path))


def check_size(size: int, source: str) -> None:
    if size > MAX_BYTES:
        what = f"{size / 1e6:.1f} MB" if size > 1.05 * MAX_BYTES else f"more than {MAX_BYTES / 1e6:g} MB"
        raise ClaimsFileError(
            f"{source}: {what} is too big for a claims file (at most {MAX_BYTES / 1e6:g} MB; "
            f"the op-ed's is {DEFAULT_CLAIMS.stat().st_size / 1e3:.0f} kB). Split it into several files."
        )


def decode(data: bytes, source: str) -> str:
    """Text of a claims file: UTF-8 with or without a byte-order mark, or UTF-16 with one.

    Windows Notepad's "Unicode" is UTF-16 with a byte-order mark, which names the encoding plainly;
    without the mark, UTF-16 shows as NUL bytes, which TOML never allows.
    """
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in data:
        raise ClaimsFileError(
            f"{source}: not UTF-8 text (NUL bytes, as in UTF-16 without a byte-order mark); "
            "save the file as UTF-8 and try again"
        )
    try:
        return data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClaimsFileError(
            f"{source}: not {'UTF-16' if utf16 else 'UTF-8'} text (byte {exc.start}); "
            "save the file as UTF-8 and try again"
        ) from exc


def parse_claims(text: str, source: str = "claims file") -> ClaimsFile:
    """Validate the text of a claims file (also used for uploads in the app)."""
    check_size(len(text.encode("utf-8", "surrogatepass")), source)
    text = text.removeprefix("\ufeff")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsFileError(f"{source}: TOML syntax error: {exc}") from exc
    except RecursionError:
        raise ClaimsFileError(
            f"{source}: arrays or inline tables are nested too deeply (hundreds of levels); "
            "a claims file needs at most two or three"
        ) from None
    return _Parser(text, source).parse(raw)


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def fail(self, where: str, message: str, key: str | None = None, after: str | None = None) -> NoReturn:
        line = self.line_of(key, after) if key else None
        at = f", line {line}" if line else ""
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "… (shortened)"
        raise ClaimsFileError(f"{self.source}{at}: {where}: {message}")

    def line_of(self, key: str, after: str | None) -> int | None:
        """The line of ``key = ...``, searching from the line holding ``after`` (e.g. the claim's id)."""
        start = 0
        if after:
            quoted = re.compile(rf"""^\s*id\s*=\s*["']{re.escape(after)}["']""")
            start = next((i for i, line in enumerate(self.lines) if quoted.match(line)), 0)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, len(self.lines)):
            if pattern.match(self.lines[number]):
                return number + 1
        return None

    def parse(self, raw: dict[str, Any]) -> ClaimsFile:
        unknown = set(raw) - {"article", "claims", "reviewer", "reviewed"}
        if unknown:
            self.fail(
                "top level",
                f"unknown table(s) {', '.join(sorted(unknown))}; expected [article], "
                "[[claims]] and optionally reviewer and reviewed",
                key=sorted(unknown)[0],
            )
        article = self.article(raw.get("article"))
        items = raw.get("claims")
        if not isinstance(items, list) or not items:
            self.fail("claims", "no [[claims]] entries")
        if len(items) > MAX_CLAIMS:
            self.fail(
                "claims",
                f"{len(items):,} claims; a file may hold at most {MAX_CLAIMS:,}. "
                "Split it into several files.",
            )
        claims = [self.claim(i, item) for i, item in enumerate(items, start=1)]
        checks = sum(len(c.checks) for c in claims)
        if checks > MAX_CHECKS:
            self.fail("claims", f"{checks:,} checks; a file may hold at most {MAX_CHECKS:,}. Split it.")
        ids = [c.id for c in claims]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            self.fail(
                "claims", f"duplicate claim id(s): {', '.join(duplicates)}", key="id", after=duplicates[0]
            )
        reviewer = raw.get("reviewer", "Gender statistics dashboard")
        if not isinstance(reviewer, str):
            self.fail("reviewer", "expected text", key="reviewer")
        reviewed = self.date(raw, "reviewed", "reviewed") if "reviewed" in raw else None
        return ClaimsFile(
            article=article, claims=tuple(claims), source=self.source, reviewer=reviewer, reviewed=reviewed
        )

    def date(self, raw: dict[str, Any], key: str, where: str) -> date:
        value = raw.get(key)
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            self.fail(where, f"expected a TOML date such as 2024-09-01, got {value!r}", key=key)
        return value

    def article(self, raw: Any) -> Article:
        if not isinstance(raw, dict):
            self.fail("[article]", "missing table; it needs title and published (a date such as 2024-09-01)")
        self.reject_unknown("[article]", raw, ARTICLE_KEYS, after=None)
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            self.fail("[article].title", "expected the article's title as text", key="title")
        published = self.date(raw, "published", "[article].published")
        extra = {}
        for key in ("url", "author", "publisher", "published_inferred"):
            value = raw.get(key, "")
            if not isinstance(value, str):
                self.fail(f"[article].{key}", "expected text", key=key)
            if key == "url" and value and not is_web_url(value):
                self.fail("[article].url", f"expected an http(s) address, got {value[:60]!r}", key=key)
            extra[key] = value
        return Article(title=title.strip(), published=published, **extra)

    def reject_unknown(self, where: str, raw: dict[str, Any], allowed: set[str], after: str | None) -> None:
        for key in raw:
            if key not in allowed:
                guess = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f" (did you mean {guess[0]!r}?)" if guess else f"; allowed: {', '.join(sorted(allowed))}"
                )
                self.fail(where, f"unknown field {key!r}{hint}", key=key, after=after)

    def claim(self, index: int, raw: Any) -> Claim:
        if not isinstance(raw, dict):
            self.fail(f"claim #{index}", "expected a [[claims]] table")
        claim_id = raw.get("id")
        where = f"claim #{index}"
        if not isinstance(claim_id, str) or not ID_PATTERN.match(claim_id):
            self.fail(
                f"{where}.id",
                f"expected an id of letters, digits, '-', '_' or '.', got {claim_id!r}",
                key="id",
            )
        where = f"claim #{index} ({claim_id!r})"
        self.reject_unknown(where, raw, CLAIM_KEYS, after=claim_id)
        quote = raw.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            self.fail(
                f"{where}.quote", "expected the exact quote from the article", key="quote", after=claim_id
            )
        checkable = raw.get("checkable", True)
        if not isinstance(checkable, bool):
            self.fail(
                f"{where}.checkable",
                f"expected true or false, got {checkable!r}",
                key="checkable",
                after=claim_id,
            )
        texts = {}
        for key in ("note", "page"):
            texts[key] = raw.get(key, "")
            if not isinstance(texts[key], str):
                self.fail(f"{where}.{key}", "expected text", key=key, after=claim_id)
        if texts["page"] and not PAGE_PATTERN.match(texts["page"]):
            self.fail(
                f"{where}.page",
                f"expected a dashboard page name such as 'pay_gap', got {texts['page']!r}",
                key="page",
                after=claim_id,
            )
        caveats = raw.get("caveats", [])
        if not isinstance(caveats, list) or not all(isinstance(c, str) for c in caveats):
            self.fail(f"{where}.caveats", "expected a list of sentences", key="caveats", after=claim_id)
        checks_raw = raw.get("checks", [])
        if checkable and not checks_raw:
            self.fail(
                where,
                "a checkable claim needs at least one [[claims.checks]] table "
                "(or set checkable = false and give a note)",
                key="id",
                after=claim_id,
            )
        if not checkable and checks_raw:
            self.fail(where, "checkable = false but checks are given", key="checkable", after=claim_id)
        if not isinstance(checks_raw, list):
            self.fail(f"{where}.checks", "expected [[claims.checks]] tables", key="checks", after=claim_id)
        checks = tuple(self.check(where, claim_id, n, c) for n, c in enumerate(checks_raw))
        return Claim(
            id=claim_id,
            quote=" ".join(quote.split()),
            checkable=checkable,
            checks=checks,
            note=texts["note"].strip(),
            caveats=tuple(caveats),
            page=texts["page"],
        )

    def check(self, where: str, claim_id: str, n: int, raw: Any) -> CheckSpec:
        where = f"{where}.checks[{n}]"
        if not isinstance(raw, dict):
            self.fail(where, "expected a table")
        kind_name = raw.get("kind")
        if kind_name not in KINDS:
            self.fail(
                f"{where}.kind",
                f"expected one of {', '.join(KINDS)}, got {kind_name!r}",
                key="kind",
                after=claim_id,
            )
        kind = KINDS[kind_name]
        allowed = {"kind", *(p.name for p in kind.params)}
        self.reject_unknown(where, raw, allowed, after=claim_id)
        params: dict[str, Any] = {}
        for param in kind.params:
            params[param.name] = self.param(where, claim_id, param, raw)
        try:
            kind.validate(params)
        except ValueError as exc:
            self.fail(where, str(exc), key="kind", after=claim_id)
        return CheckSpec(kind=kind_name, params=params)

    def param(self, where: str, claim_id: str, param: Param, raw: dict[str, Any]) -> Any:
        if param.name not in raw:
            if param.required:
                doc = f" ({param.doc})" if param.doc else ""
                self.fail(f"{where}.{param.name}", f"missing required field{doc}", key="kind", after=claim_id)
            return param.default
        try:
            return coerce(param, raw[param.name])
        except ValueError as exc:
            self.fail(f"{where}.{param.name}", str(exc), key=param.name, after=claim_id)
