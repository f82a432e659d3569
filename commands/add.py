"""``python -m fetch add PUBLISHER CODE [--from FILE] [--id ID]``: register a series from the publisher's
own metadata.

World Bank: the indicator's metadata from the API (``/v2/indicator/CODE?format=json``) or, offline,
from a bulk download's ``Metadata_Indicator_*.csv``. OECD: a dataflow's structure message (SDMX-ML),
with ``--filter DIMENSION=CODE`` for each dimension but the country. The title, unit and definition
are the publisher's words; the plausible range is derived from the unit and written in the file for
the analyst to edit. Nothing else changes: ``python -m fetch ID`` then fetches it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from rich.console import Console

from commands.add_oecd import oecd_series
from commands.add_worldbank import worldbank_series
from fetch import http, worldbank
from fetch.errors import FetchError
from fetch.http import make_session
from fetch.sdmx_structure import read_structure
from fetch.worldbank_formats import parse_indicator_metadata
from registry.catalogue import Registry
from registry.model import ID_PATTERN, RegistryError
from registry.publishers import publisher
from registry.seriesfile import parse_text

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$")
FILTER = re.compile(r"^(?P<dimension>[A-Z][A-Z0-9_]*)=(?P<code>[A-Za-z0-9_.-]+)$")
EXAMPLES = {
    "worldbank": "SG.GEN.PARL.ZS",
    "oecd": "OECD.WISE.INE:DSD_TIME_USE@DF_TIME_USE --from STRUCTURE.xml --filter MEASURE=PAW --filter SEX=F",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "publisher", choices=["worldbank", "oecd"], help="the publisher whose metadata to read"
    )
    parser.add_argument(
        "code", help="World Bank indicator code (SG.GEN.PARL.ZS), or OECD dataflow ([AGENCY:]DSD_…@DF_…)"
    )
    parser.add_argument("--id", dest="series_id", help="series id (default: from the code, sg_gen_parl_zs)")
    parser.add_argument(
        "--from",
        dest="metadata",
        type=Path,
        metavar="FILE",
        help="read the metadata from this file instead of asking: a World Bank Metadata_Indicator_*.csv, "
        "or the OECD dataflow's structure message (required for the OECD)",
    )
    parser.add_argument(
        "--filter",
        dest="filters",
        action="append",
        default=[],
        metavar="DIMENSION=CODE",
        help="OECD: the code kept for a dimension (repeat for each dimension but REF_AREA)",
    )


def default_id(code: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", code.lower()).strip("_")


def _metadata_file(path: Path) -> Path:
    """The file, if it can be read at all; FetchError naming why not (missing, a folder, too large)."""
    if not path.exists() or not path.is_file():
        raise FetchError("add", str(path), "no such file" if not path.exists() else "not a file")
    cap = http.answer_cap()  # the cap on a live answer holds for a file too
    if path.stat().st_size > cap * 1_000_000:
        raise FetchError("add", str(path), f"larger than {cap:g} MB (FETCH_MAX_BODY_MB), not read")
    return path


def registry_text(args: argparse.Namespace, series_id: str, command: str) -> str:
    """The registry file's text from the publisher's metadata (a file, or the World Bank's API)."""
    code = args.code.strip()
    if args.publisher == "worldbank":
        if args.filters:
            raise FetchError(code, "--filter", "--filter is for OECD dataflows")
        if args.metadata is None:
            meta, where = worldbank.indicator_metadata(make_session(), code)
        else:
            where = str(_metadata_file(args.metadata))
            meta = parse_indicator_metadata(args.metadata, code)
        return worldbank_series(series_id, meta, where, command)
    if args.metadata is None:
        raise FetchError(
            code,
            "--from",
            "pass the dataflow's structure message with --from (the Data Explorer's structure query, "
            "/dataflow/AGENCY/ID/VERSION?references=all)",
        )
    filters = {}
    for text in args.filters:
        match = FILTER.match(text)
        if not match or match.group("dimension") in filters:
            raise FetchError(code, "--filter", f"expected DIMENSION=CODE, once per dimension, got {text!r}")
        filters[match.group("dimension")] = match.group("code")
    path = _metadata_file(args.metadata)
    flow = read_structure(path, code, int(http.answer_cap(publisher("oecd")) * 1_000_000))
    return oecd_series(series_id, flow, filters, str(path), command)


def _error(console: Console, message: str) -> None:
    console.print(message, style="red", markup=False)  # no markup: ids and messages may hold brackets


def run_add(args: argparse.Namespace, registry: Registry) -> int:
    """Write series/<id>.toml from the publisher's metadata, after the registry's own validation."""
    console = Console(soft_wrap=True, highlight=False)
    code = args.code.strip()
    if not CODE_PATTERN.match(code):
        _error(console, f"{code!r} is not a {args.publisher} code (e.g. {EXAMPLES[args.publisher]}).")
        return 2
    codes = "_".join(re.sub(r"[^A-Za-z0-9]+", "_", f.partition("=")[2]) for f in args.filters)
    default = default_id("_".join(filter(None, [code.rpartition("@")[2].rpartition(":")[2], codes])))
    series_id = default if args.series_id is None else args.series_id
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
    command = " ".join(
        ["python -m fetch add", args.publisher, code, *(f"--filter {f}" for f in args.filters)]
    )
    try:
        text = registry_text(args, series_id, command)
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
