"""Reading a claims file (TOML) into a ClaimsFile, with errors that name the line and field.

TOML syntax errors carry tomllib's line and column. Schema errors name the claim (index and
id), the field, what was expected, and the line the field is on, found in the text. Files saved by
Windows editors (UTF-8 byte-order mark, CRLF line ends) read the same as any other; a file too big,
with too many claims or nested too deeply for a claims file is refused with a sentence, not a crash.
"""

from __future__ import annotations

import codecs
import difflib
from pathlib import Path
from typing import Annotated, Any, NoReturn

from pydantic import TypeAdapter, ValidationError

from claims.fields import ID_PATTERN, rule
from claims.model import Article, CheckSpec, Claim, ClaimsFile
from registry.tomlfile import CUSTOM, UNKNOWN_FIELD, Problem, TomlLines, first_problem, located, toml_text

DEFAULT_CLAIMS = Path(__file__).resolve().parent / "op-ed.toml"
CLAIMS_FILE = TypeAdapter(ClaimsFile)
FIELDS = {"article": set(Article.__pydantic_fields__), "claim": set(Claim.__pydantic_fields__)}
# Limits generous for any article (the op-ed's file is 6 kB with 15 claims), small enough that
# judging stays quick (see benchmarks/run.py) and a hostile upload cannot tie up the server.
MAX_BYTES = 1_000_000
MAX_CLAIMS = 500
SNIFF_BYTES = 4096  # enough of a file to tell UTF-16 from stray NUL bytes
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
        like = "as in UTF-16 without a byte-order mark" if _looks_utf16(data) else "so not a text file"
        raise ClaimsFileError(
            f"{source}: not UTF-8 text (NUL bytes, {like}); save the file as UTF-8 and try again"
        )
    try:
        return data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClaimsFileError(
            f"{source}: not {'UTF-16' if utf16 else 'UTF-8'} text (byte {exc.start}); "
            "save the file as UTF-8 and try again"
        ) from exc


def _looks_utf16(data: bytes) -> bool:
    """Whether NUL bytes fill every other place, as UTF-16 writes the Latin letters of a TOML file
    (one byte in four at least); stray ones, as in an image or random bytes, are something else."""
    start = data[:SNIFF_BYTES]
    return max(start[0::2].count(0), start[1::2].count(0)) >= len(start) / 4


def parse_claims(text: str, source: str = "claims file") -> ClaimsFile:
    """Validate the text of a claims file (also used for uploads in the app)."""
    check_size(len(text.encode("utf-8", "surrogatepass")), source)
    text = text.removeprefix("\ufeff")
    try:
        raw = toml_text(text, source)
    except ValueError as exc:
        raise ClaimsFileError(str(exc)) from None
    return _parse(text, source, raw)


def _parse(text: str, source: str, raw: dict[str, Any]) -> ClaimsFile:
    """The parsed TOML as a ClaimsFile: the file's shape first, then the models, then the limits."""
    lines = TomlLines(text)
    unknown = sorted(set(raw) - {"article", "claims", "reviewer", "reviewed"})
    if unknown:
        expected = "expected [article], [[claims]] and optionally reviewer and reviewed (the review's date)"
        message = f"unknown table(s) {', '.join(unknown)}; {expected}"
        _fail(source, lines.key_after(unknown[0]), "top level", message)
    if not isinstance(raw.get("article"), dict):
        message = "missing table; it needs title and published (a date such as 2024-09-01)"
        _fail(source, None, "[article]", message)
    items = raw.get("claims")
    if isinstance(items, list) and len(items) > MAX_CLAIMS:  # before validating them all
        message = (
            f"{len(items):,} claims; a file may hold at most {MAX_CLAIMS:,}. Split it into several files."
        )
        _fail(source, None, "claims", message)
    try:
        claims = CLAIMS_FILE.validate_python({**raw, "source": source}, context={"check": check_spec})
    except ValidationError as exc:
        _fail(source, *_where(first_problem(exc), raw, lines))
    if not claims.claims:
        _fail(source, None, "claims", "no [[claims]] entries")
    checks = sum(len(c.checks) for c in claims.claims)
    if checks > MAX_CHECKS:
        _fail(source, None, "claims", f"{checks:,} checks; a file may hold at most {MAX_CHECKS:,}. Split it.")
    ids = [c.id for c in claims.claims]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        line = lines.key_after("id", duplicates[0])
        _fail(source, line, "claims", f"duplicate claim id(s): {', '.join(duplicates)}")
    return claims


