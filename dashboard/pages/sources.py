"""Data & sources page: every series' provenance from data/manifest.json, and what is missing."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.data import load_manifest, try_load
from dashboard.markup import plain
from dashboard.provenance import indicator_url, vintage_text
from dashboard.revisions import revisions_section
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
    rows, missing = [], []
    for series_id, info in current().infos.items():
        loaded = try_load(series_id)
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
    if missing:
        st.warning("Missing from this snapshot:  \n" + "  \n".join(missing), icon=":material/info:")
    if rows:
        charts.show_table(
            pd.DataFrame(rows),
            key="sources",
            filename="sources.csv",
            caption="Provenance of each series, from data/manifest.json.",
        )
    revisions_section(manifest, current().infos)
    st.subheader("Definitions and citations")
    for series_id, info in current().infos.items():
        with st.expander(plain(info.title)):
            cite = f"**Cite as:** {plain(info.attribution)}. Licence: {plain(info.licence)}."
            st.markdown(f"{plain(info.definition)}  \n{cite}")
            if url := indicator_url(series_id):
                st.markdown(f"Publisher's page: [{plain(info.dataset)}]({url})")
            words = {k: v for k, v in current().spec(series_id).publisher_metadata.items() if k != "from"}
            if words:  # "from" is where the words were copied from: a build path, not the publisher's
                verbatim = " · ".join(f"{key}: {text}" for key, text in words.items())
                st.caption(f"The publisher's own metadata (verbatim): {plain(verbatim)}")
            entry = manifest["series"].get(series_id, {})
            if entry.get("urls"):
                st.markdown("**Requested:** " + ", ".join(plain(u) for u in entry["urls"]))
            for line in history_lines(entry):
                text = plain(line)
                st.markdown(f"- {text}" if not line.endswith(":") else f"**Long history.** {text}")
            if entry.get("vintages"):
                st.markdown(
                    "**Vintages kept** (the newest release is shown; compare two with "
                    f"`python -m fetch diff {series_id}`):"
                )
                st.dataframe(_vintage_table(entry), hide_index=True, width="stretch")
    st.download_button(
        "Download manifest.json",
        json.dumps(manifest, indent=2, ensure_ascii=False),
        file_name="manifest.json",
        mime="application/json",
        on_click="ignore",
    )


if __name__ == "__main__":
    render()
