"""A page per indicator: the app's frame (Chart · Map · Table · Sources · Download) as one static page.

Everything on it comes from the frame's own functions (dashboard.indicator, dashboard.tabs,
dashboard.downloads): the chart over every year, the map with its timeline opening on the year most
members report, the table for that year, the sources and the files to download, which the site writes
under data/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup

from dashboard import downloads, indicator, tables
from dashboard.figure import on_screen, titles
from dashboard.indicator import MAP, Indicator, Shown
from dashboard.linechart import ChartView
from dashboard.pages import births
from dashboard.pair import PAIRS, pair_indicators
from dashboard.routes import Page, page_of
from dashboard.share import indicator_path
from dashboard.tabs import source_lines
from dashboard.text import pair_unit
from publish.html import write
from publish.site import Site

GROUP = "oecd"  # as the app's pages open: ranked among OECD members
MARKDOWN = MarkdownIt("commonmark", {"html": False})  # raw HTML in a sentence is shown, never run


@dataclass(frozen=True)
class Frame:
    """One indicator's page: what each section draws and says, and its files under data/."""

    ind: Indicator
    page: Page
    chart: Shown
    map: Shown | None
    table: Shown
    sources: list[tuple[str, Markup]]
    files: list[tuple[str, str, str]]  # (site path, label, what it holds)

    @property
    def path(self) -> str:
        return indicator_path(self.ind.id)

    @property
    def heading(self) -> tuple[str, str]:
        """The page's title and unit: the chart's, as the app's frame heads its Chart tab."""
        return titles(self.chart.fig)

    @property
    def map_heading(self) -> tuple[str, str]:
        return titles(self.map.fig) if self.map else ("", "")


def site_indicators() -> list[tuple[Page, Indicator]]:
    """The measure pages' frames, in the navigation's order, each with the page it belongs to."""
    from dashboard.data import Series, try_load

    out: list[tuple[Page, Indicator]] = []
    for route in ("pay_gap", "births", *PAIRS):
        page = page_of(route)
        if page is None:
            continue
        if route == "births":
            frames = births.indicators()
        elif route in PAIRS:
            female, male = (try_load(s) for s in PAIRS[route][:2])
            both = isinstance(female, Series) and isinstance(male, Series)
            frames = pair_indicators(route, female, male) if both else []  # type: ignore[arg-type]
        else:
            series = try_load(route)
            frames = [Indicator(series.id, series)] if isinstance(series, Series) else []
        out += [(page, ind) for ind in frames]
    return out


def html_of(markdown: str) -> Markup:
    """One of the app's Markdown sentences (data already through ``plain``) as HTML, raw HTML escaped."""
    return Markup(MARKDOWN.render(markdown))


def table_html(shown: Shown, ind: Indicator) -> Markup:
    """The Table tab's rows as the app formats them (tables.styled), every cell escaped."""
    rows: pd.DataFrame = shown.rows
    style = tables.styled(rows, tables.decimals_of(rows, ind.series))
    text_columns = [c for c in rows.columns if not pd.api.types.is_numeric_dtype(rows[c])]
    style = style.format(escape="html", na_rep=tables.MISSING, subset=text_columns)
    style = style.format_index(escape="html", axis=1).hide(axis="index")
    numbers = pd.DataFrame("", index=rows.index, columns=rows.columns)
    numbers[[c for c in rows.columns if c not in text_columns]] = "num"  # kept on one line
    style = style.set_td_classes(numbers)
    return Markup(style.to_html(table_attributes='class="data"', cell_ids=False))


def build_frame(
    page: Page, ind: Indicator, page_url: str | None, maps: bool
) -> tuple[Frame, dict[str, bytes]]:
    """The frame's sections and the files it offers (site path → bytes); no map without outlines."""
    years = ind.years
    view = None if ind.survey else ChartView(years[0], years[-1], False, False)
    chart = indicator.chart(ind, [], GROUP, view)
    year = None if ind.survey or ind.kind == "national" else ind.series.default_year
    world = None
    if maps and MAP in ind.tabs:
        world = indicator.world_map(ind, GROUP, year, indicator.build_map(ind, GROUP, year))
    table = indicator.table(ind, GROUP, year)
    unit = (
        pair_unit(*(s.info for s in ind.series.parents)) if ind.kind == "women_men" else ind.series.info.unit
    )
    data = {
        f"data/{ind.id}_chart.csv": downloads.chart_csv(chart.rows, unit),
        f"data/{ind.series.id}.zip": downloads.series_zip(ind.series, page_url),
    }
    files = [
        (f"data/{ind.id}_chart.csv", "Chart data (CSV)", "the rows the chart draws"),
        (
            f"data/{ind.series.id}.zip",
            "Full data and metadata (zip)",
            "every country and year, with its metadata",
        ),
    ]
    sources = [(kind, html_of(text)) for kind, text in source_lines(ind) if text]
    return Frame(ind, page, chart, world, table, sources, files), data


def write_indicator_pages(out: Path, env: Environment, site: Site, frames: list[Frame]) -> list[Path]:
    """Each indicator's page, and the list of them."""
    written = []
    for frame in frames:
        written.append(
            write(
                out / frame.path,
                env.get_template("indicator.html").render(
                    root="../",
                    site=site,
                    title=f"{frame.heading[0]} · {site.name}",
                    description=frame.chart.summary,
                    frame=frame,
                    screen=on_screen,  # the figure as the app's frame draws it: its title is the page's
                    table=table_html(frame.table, frame.ind),
                    snippets=downloads.snippets(frame.ind.series.id),
                    charts=True,
                    maps=frame.map is not None,
                    page_url=site.url(frame.path),
                ),
            )
        )
    written.append(
        write(
            out / "indicators" / "index.html",
            env.get_template("indicators.html").render(
                root="../",
                site=site,
                title=f"Indicators · {site.name}",
                description="Every indicator's chart, map, table, sources and data.",
                frames=frames,
                charts=False,
                maps=False,
            ),
        )
    )
    return written
