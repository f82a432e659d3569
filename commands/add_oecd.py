"""An OECD dataflow's structure message -> a registry file (``python -m fetch add oecd DATAFLOW``).

The structure message (SDMX-ML, ``/dataflow/AGENCY/ID/VERSION?references=all``) names the dataflow,
its dimensions and their codes, and the unit of measure its constraint allows. One series is one code
per dimension but the country (``--filter MEASURE=PAW --filter SEX=F``); a dimension whose constraint
allows a single code needs no filter. Every code is checked against the message.
"""

from __future__ import annotations

from commands.series_file import COMMENTS, counts, plausible_range, series_toml
from fetch.common import today_iso
from fetch.errors import FetchError
from fetch.sdmx_structure import DataflowStructure

COUNTRY = "REF_AREA"
UNIT = "UNIT_MEASURE"


def _choices(codes: dict[str, str], allowed: frozenset[str]) -> str:
    shown = sorted(allowed or codes)
    return ", ".join(f"{code} ({codes.get(code, '?')})" for code in shown[:12]) + (
        f" and {len(shown) - 12} more" if len(shown) > 12 else ""
    )


def chosen_codes(flow: DataflowStructure, filters: dict[str, str], where: str) -> dict[str, str]:
    """One code per dimension but the country, each one the message knows; FetchError naming the choices."""
    ids = [d.id for d in flow.dimensions]
    if COUNTRY not in ids:
        raise FetchError(flow.id, where, f"the dataflow has no {COUNTRY} dimension: not a series by country")
    unknown = sorted(set(filters) - set(ids) - {UNIT})
    if unknown:
        raise FetchError(
            flow.id, where, f"no dimension {', '.join(unknown)}; its dimensions: {', '.join(ids)}"
        )
    chosen: dict[str, str] = {}
    for dim in flow.dimensions:
        if dim.id == COUNTRY:
            continue
        code = filters.get(dim.id) or (next(iter(dim.allowed)) if len(dim.allowed) == 1 else None)
        if code is None:
            raise FetchError(
                flow.id,
                where,
                f"pick one {dim.id} with --filter {dim.id}=CODE: {_choices(dim.codes, dim.allowed)}",
            )
        if code not in dim.codes or (dim.allowed and code not in dim.allowed):
            raise FetchError(
                flow.id,
                where,
                f"{dim.id}={code} is not a code of this dataflow: {_choices(dim.codes, dim.allowed)}",
            )
        chosen[dim.id] = code
    return chosen


def _unit(
    flow: DataflowStructure, chosen: dict[str, str], filters: dict[str, str], where: str
) -> tuple[str, dict]:
    """The unit's name and the filter that pins it (when the dataflow allows several units)."""
    dims = {d.id: d for d in flow.dimensions}
    if UNIT in chosen:
        return dims[UNIT].codes[chosen[UNIT]], {}
    if UNIT in filters:
        if filters[UNIT] not in flow.units:
            raise FetchError(
                flow.id, where, f"{UNIT}={filters[UNIT]} is not allowed: {_choices(flow.units, frozenset())}"
            )
        return flow.units[filters[UNIT]], {UNIT: filters[UNIT]}
    if len(flow.units) > 1:
        raise FetchError(
            flow.id, where, f"pick one {UNIT} with --filter {UNIT}=CODE: {_choices(flow.units, frozenset())}"
        )
    return next(iter(flow.units.values()), ""), {}


def oecd_series(
    series_id: str, flow: DataflowStructure, filters: dict[str, str], where: str, command: str
) -> str:
    """The registry file's text, in the OECD's own words (its names for the dataflow and each code)."""
    chosen = chosen_codes(flow, filters, where)
    unit, unit_filter = _unit(flow, chosen, filters, where)
    dims = {d.id: d for d in flow.dimensions}
    labels = [dims[dim].codes[code] for dim, code in chosen.items() if dim != UNIT]
    title = ", ".join(labels) or flow.name
    counted = counts(unit)
    low, high = plausible_range(unit)
    query = {"publisher": "oecd", "agency": flow.agency, "dataflow": flow.id, "version": flow.version}
    query["filters"] = {**chosen, **unit_filter}
    if not flow.time_dimension:
        query["time_dimension"] = False
    top = {
        "id": series_id,
        "title": title,
        "unit": unit or "value",
        "short_unit": unit or "",
        "definition": f"{flow.name}: "
        + "; ".join(f"{dim} {dims[dim].codes[code]}" for dim, code in chosen.items()),
        "source": f"title, unit and definition: the OECD's structure message for {flow.structure_id}, "
        f"{where} (prepared {flow.prepared or 'undated'}, read {today_iso()})",
        "publisher": "OECD",
        "dataset": f"{flow.name} (OECD Data Explorer, {flow.structure_id})",
        "indicator": ", ".join(f"{dim}={code}" for dim, code in query["filters"].items()),
        "licence": "CC BY 4.0",
        "attribution": f"OECD, {flow.name} ({flow.structure_id})",
        "page": "explore",
        "min_value": low,
        "max_value": high,
        "decimals": 0 if counted else 1,
        "counts": counted,
    }
    meta = {"name": flow.name, **{dim.lower(): dims[dim].codes[code] for dim, code in chosen.items()}}
    meta.update({"unit_of_measure": unit, "description": flow.description, "from": where})
    comments = {"": f"Added by `{command}` from the OECD's structure message.", **COMMENTS}
    if not flow.time_dimension:
        comments["fetch"] = (
            "No time dimension: each country's value is dated by fetch.time_use (time-use only)."
        )
    return series_toml({"": top, "fetch": query, "publisher_metadata": meta}, comments)
