"""``data/datapackage.json``: data/ as a Frictionless Data Package (v2), for loading in one call.

Written from the manifest and the registry (never by hand) after every save and by every recovery:
one tabular resource per series (its current file, Table Schema, unit, licence, sources, sha256 and
bytes) and one resource indexing every release kept (store.releases). Nothing else reads it back, so
a damaged or stale descriptor is reported (``package_problems``) and rewritten, never trusted.
``python -m fetch package`` rewrites and validates it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from registry.catalogue import current
from registry.model import ID_PATTERN, RegistryError, SeriesInfo
from store import files  # its writes by module name: tests inject crashes into them
from store.files import committed_content, series_path
from store.manifest import DataFileError, read_manifest
from store.releases import release_rows, source_of, source_url

PACKAGE = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
REWRITE = "python -m fetch package"
CC_LICENCE = re.compile(r"\bCC BY(?:-(?P<kind>[A-Z-]+))? (?P<version>\d\.\d)(?P<igo> IGO)?")
ATTRIBUTION_TERMS = re.compile(r"source named|attribution|with the source", re.IGNORECASE)


def package_path(data_dir: Path) -> Path:
    return Path(data_dir) / PACKAGE


def licences(text: str) -> list[dict[str, str]]:
    """The licence as Data Package licence objects: each Creative Commons licence it names (with its
    deed), else Open Definition's ``other-at`` for terms asking for attribution, else ``notspecified``;
    the registry's words are kept as the title."""
    found = []
    for match in CC_LICENCE.finditer(text):
        kind, version, igo = (match.group("kind") or "").lower(), match.group("version"), match.group("igo")
        licence = {"title": text} if len(CC_LICENCE.findall(text)) == 1 else {"title": match.group(0)}
        if not igo:
            licence["name"] = "-".join(filter(None, ["CC-BY", kind.upper(), version]))
        deed = "-".join(filter(None, ["by", kind]))
        licence["path"] = f"https://creativecommons.org/licenses/{deed}/{version}{'/igo' if igo else ''}/"
        found.append(licence)
    if found:
        return found
    return [{"name": "other-at" if ATTRIBUTION_TERMS.search(text) else "notspecified", "title": text}]


def _sources(entry: dict[str, Any], attribution: str) -> list[dict[str, str]]:
    """Where the current file's release came from: the URLs asked, or the file and its web address."""
    urls = entry.get("urls") if isinstance(entry.get("urls"), list) else []
    urls = [u for u in urls if isinstance(u, str) and u.startswith(("http://", "https://"))]
    source_file = entry.get("source_file") if isinstance(entry.get("source_file"), dict) else {}
    found = [{"title": attribution, "path": url} for url in dict.fromkeys(urls)]
    if isinstance(source_file.get("file"), str) and source_file["file"]:
        source = {"title": f"{attribution}: {source_file['file']}"}
        if url := source_url(source_file):
            source["path"] = url
        found.append(source)
    return found or [{"title": attribution}]


def _text(info: SeriesInfo | None, entry: dict[str, Any], key: str) -> str:
    return str(getattr(info, key) if info is not None else entry.get(key) or "")


def table_schema(info: SeriesInfo | None, unit: str) -> dict[str, Any]:
    """The tidy frame's columns (store.frame) as a Table Schema; the value's range from the registry."""
    value: dict[str, Any] = {"name": "value", "type": "number", "description": f"unit: {unit}", "unit": unit}
    if info is not None:
        value["title"] = info.title
        value["constraints"] = {"minimum": info.min_value, "maximum": info.max_value}
    return {
        "fields": [
            {
                "name": "country_code",
                "type": "string",
                "title": "ISO 3166-1 alpha-3 code",
                "constraints": {"required": True, "pattern": "[A-Z]{3}"},
            },
            {"name": "country", "type": "string", "title": "country name, as the publisher wrote it"},
            {"name": "year", "type": "integer", "constraints": {"required": True}},
            value,
        ],
        "primaryKey": ["country_code", "year"],
    }


def _bytes(data_dir: Path, series_id: str, sha256: str) -> int | None:
    """Size of the file readers see: the one the manifest commits to (its committed pending copy
    after a crash), else whatever is there."""
    try:
        content = committed_content(data_dir, f"{series_id}.csv", sha256) if sha256 else None
        return len(content) if content is not None else series_path(data_dir, series_id).stat().st_size
    except (OSError, DataFileError):
        return None


