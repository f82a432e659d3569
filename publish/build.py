"""Build the whole site into a folder: the verdicts, a page per indicator, the deck and the data.

Verdicts are the app's (dashboard.verdicts.judge over the same data/ and claims file); Plotly's own
JavaScript is copied once into assets/ from the installed plotly package and every page refers to it
relatively, so the site works from any static host, any sub-path, or ``file://`` with no network.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import plotly

from claims.loader import DEFAULT_CLAIMS, ClaimsFileError
from claims.model import ClaimsFile, TimedVerdict
from claims.verdict_text import byline
from dashboard.charts import TOPOJSON_DIR, topojson_available
from dashboard.data import data_key, load_manifest
from dashboard.share import indicator_path
from publish.claim_pages import views, write_claim_pages
from publish.deck_page import write_deck
from publish.html import environment, write
from publish.indicator_pages import build_frame, site_indicators, write_indicator_pages
from publish.previews import preview_png
from publish.site import Site
from store import integrity
from store.files import data_dir_from_env
from store.manifest import DataFileError

SITE_NAME = "Gender statistics: Korea in context"
ASSETS = Path(__file__).resolve().parent / "assets"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


MARKER = ".built-by-publish"  # in a site's folder: a rebuild may replace its pages


class BuildError(RuntimeError):
    """The site cannot be built from this data/ or claims file; the message says why."""


def check_folder(out: Path) -> None:
    """A rebuild replaces the previous site's folders, so it only writes into an empty folder or an
    earlier site: never over a project checkout, whose data/ it would remove."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(
            f"{out} is not empty and holds no site built by python -m publish: choose an empty or new folder"
        )


def judged() -> tuple[ClaimsFile, list[TimedVerdict]]:
    """The op-ed's claims and verdicts, judged by the app's own cached functions."""
    from dashboard.verdict_store import digest
    from dashboard.verdicts import judge, parsed

    try:
        text = DEFAULT_CLAIMS.read_text(encoding="utf-8")
        claims = parsed(text, digest(text), DEFAULT_CLAIMS.name)
        key = data_key()
        return claims, judge(text, DEFAULT_CLAIMS.name, str(data_dir_from_env()), key)
    except (DataFileError, ClaimsFileError, OSError) as exc:
        raise BuildError(f"the claims cannot be judged: {exc}") from exc


def built_sentence(manifest: dict, claims: ClaimsFile) -> str:
    """When the site was built, and from what: the newest retrieval in data/ and the claims file."""
    series = manifest.get("series", {})
    retrieved = sorted(str(s.get("retrieved", ""))[:10] for s in series.values() if s.get("retrieved"))
    newest = f", data retrieved up to {retrieved[-1]}" if retrieved else ""
    return (
        f"Built on {date.today().isoformat()} from {len(series)} series in data/{newest}, "
        f"and the claims file {claims.source}."
    )


def copy_assets(out: Path, maps: bool) -> list[Path]:
    """The stylesheet, the chart script, Plotly once, and the world outlines as a script (a page
    opened from file:// may not fetch a JSON file beside it; Plotly reads preloaded outlines)."""
    written = []
    for name in ("site.css", "site.js"):
        written.append(write(out / "assets" / name, (ASSETS / name).read_bytes()))
    target = out / "assets" / "plotly.min.js"
    shutil.copyfile(PLOTLY_JS, target)
    written.append(target)
    if maps:
        outlines = (TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8")
        json.loads(outlines)  # a damaged file fails the build, not the reader's browser
        script = f"window.PlotlyGeoAssets = {{topojson: {{world_110m: {outlines}}}}};\n"
        written.append(write(out / "assets" / "topojson.js", script))
    return written


def build(out: Path, base: str | None = None) -> list[Path]:
    """Write the site into ``out`` (emptied of an earlier build's pages first); returns its files."""
    check_folder(out)
    # A published page outlives the folder it came from: never publish data that differ from what
    # the manifest committed to (a cut file, a hand edit); the app only warns, a site refuses.
    problems = integrity.check_folder(data_dir_from_env())
    if problems:
        raise BuildError(
            "the data folder differs from its manifest, so nothing was published: "
            + "; ".join(problems[:5])
            + " (python -m fetch --check names every difference; python -m fetch restores the data)"
        )
    claims, timed = judged()
    try:
        manifest = load_manifest()
    except (DataFileError, OSError) as exc:
        raise BuildError(f"data/ cannot be read: {exc}") from exc
    for folder in ("claims", "embed", "previews", "indicators", "data", "assets"):
        shutil.rmtree(out / folder, ignore_errors=True)  # no page of a claim since removed
    maps = topojson_available()
    indicators = site_indicators()
    site = Site(
        name=SITE_NAME,
        heading=claims.article.title,
        byline=byline(claims.article),
        article_url=claims.article.url,
        built=built_sentence(manifest, claims),
        base=base,
        indicators=bool(indicators),
        deck=True,
        maps=maps,
    )
    env = environment()
    files = [write(out / MARKER, "Built by python -m publish; a rebuild replaces this folder's pages.\n")]
    files += copy_assets(out, maps)
    frames, data = [], {}
    for page, ind in indicators:
        frame, offered = build_frame(page, ind, site.url(indicator_path(ind.id)), maps)
        frames.append(frame)
        data.update(offered)
    files += [write(out / path, body) for path, body in data.items()]
    files += write_indicator_pages(out, env, site, frames)
    measures = {}
    for frame in frames:
        for series in frame.ind.sources:
            measures.setdefault(series.id, (frame.path, frame.ind.title))
    claim_views = views(timed, measures)
    files += write_claim_pages(out, env, site, claims, claim_views)
    for number, view in enumerate(claim_views, 1):
        png = preview_png(view.card.timed, number, len(claim_views), SITE_NAME)
        files.append(write(out / view.preview, png))
    files += write_deck(out, env, site, claims, timed)
    files.append(
        write(
            out / "data" / "index.html",
            env.get_template("data.html").render(
                root="../",
                site=site,
                title=f"Data · {SITE_NAME}",
                charts=False,
                maps=False,
                description="The data behind every chart and verdict, with metadata.",
                frames=frames,
                page_url=None,
            ),
        )
    )
    return files
