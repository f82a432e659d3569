"""Data & sources page: every series' provenance from data/manifest.json, and what is missing."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import charts, views
from dashboard.data import Series, load_manifest, manifest_version, try_load
from dashboard.markup import plain
from dashboard.provenance import indicator_url, vintage_text
from dashboard.revisions import revision_entries, revisions_section
from registry.catalogue import current
from store.history import history_lines
from store.manifest import DataFileError, current_vintage


def _source_file(meta: dict) -> str:
    src = meta.get("source_file") or {}
    if not src:
        return "; ".join(meta.get("urls", [])) or "—"
    commit = str(src.get("commit", ""))[:10]
    return f"{src.get('file', '')} ({src.get('repository', '')}:{src.get('path', '')} @ {commit})".strip()


def _vintage_table(entry: dict) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Released": v.get("released") or "not recorded",
            "Vintage": v.get("label", ""),
            "Years": f"{v.get('year_min', '?')}–{v.get('year_max', '?')}",
            "Rows": v.get("rows"),
            "How": v.get("method", ""),
            "From": _source_file(v),
            "Current": "yes" if v is current_vintage(entry) else "",
            "Notes": v.get("notes", ""),
            "Preliminary years": ", ".join(str(y) for y in v.get("preliminary", [])),
        }
        for v in entry.get("vintages", [])
        if isinstance(v, dict)
    )


def render() -> None:
    st.title("Data & sources")
    st.markdown(
        "Every number in this dashboard comes from the files in `data/`, built by `python -m fetch` from the "
        "publishers' own data. Each series below lists where it came from, under which licence, and which "
        "version (vintage) is shown. Aggregates such as the OECD average are computed here from country rows."
    )
    try:
        manifest = load_manifest()
    except DataFileError as exc:
        st.error(f"The manifest cannot be read: {plain(exc)}")
        st.stop()
    loaded = {series_id: try_load(series_id) for series_id in current()}
    data = (manifest_version(), *(s.key if isinstance(s, Series) else s for s in loaded.values()))
    rows, missing = views.cached("sources:table", views.version() + data, (), lambda: _provenance(loaded))
    if missing:
        st.warning("Missing from this snapshot:  \n" + "  \n".join(missing), icon=":material/info:")
    if len(rows):
        charts.show_table(
            rows,
            key="sources",
            filename="sources.csv",
            caption="Provenance of each series, from data/manifest.json.",
        )
    infos = current().infos
    revisions_section(
        views.cached(
            "sources:revisions", views.version() + data, (), lambda: revision_entries(manifest, infos)
        )
    )
    _definitions(
        views.cached("sources:definitions", views.version() + data, (), lambda: definitions(manifest))
    )
    st.download_button(
        "Download manifest.json",
        json.dumps(manifest, indent=2, ensure_ascii=False),
        file_name="manifest.json",
        mime="application/json",
        on_click="ignore",
    )


def _provenance(found: dict[str, Series | str]) -> tuple[pd.DataFrame, list[str]]:
    """The provenance table's rows, and a line for each series missing from data/."""
    rows, missing = [], []
    for series_id, info in current().infos.items():
        loaded = found[series_id]
        if isinstance(loaded, str):
            missing.append(f"**{plain(info.title)}** ({plain(series_id)}): {plain(loaded)}")
            continue
        meta = loaded.meta
        rows.append(
            {
                "Series": info.title,
                "Id": series_id,
                "Unit": info.unit,
                "Publisher": meta.get("publisher", info.publisher),
                "Dataset": meta.get("dataset", info.dataset),
                "Indicator": meta.get("indicator", info.indicator),
                "Licence": meta.get("licence", info.licence),
                "Vintage": vintage_text(loaded),
                "Retrieved": str(meta.get("retrieved", ""))[:10],
                "How": meta.get("method", ""),
                "From": _source_file(meta),
                "Rows": len(loaded.frame),
                "Countries": loaded.frame["country_code"].nunique(),
                "Years": f"{loaded.frame['year'].min()}–{loaded.frame['year'].max()}",
                "Vintages kept": len(meta.get("vintages", [])),
                "sha256": str(meta.get("sha256", ""))[:16],
            }
        )
    return pd.DataFrame(rows), missing


@dataclass(frozen=True)
class Definition:
    """One series' block under "Definitions and citations", as Markdown lines and its vintage table."""

    title: str
    lines: list[tuple[str, str]]  # ("markdown" or "caption", text), in order
    vintages: pa.Table | None


def definitions(manifest: dict) -> list[Definition]:
    """Each series' definition, citation, the publisher's own words, its history and vintages (the
    vintage tables already in Arrow, the form st.dataframe sends)."""
    out = []
    for series_id, info in current().infos.items():
        cite = f"**Cite as:** {plain(info.attribution)}. Licence: {plain(info.licence)}."
        lines = [("markdown", f"{plain(info.definition)}  \n{cite}")]
        if url := indicator_url(series_id):
            lines.append(("markdown", f"Publisher's page: [{plain(info.dataset)}]({url})"))
        words = {k: v for k, v in current().spec(series_id).publisher_metadata.items() if k != "from"}
        if words:  # "from" is where the words were copied from: a build path, not the publisher's
            verbatim = " · ".join(f"{key}: {text}" for key, text in words.items())
            lines.append(("caption", f"The publisher's own metadata (verbatim): {plain(verbatim)}"))
        entry = manifest["series"].get(series_id, {})
        if entry.get("urls"):
            lines.append(("markdown", "**Requested:** " + ", ".join(plain(u) for u in entry["urls"])))
        for line in history_lines(entry):
            text = plain(line)
            lines.append(("markdown", f"- {text}" if not line.endswith(":") else f"**Long history.** {text}"))
        vintages = None
        if entry.get("vintages"):
            said = "**Vintages kept** (the newest release is shown; compare two with "
            lines.append(("markdown", f"{said}`python -m fetch diff {series_id}`):"))
            vintages = pa.Table.from_pandas(_vintage_table(entry), preserve_index=False)
        out.append(Definition(info.title, lines, vintages))
    return out


def _definitions(blocks: list[Definition]) -> None:
    st.subheader("Definitions and citations")
    for block in blocks:
        with st.expander(plain(block.title)):
            for kind, text in block.lines:
                (st.caption if kind == "caption" else st.markdown)(text)
            if block.vintages is not None:
                st.dataframe(block.vintages, hide_index=True, width="stretch")


if __name__ == "__main__":
    render()