def series_resource(data_dir: Path, series_id: str, entry: dict[str, Any], info: SeriesInfo | None) -> dict:
    unit = _text(info, entry, "unit")
    attribution = _text(info, entry, "attribution")
    definition = _text(info, entry, "definition")
    resource: dict[str, Any] = {
        "name": series_id,
        "type": "table",
        "path": f"{series_id}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": _text(info, entry, "title"),
        "description": f"{definition} Unit: {unit}. Publisher: {_text(info, entry, 'publisher')}, "
        f"{_text(info, entry, 'dataset')}, {_text(info, entry, 'indicator')}. Current release: "
        f"{entry.get('released') or 'undated'} ({entry.get('label') or source_of(entry) or 'no label'}).",
        "licenses": licences(_text(info, entry, "licence")),
        "sources": _sources(entry, attribution),
        "schema": table_schema(info, unit),
    }
    sha256 = entry["sha256"] if isinstance(entry.get("sha256"), str) else ""
    if sha256:
        resource["hash"] = f"sha256:{sha256}"
    size = _bytes(data_dir, series_id, sha256)
    if size is not None:
        resource["bytes"] = size
    return resource


RELEASE_FIELDS = [
    {"name": "series", "type": "string", "constraints": {"required": True}},
    {"name": "released", "type": "date", "description": "the date the release was public by"},
    {"name": "label", "type": "string"},
    {"name": "method", "type": "string", "description": "api: fetched live; import: a publisher's file"},
    {"name": "source", "type": "string", "description": "the URL asked, or the publisher's file"},
    {"name": "source_url", "type": "string", "description": "where the imported file was found"},
    {"name": "sha256", "type": "string", "constraints": {"pattern": "[0-9a-f]{64}"}},
    {"name": "path", "type": "string", "description": "the release's figures, verbatim, in data/"},
    {"name": "year_min", "type": "integer"},
    {"name": "year_max", "type": "integer"},
    {"name": "rows", "type": "integer"},
    {"name": "current", "type": "boolean", "description": "the release the series' current file shows"},
]


def releases_resource(manifest: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "releases",
        "type": "table",
        "title": "Every release kept, with its date and source",
        "description": "One row per release of each series kept in vintages/ (two releases with the same "
        "figures share a file). A series as published on a date: store.releases.as_published.",
        "data": release_rows(manifest),
        "schema": {"fields": RELEASE_FIELDS},
    }


def build_package(data_dir: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """The descriptor data/ should have: from the manifest, the registry and the files' sizes."""
    try:
        infos = current().infos
    except RegistryError:
        infos = {}  # described from the manifest alone
    # a hand-edited id ("../x") never becomes a path the descriptor points at
    series = sorted(k for k, v in manifest["series"].items() if isinstance(v, dict) and ID_PATTERN.match(k))
    return {
        "$schema": PROFILE,
        "name": "gender-statistics",
        "title": "Gender statistics: the series behind the dashboard, with every release kept",
        "description": "Written by the project's store from manifest.json and series/ on every save; "
        f"rewrite it with `{REWRITE}`. Each series is a tidy CSV (country_code, country, year, value).",
        "resources": [
            *(series_resource(Path(data_dir), s, manifest["series"][s], infos.get(s)) for s in series),
            releases_resource(manifest),
        ],
    }


def package_bytes(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_package(data_dir: Path, manifest: dict[str, Any] | None = None) -> bool:
    """Write the descriptor if it differs from what data/ holds; True if it was written."""
    data_dir = Path(data_dir)
    manifest = read_manifest(data_dir) if manifest is None else manifest
    content = package_bytes(build_package(data_dir, manifest))
    path = package_path(data_dir)
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    files.write_in(data_dir, path, content)  # never through a link out of the folder
    return True


def package_problems(data_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """How data/datapackage.json differs from the descriptor the manifest and registry give (one sentence)."""
    path = package_path(data_dir)
    if not path.exists():
        return [f"{path} is missing: the data cannot be loaded as a data package. Write it with `{REWRITE}`."]
    try:
        found = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        return [f"{path} is not valid ({exc}). Rewrite it with `{REWRITE}`."]
    if found != build_package(Path(data_dir), manifest):
        return [
            f"{path} does not describe the files data/manifest.json commits to (damaged, or left "
            f"behind by an interrupted run); the next `python -m fetch` or `{REWRITE}` rewrites it."
        ]
    return []


def validate_package(data_dir: Path) -> list[str]:
    """Frictionless' own validation of the descriptor and every file it names (hashes, sizes, rows)."""
    from frictionless import validate  # imported here: slow to import, and only this needs it

    report = validate(str(package_path(data_dir)))
    problems = [error.message for error in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {error.message}" for error in task.errors]
    return problems
