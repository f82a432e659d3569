"""Where a series comes from, in words and links: vintage, citation, licence and the publisher's page.

Pure functions of the registry entry and the manifest (no Streamlit), shared by the frames'
Sources and Download tabs, the line drawn inside every chart image and the Data & sources page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from dashboard.markup import plain
from registry.catalogue import current

if TYPE_CHECKING:
    from dashboard.data import Series


def indicator_url(series_id: str) -> str | None:
    """The publisher's own page for the indicator, from the registry's query (None if unknown)."""
    try:
        query = current().spec(series_id).fetch
    except KeyError:
        return None
    p = {k: quote(str(v), safe="") for k, v in query.params.items() if isinstance(v, str | int)}
    if query.publisher == "worldbank":
        return f"https://data.worldbank.org/indicator/{p['indicator']}"
    if query.publisher == "owid":
        return f"https://ourworldindata.org/grapher/{p['slug']}"
    if query.publisher == "oecd":
        return (
            "https://data-explorer.oecd.org/vis?df%5Bds%5D=dsDisseminateFinalDMZ"
            f"&df%5Bid%5D={p['dataflow']}&df%5Bag%5D={p['agency']}&df%5Bvs%5D={p['version']}"
        )
    if query.publisher == "kosis":
        return f"https://kosis.kr/statHtml/statHtml.do?orgId={p['org_id']}&tblId={p['table']}"
    return None


def vintage_text(series: Series) -> str:
    meta = series.meta
    label = meta.get("label") or f"data to {meta.get('year_max', series.latest_year)}"
    released = meta.get("source_updated") or meta.get("released")
    text = f"{label}, released {released}" if released else label
    for release in (meta.get("history") or {}).get("spliced", []):  # a long history: earlier years
        text += (
            f"; earlier years (to {release['year_max']}) from {release['label']}, "
            f"released {release['released']}"
        )
    return text


def provenance_text(series_list: list[Series]) -> str:
    """Source, dataset, indicator, licence, vintage and retrieval date of each series in a chart."""
    parts = []
    for s in series_list:
        meta, info = s.meta, s.info
        retrieved = str(meta.get("retrieved", "unknown"))[:10]
        how = (
            "imported from the publisher's file" if meta.get("method") == "import" else "fetched from the API"
        )
        parts.append(  # manifest text is data: shown as typed, never as Markdown
            f"**Source:** {plain(meta.get('publisher', info.publisher))} — "
            f"{plain(meta.get('dataset', info.dataset))}; "
            f"indicator {plain(meta.get('indicator', info.indicator))}. "
            f"**Licence:** {plain(meta.get('licence', info.licence))}. "
            f"**Vintage:** {plain(vintage_text(s))}; retrieved {plain(retrieved)} ({how})."
        )
    return "  \n".join(parts)


def image_source_line(series_list: list[Series]) -> str:
    """The one-line citation drawn inside the chart, so a downloaded PNG carries its source.

    Series of one dataset (women's and men's rates) are cited once, naming both indicators, so the
    line fits under the chart.
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for s in series_list:
        head, _, code = s.info.attribution.rpartition(", ")
        if not head or code != s.info.indicator:
            head, code = s.info.attribution, ""
        released = str(s.meta.get("released", ""))[:10]
        for release in (s.meta.get("history") or {}).get("spliced", []):  # a long history's earlier years
            released += f" (to {release['year_max']}: release of {release['released']})"
        codes = groups.setdefault((head, s.info.licence, released), [])
        if code and code not in codes:
            codes.append(code)
    cites = []
    for (head, licence, released), codes in groups.items():
        named = f"{head}, {' and '.join(codes)}" if codes else head
        cites.append(f"{named} ({licence}){', release of ' + released if released else ''}")
    return "Source: " + "; ".join(cites)


def citation(series: Series) -> str:
    """How to cite the series in one line: attribution, licence, release."""
    return image_source_line([series]).removeprefix("Source: ")


def metadata(series: Series, url: str | None = None) -> dict[str, Any]:
    """The metadata file of a download: what the series is, who publishes it, which release."""
    info, meta = series.info, series.meta
    return {
        "id": series.id,
        "title": info.title,
        "unit": info.unit,
        "definition": info.definition,
        "publisher": meta.get("publisher", info.publisher),
        "dataset": meta.get("dataset", info.dataset),
        "indicator": meta.get("indicator", info.indicator),
        "licence": meta.get("licence", info.licence),
        "citation": citation(series),
        "publisher_page": indicator_url(series.id),
        "release": vintage_text(series),
        "released": meta.get("released"),
        "retrieved": meta.get("retrieved"),
        "sha256": meta.get("sha256"),
        "rows": len(series.frame),
        "years": [int(series.frame["year"].min()), int(series.frame["year"].max())],
        "dashboard_page": url,
    }