def check_spec(raw: Any, n: int) -> CheckSpec:
    """One ``[[claims.checks]]`` table: a known kind, its parameters coerced, the kind's own rules."""
    # the kinds' checks compute with pandas; a page that reads stored verdicts imports this module
    # without them (dashboard/verdict_store.py)
    from claims.kinds import KINDS, coerce

    if not isinstance(raw, dict):
        raise rule("expected a table", index=n)
    kind_name = raw.get("kind")
    if kind_name not in KINDS:
        raise rule(f"expected one of {', '.join(KINDS)}, got {kind_name!r}", "kind", n)
    kind = KINDS[kind_name]
    allowed = {"kind", *(p.name for p in kind.params)}
    for key in raw:
        if key not in allowed:
            raise rule(f"unknown field {key!r}{_guess(key, allowed)}", "", n, key)
    params: dict[str, Any] = {}
    for param in kind.params:
        if param.name not in raw:
            if param.required:
                doc = f" ({param.doc})" if param.doc else ""
                raise rule(f"missing required field{doc}", param.name, n, "kind")
            params[param.name] = param.default
            continue
        try:
            params[param.name] = coerce(param, raw[param.name])
        except ValueError as exc:
            raise rule(str(exc), param.name, n) from None
    try:
        kind.validate(params)
    except ValueError as exc:
        raise rule(str(exc), "", n, "kind") from None
    return CheckSpec(kind=kind_name, params=params)


def _guess(key: str, allowed: set[str]) -> str:
    guess = difflib.get_close_matches(key, allowed, n=1)
    return f" (did you mean {guess[0]!r}?)" if guess else f"; allowed: {', '.join(sorted(allowed))}"


def _where(problem: Problem, raw: dict[str, Any], lines: TomlLines) -> tuple[int | None, str, str]:
    """The line, the field as messages name it ("claim #1 ('gap').checks[0].claimed") and what is wrong."""
    loc, context = [str(part) for part in problem.loc], problem.context
    if loc[0] == "claims" and (len(loc) == 1 or not isinstance(raw["claims"][int(loc[1])], dict)):
        if len(loc) == 1:  # not a list of tables
            return None, "claims", "no [[claims]] entries"
        return None, f"claim #{int(loc[1]) + 1}", "expected a [[claims]] table"
    model, rest = (Article, loc[1:]) if loc[0] == "article" else (Claim, loc[2:])
    field = rest[0] if rest else ""
    if problem.kind in UNKNOWN_FIELD:
        message = f"unknown field {field!r}{_guess(field, set(model.__pydantic_fields__))}"
    elif problem.kind == "missing":
        message = _message_for_none(model, field)  # what the field says of an empty value
    elif problem.kind == CUSTOM:
        message = problem.message
    else:
        message = f"expected {problem.expected or 'something else'}, got {problem.value!r}"
    if loc[0] in ("reviewer", "reviewed"):  # the file's own fields (ClaimsFile), not a table's
        return lines.key_after(loc[0]), loc[0], message
    if loc[0] == "article":
        where = "[article]" if problem.kind in UNKNOWN_FIELD else f"[article].{field}"
        return lines.key_after(field), where, message
    claim_id = raw["claims"][int(loc[1])].get("id")
    named = field != "id" and isinstance(claim_id, str) and bool(ID_PATTERN.match(claim_id))
    where, after = (
        (f"claim #{int(loc[1]) + 1} ({claim_id!r})", claim_id)
        if named
        else (f"claim #{int(loc[1]) + 1}", None)
    )
    if context.get("index") is not None:  # a check: one of its parameters, or the check as a whole
        where += f".checks[{context['index']}]" + (f".{context['field']}" if context["field"] else "")
    elif field and problem.kind not in UNKNOWN_FIELD and not context.get("key"):
        where += f".{field}"
    key = context.get("key") or context.get("field") or field
    return (lines.key_after(key, after) if key else None), where, message


def _message_for_none(model: type, field: str) -> str:
    """The message a field's type gives an empty value: a missing field reads as that."""
    info = model.__pydantic_fields__[field]  # type: ignore[attr-defined]
    try:
        TypeAdapter(Annotated[(info.annotation, *info.metadata)]).validate_python(None)
    except ValidationError as exc:
        return first_problem(exc).message
    return "missing required field"


def _fail(source: str, line: int | None, where: str, message: str) -> NoReturn:
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + "… (shortened)"
    raise ClaimsFileError(located(source, line, where, message))
