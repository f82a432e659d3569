"""``python -m fetch add worldbank CODE [--id ID]``: register a World Bank indicator as a new series.

The title, definition and source organisation are the World Bank's own words from
``/v2/indicator/CODE?format=json``; the plausible range is derived from the unit and written in the
file for the analyst to edit. Nothing else changes: ``python -m fetch ID`` then fetches it.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from rich.console import Console

from fetch import worldbank
from fetch.common import today_iso
from fetch.errors import FetchError
from fetch.http import make_session
from registry.catalogue import Registry
from registry.model import ID_PATTERN, RegistryError
from registry.seriesfile import parse_text

RESERVED_IDS = ("add", "diff")

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._]{0,63}$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("publisher", choices=["worldbank"], help="only the World Bank has an indicator API")
    parser.add_argument("code", help="the World Bank indicator code, e.g. SG.GEN.PARL.ZS")
    parser.add_argument("--id", dest="series_id", help="series id (default: from the code, sg_gen_parl_zs)")


def default_id(code: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", code.lower()).strip("_")


# --- a small TOML writer (the standard library only reads TOML) ------------------------------------


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


# --- the World Bank's metadata -> a registry file ---------------------------------------------------


def unit_of(name: str, api_unit: str) -> str:
    """The unit: the API's ``unit`` field when set, else the parenthesis of the name that reads as one."""
    if api_unit.strip():
        return api_unit.strip()
    parts = re.findall(r"\(([^()]*)\)", name)
    unitlike = [p for p in parts if re.search(r"%|\bper\b|US\$|LCU|number|years|births|days", p)]
    return (unitlike or parts[-1:] or [""])[0].strip()


def plausible_range(unit: str) -> tuple[float, float]:
    """A first guess from the unit, for the analyst to check (validation refuses values outside it)."""
    lowered = unit.lower()
    if lowered.startswith("%") and "annual" not in lowered and "growth" not in lowered:
        return 0.0, 100.0
    if "annual" in lowered or "growth" in lowered:
        return -100.0, 1000.0
    match = re.search(r"per ([\d,]+)", lowered)
    if match:
        return 0.0, float(match.group(1).replace(",", ""))
    return -1e15, 1e15


def _checked(meta: dict[str, Any], url: str) -> dict[str, Any]:
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
        raise FetchError(code, url, f"unexpected indicator metadata: {', '.join(wrong)} of the wrong type")
    return {**text, "id": code, "source": source}


def worldbank_series(series_id: str, meta: dict[str, Any], url: str) -> str:
    meta = _checked(meta, url)
    name, code = meta["name"], meta["id"]
    source = meta["source"]
    unit = unit_of(name, str(meta.get("unit") or ""))
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
        "source": f"title and definition: the World Bank's indicator metadata, {url} "
        f"(retrieved {today_iso()})",
        "publisher": "World Bank",
        "dataset": dataset,
        "indicator": code,
        "licence": "CC BY 4.0",
        "attribution": f"World Bank, {dataset} ({code})"
        + (f"; original source: {organisation}" if organisation else ""),
        "page": "explore",
        "min_value": low,
        "max_value": high,
        "decimals": 1 if percent else 2,
        "counts": False,
    }
    tables = {
        "": top,
        "fetch": {"publisher": "worldbank", "indicator": code, "source_id": int(source.get("id") or 2)},
        "publisher_metadata": {
            "name": name,
            "source_note": str(meta.get("sourceNote") or ""),
            "source_organization": organisation,
            "from": url,
        },
    }
    comments = {
        "": f"Added by `python -m fetch add worldbank {code}` from the World Bank's metadata.",
        "licence": "The World Bank's default licence for its datasets; check the indicator's page.",
        "min_value": "Plausible range, derived from the unit: values outside it are refused. Edit if needed.",
        "publisher_metadata": "The publisher's own words, verbatim.",
    }
    return series_toml(tables, comments)


def _error(console: Console, message: str) -> None:
    console.print(message, style="red", markup=False)  # no markup: ids and messages may hold brackets


def run_add(args: argparse.Namespace, registry: Registry) -> int:
    """Ask the World Bank for the indicator's metadata and write series/<id>.toml from it."""
    console = Console(soft_wrap=True, highlight=False)
    code = args.code.strip()
    if not CODE_PATTERN.match(code):
        _error(console, f"{code!r} is not a World Bank indicator code (e.g. SG.GEN.PARL.ZS).")
        return 2
    series_id = default_id(code) if args.series_id is None else args.series_id
    if not ID_PATTERN.match(series_id):
        _error(console, f"--id {series_id!r}: use lowercase letters, digits and _ (starting with a letter).")
        return 2
    path = registry.directory / f"{series_id}.toml"
    if path.exists() or series_id in registry:
        _error(
            console,
            f"{path} already exists: a series with id {series_id!r} is registered. "
            "Pick another with --id, or edit that file.",
        )
        return 1
    try:
        meta, url = worldbank.indicator_metadata(make_session(), code)
        text = worldbank_series(series_id, meta, url)
        parse_text(text, path)  # the file must pass the registry's own validation
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except (FetchError, RegistryError, OSError) as exc:
        _error(console, f"Not added: {exc}")
        return 1
    console.print(f"Wrote {path}:\n", style="green", markup=False)
    console.print(text, markup=False)
    console.print(f"Check the plausible range and licence, then fetch it: python -m fetch {series_id}")
    console.print(f"and chart it: /explore?series={series_id}")
    return 0
