"""Writing a registry file (``series/<id>.toml``) from a publisher's own metadata: TOML, unit, range.

Shared by ``python -m fetch add`` for every publisher; the file is then read back by the registry's
own loader, so a written file passes exactly the validation a hand-written one does.
"""

from __future__ import annotations

import json
import re
from typing import Any

# A unit that names what is counted: shown without decimals, no OECD average drawn (``counts``).
COUNTED = re.compile(r"^(number|persons?|people|births|deaths|individuals|households)\b", re.IGNORECASE)
# How long a day is, in the unit of a time-use measure ("minutes per day"): its plausible maximum.
PER_DAY = {"minutes": 1440.0, "hours": 24.0}


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):  # a JSON string is a TOML basic string, bar DEL
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def series_toml(tables: dict[str, dict[str, Any]], comments: dict[str, str] | None = None) -> str:
    """A registry file: top-level fields (table ""), then [fetch], [fallback], [publisher_metadata].

    ``comments`` maps a field or table name to a comment line written above it.
    """
    comments = comments or {}
    lines: list[str] = [f"# {comments['']}"] if "" in comments else []
    for table, fields in tables.items():
        if table:
            lines.append("")
            if table in comments:
                lines.append(f"# {comments[table]}")
            lines.append(f"[{table}]")
        for key, value in fields.items():
            if not table and key in comments:
                lines.append(f"# {comments[key]}")
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def counts(unit: str) -> bool:
    """Whether the unit names things counted (people, births), not a rate or a share."""
    return bool(COUNTED.match(unit.strip()))


def plausible_range(unit: str) -> tuple[float, float]:
    """A first guess from the unit, for the analyst to check (validation refuses values outside it)."""
    lowered = unit.lower().strip()
    percent = lowered.startswith("%") or lowered.startswith("percent")
    if percent and "annual" not in lowered and "growth" not in lowered:
        return 0.0, 100.0
    if "annual" in lowered or "growth" in lowered:
        return -100.0, 1000.0
    per_day = re.match(r"(minutes|hours) per day", lowered)
    if per_day:
        return 0.0, PER_DAY[per_day.group(1)]
    match = re.search(r"per ([\d,]+)", lowered)
    if match:
        return 0.0, float(match.group(1).replace(",", ""))
    if counts(unit):
        return 0.0, 1e10
    return -1e15, 1e15


COMMENTS = {
    "licence": "The publisher's default licence for its data; check the indicator's page.",
    "min_value": "Plausible range, derived from the unit: values outside it are refused. Edit if needed.",
    "publisher_metadata": "The publisher's own words, verbatim.",
}
