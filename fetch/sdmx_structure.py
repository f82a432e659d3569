"""An SDMX-ML 2.1 structure message (``/dataflow/AGENCY/ID/VERSION?references=all``): what a dataflow is.

Read for ``python -m fetch add oecd``: the dataflow's name and description, its dimensions in key
order with each code's English name, whether it has a time dimension, and the codes its content
constraints allow (the OECD lists the units of measure a dataflow uses there). Parsing only, no
requests; expat refuses entity-expansion bombs, and external entities are never fetched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from fetch.errors import FetchError

NS = {
    "m": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "s": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
    "c": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COMPONENTS = "s:DataStructureComponents"


@dataclass(frozen=True)
class Dimension:
    id: str
    codes: dict[str, str]  # code -> English name, from the dimension's codelist
    allowed: frozenset[str] = frozenset()  # the codes the content constraints allow (empty: any)


@dataclass(frozen=True)
class DataflowStructure:
    agency: str
    id: str
    version: str
    name: str
    description: str
    prepared: str  # the message's preparation time
    dimensions: list[Dimension]  # in key order, the time dimension excluded
    time_dimension: bool
    units: dict[str, str] = field(default_factory=dict)  # UNIT_MEASURE code -> name, as constrained

    @property
    def structure_id(self) -> str:
        return f"{self.agency}:{self.id}({self.version})"


def _english(element: ET.Element, tag: str) -> str:
    texts = element.findall(f"c:{tag}", NS)
    chosen = next((t for t in texts if t.get(LANG) == "en"), texts[0] if texts else None)
    return " ".join((chosen.text or "").split()) if chosen is not None else ""


def _codelists(root: ET.Element) -> dict[tuple[str, str], dict[str, str]]:
    return {
        (cl.get("agencyID", ""), cl.get("id", "")): {
            code.get("id", ""): _english(code, "Name") for code in cl.findall("s:Code", NS)
        }
        for cl in root.findall("m:Structures/s:Codelists/s:Codelist", NS)
    }


def _constraints(root: ET.Element, flow_id: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Codes allowed per dimension (KeyValue) and per attribute, by every constraint on the dataflow."""
    keys: dict[str, set[str]] = {}
    attributes: dict[str, set[str]] = {}
    for constraint in root.findall("m:Structures/s:Constraints/s:ContentConstraint", NS):
        refs = constraint.findall("s:ConstraintAttachment/s:Dataflow/Ref", NS)
        if not any(ref.get("id") == flow_id for ref in refs):
            continue
        for region in constraint.findall("s:CubeRegion", NS):
            if region.get("include", "true") != "true":
                continue
            for kind, found in (("KeyValue", keys), ("Attribute", attributes)):
                for item in region.findall(f"c:{kind}", NS):
                    values = {v.text or "" for v in item.findall("c:Value", NS)}
                    dim = item.get("id", "")
                    found[dim] = found[dim] & values if dim in found else values
    return keys, attributes


def _ref(element: ET.Element | None) -> tuple[str, str]:
    ref = element.find("s:LocalRepresentation/s:Enumeration/Ref", NS) if element is not None else None
    return (ref.get("agencyID", ""), ref.get("id", "")) if ref is not None else ("", "")


def read_structure(path: Path, dataflow: str, limit_bytes: int) -> DataflowStructure:
    """The dataflow ``dataflow`` (``ID`` or ``AGENCY:ID``) of a structure message; FetchError if the file
    is not one, lacks the dataflow or its data structure, or is larger than ``limit_bytes``."""
    where = str(path)
    if Path(path).stat().st_size > limit_bytes:
        raise FetchError(dataflow, where, f"larger than {limit_bytes / 1e6:g} MB, not read")
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, RecursionError) as exc:
        raise FetchError(dataflow, where, f"not an XML structure message ({exc})") from exc
    agency, _, flow_id = dataflow.rpartition(":")
    every = root.findall("m:Structures/s:Dataflows/s:Dataflow", NS)
    flows = [f for f in every if f.get("id") == flow_id and agency in ("", f.get("agencyID"))]
    if not flows:
        held = sorted(f"{f.get('agencyID')}:{f.get('id')}" for f in every)
        raise FetchError(dataflow, where, f"no such dataflow in the message; it holds {held or 'none'}")
    flow = flows[0]
    dsd_ref = flow.find("s:Structure/Ref", NS)
    dsd_id = dsd_ref.get("id") if dsd_ref is not None else None
    structures = root.findall("m:Structures/s:DataStructures/s:DataStructure", NS)
    dsd = next((d for d in structures if d.get("id") == dsd_id), None)
    if dsd is None:
        raise FetchError(
            dataflow, where, f"the message lacks the data structure {dsd_id} (ask with references=all)"
        )
    codelists = _codelists(root)
    keys, attributes = _constraints(root, flow.get("id", ""))
    dimensions = [
        Dimension(d.get("id", ""), codelists.get(_ref(d), {}), frozenset(keys.get(d.get("id", ""), ())))
        for d in dsd.findall(f"{COMPONENTS}/s:DimensionList/s:Dimension", NS)
    ]
    attribute_list = dsd.findall(f"{COMPONENTS}/s:AttributeList/s:Attribute", NS)
    unit_list = next((a for a in attribute_list if a.get("id") == "UNIT_MEASURE"), None)
    unit_names = codelists.get(_ref(unit_list), {})
    units = {code: unit_names.get(code, code) for code in sorted(attributes.get("UNIT_MEASURE", ()))}
    prepared = root.find("m:Header/m:Prepared", NS)
    return DataflowStructure(
        agency=flow.get("agencyID", ""),
        id=flow.get("id", ""),
        version=flow.get("version", ""),
        name=_english(flow, "Name"),
        description=_english(flow, "Description"),
        prepared=(prepared.text or "") if prepared is not None else "",
        dimensions=dimensions,
        time_dimension=dsd.find(f"{COMPONENTS}/s:DimensionList/s:TimeDimension", NS) is not None,
        units=units,
    )
