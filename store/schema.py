"""The manifest's schema: every field a reader indexes is checked for its type before it is trusted.

A hand-edited or damaged ``manifest.json`` (a sha256 written as a number, a vintage's file given as a
list, ``vintages`` as ``{}``, a path leading out of the folder) is refused with the place and what is
wrong, instead of failing later as a ``TypeError`` in whichever reader met it first. Fields may be
missing (the integrity check names an incomplete entry); when present they have their type. Unknown
fields are kept: other tools may add their own.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

SHA256 = r"^[0-9a-f]{64}$"
SERIES_ID = r"^[a-z][a-z0-9_]{0,63}$"
VINTAGE_FILE = r"^vintages/[a-z][a-z0-9_]{0,63}/[0-9a-f]{16}\.csv$"
MAX_TEXT = 100_000  # characters of one text field (the longest real one, a note, is about 600)

Sha256 = Annotated[str, StringConstraints(strict=True, pattern=SHA256)]
Text = Annotated[str, StringConstraints(strict=True, max_length=MAX_TEXT)]
Count = Annotated[int, Field(strict=True, ge=0)]
Year = Annotated[int, Field(strict=True, ge=0, le=9999)]
CONFIG = ConfigDict(extra="allow", strict=True)


class SourceFile(BaseModel):
    """The publisher's file a vintage was imported from."""

    model_config = CONFIG
    file: Text | None = None
    sha256: Sha256 | None = None
    repository: Text | None = None
    path: Text | None = None
    commit: Text | None = None


class Provenance(BaseModel):
    """Where a vintage (or the current file's vintage) came from."""

    model_config = CONFIG
    rows: Count | None = None
    countries: Count | None = None
    year_min: Year | None = None
    year_max: Year | None = None
    method: Text | None = None
    label: Text | None = None
    released: Text | None = None
    released_basis: Text | None = None
    source_updated: Text | None = None
    retrieved: Text | None = None
    urls: list[Text] = []
    source_file: SourceFile | None = None
    notes: Text | None = None
    fallback: Text | None = None
    preliminary: list[Year] = []


class Vintage(Provenance):
    sha256: Sha256
    file: Annotated[str, StringConstraints(strict=True, pattern=VINTAGE_FILE)]


class Entry(Provenance):
    """One series: what it is, its current file and every vintage kept."""

    title: Text | None = None
    unit: Text | None = None
    definition: Text | None = None
    publisher: Text | None = None
    dataset: Text | None = None
    indicator: Text | None = None
    licence: Text | None = None
    attribution: Text | None = None
    file: Text | None = None
    sha256: Sha256 | None = None
    current_vintage: Sha256 | None = None
    derived: Text | None = None
    history: dict[str, Any] | None = None
    vintages: list[Vintage] = []


class Manifest(BaseModel):
    model_config = CONFIG
    schema_version: Annotated[int, Field(strict=True, ge=1)] = 1
    series: dict[Annotated[str, StringConstraints(pattern=SERIES_ID)], Entry]

    @model_validator(mode="after")
    def _vintages_in_their_folder(self) -> Manifest:
        for series_id, entry in self.series.items():
            for index, vintage in enumerate(entry.vintages):
                if not vintage.file.startswith(f"vintages/{series_id}/"):
                    raise ValueError(
                        f"series {series_id!r}: vintages[{index}].file {vintage.file!r} is not in "
                        f"vintages/{series_id}/"
                    )
        return self


EXPECTED = {
    "string_type": "expected text",
    "list_type": "expected a list",
    "dict_type": "expected an object",
    "model_type": "expected an object",
    "int_type": "expected a whole number",
    "missing": "missing",
}
PATTERNS = {
    SHA256: "expected a sha256 (64 hexadecimal digits)",
    VINTAGE_FILE: "expected a path vintages/<series>/<16 hexadecimal digits>.csv",
    SERIES_ID: "expected a series id (lowercase letters, digits and _)",
}


def problem(exc: ValidationError) -> str:
    """The first error, as "series 'births': vintages[0].sha256: expected …, got 123"."""
    errors = exc.errors(include_url=False)
    error = errors[0]
    loc = list(error["loc"])
    where = ""
    if loc[:1] == ["series"] and len(loc) > 1:
        where, loc = f"series {loc[1]!r}", loc[2:]
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    shown = repr(error.get("input"))
    shown = shown if len(shown) <= 80 else shown[:77] + "…"
    pattern = (error.get("ctx") or {}).get("pattern")
    what = PATTERNS.get(pattern) or EXPECTED.get(error["type"]) or error["msg"].removeprefix("Value error, ")
    text = ": ".join(part for part in (where, path) if part)
    more = f"; and {len(errors) - 1} more" if len(errors) > 1 else ""
    if error["type"] == "value_error":  # a rule of this module: its sentence is complete
        return f"{what}{more}"
    return f"{text}: {what}, got {shown}{more}" if text else f"{what}, got {shown}{more}"


def validate(raw: Any) -> None:
    """ValueError with ``problem``'s sentence unless ``raw`` is a manifest of the right shape."""
    try:
        Manifest.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(problem(exc)) from None
