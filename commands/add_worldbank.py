"""A World Bank indicator's own metadata -> a registry file (``python -m fetch add worldbank CODE``).

The metadata is the API's indicator record (``/v2/indicator/CODE?format=json``) or the same fields from
a bulk download's ``Metadata_Indicator_*.csv``: name, source note, source organisation, database. The
World Bank puts the unit in the name's parenthesis ("(% of female population ages 15+)"); a name with
none is a count ("Population, total": people).
"""

from __future__ import annotations

import re
from typing import Any

from commands.series_file import COMMENTS, counts, plausible_range, series_toml
from fetch.common import today_iso
from fetch.errors import FetchError

UNITLIKE = re.compile(r"%|\bper\b|US\$|LCU|number|years|births|days")
PEOPLE = re.compile(r"population|labor force|employ|workers|refugees", re.IGNORECASE)


def counted(name: str) -> str:
    """What a count indicator counts, from its name: "Population, total" -> people."""
    head = name.split(",")[0].strip()
    if head.lower().startswith("number of "):
        return head[len("number of ") :]
    return "people" if PEOPLE.search(head) else "number"


def unit_of(name: str, api_unit: str) -> str:
    """The unit: the API's ``unit`` field when set, else the parenthesis of the name that reads as one,
    else (no parenthesis: the World Bank's counts) what is counted."""
    if api_unit.strip():
        return api_unit.strip()
    parts = re.findall(r"\(([^()]*)\)", name)
    if not parts:
        return counted(name)
    unitlike = [p for p in parts if UNITLIKE.search(p)]
    return (unitlike or parts[-1:])[0].strip()


def _checked(meta: dict[str, Any], where: str) -> dict[str, Any]:
    """The metadata fields the file is written from, each of the type the API documents, or FetchError."""
    code = str(meta.get("id"))
    text = {k: meta.get(k) or "" for k in ("name", "unit", "sourceNote", "sourceOrganization")}
    wrong = [k for k, v in text.items() if not isinstance(v, str)]
    source = meta.get("source") or {}
    if not isinstance(source, dict):
        wrong.append("source")
    else:
        if not isinstance(source.get("value") or "", str):
            wrong.append("source.value")
        if not str(source.get("id") or 2).isdigit():
            wrong.append("source.id")
    if wrong:
        raise FetchError(code, where, f"unexpected indicator metadata: {', '.join(wrong)} of the wrong type")
    return {**text, "id": code, "source": source}


def worldbank_series(series_id: str, meta: dict[str, Any], where: str, command: str) -> str:
    """The registry file's text; ``where`` is the URL or file the metadata came from."""
    meta = _checked(meta, where)
    name, code = meta["name"], meta["id"]
    source = meta["source"]
    unit = unit_of(name, str(meta.get("unit") or ""))
    counted_unit = counts(unit) or not re.search(r"\(", name)
    low, high = plausible_range(unit)
    percent = unit.startswith("%")
    organisation = str(meta.get("sourceOrganization") or "").strip()
    dataset = str(source.get("value") or "World Bank")
    top = {
        "id": series_id,
        "title": name,
        "unit": unit or "value",
        "short_unit": "%" if percent else unit,
        "definition": str(meta.get("sourceNote") or "").strip() or name,
        "source": f"title, unit and definition: the World Bank's indicator metadata, {where} "
        f"(read {today_iso()})",
        "publisher": "World Bank",
        "dataset": dataset,
        "indicator": code,
        "licence": "CC BY 4.0",
        "attribution": f"World Bank, {dataset} ({code})"
        + (f"; original source: {organisation}" if organisation else ""),
        "page": "explore",
        "min_value": low,
        "max_value": high,
        "decimals": 0 if counted_unit else 1 if percent else 2,
        "counts": counted_unit,
    }
    tables = {
        "": top,
        "fetch": {"publisher": "worldbank", "indicator": code, "source_id": int(source.get("id") or 2)},
        "publisher_metadata": {
            "name": name,
            "source_note": str(meta.get("sourceNote") or ""),
            "source_organization": organisation,
            "from": where,
        },
    }
    return series_toml(tables, {"": f"Added by `{command}` from the World Bank's metadata.", **COMMENTS})
