"""One indicator's frame, without Streamlit: which tabs it has, and what each tab draws and says.

Three kinds, as grapher would draw them: ``line`` (a measure over time, or by country for a survey
series), ``women_men`` (a measure that comes as women's and men's series, both drawn) and
``national`` (Statistics Korea's figure beside an international series, Korea only). Every tab's
content is a figure, the rows it draws (what the chart-data download holds) and one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from dashboard import linechart, surveychart, tables, text
from dashboard.data import Series, oecd_average, values_for_year
from dashboard.figure import Fig
from dashboard.linechart import ChartView
from dashboard.maps import latest_surveys, map_figure
from dashboard.markup import DOT
from dashboard.provenance import image_source_line
from registry.groups import GROUPS, KOREA

CHART, MAP, TABLE, SOURCES, DOWNLOAD = "Chart", "Map", "Table", "Sources", "Download"


@dataclass(frozen=True)
class Shown:
    """What one tab draws: the figure, its rows (downloads) and the sentence that says what it shows."""

    fig: Fig
    rows: pd.DataFrame
    summary: str
    heading: tuple[str, str] = ("", "")  # a table's title and unit (a figure carries its own)


@dataclass(frozen=True)
class Indicator:
    id: str  # unique on the page: the frame's widget keys and link parameters start with it
    series: Series  # what the map, table and sources describe (the gap, for women and men)
    kind: str = "line"  # "line", "women_men" or "national"
    national: Series | None = None  # kind "national": Statistics Korea's series
    other: str = ""  # kind "national": how the page names the international series
    average: bool = True  # draw the OECD average (not for counts)

    @property
    def survey(self) -> bool:
        return self.series.info.survey

    @property
    def tabs(self) -> tuple[str, ...]:
        has_map = self.kind == "line"
        return tuple(t for t in (CHART, MAP, TABLE, SOURCES, DOWNLOAD) if has_map or t != MAP)

    @property
    def years(self) -> list[int]:
        if self.national is not None:
            return sorted(set(self.series.years) | set(self.national.years))
        return self.series.years

    @property
    def title(self) -> str:
        info = self.series.info
        if self.kind == "women_men":
            female = self.series.parents[0].info
            return f"{female.title.split(',')[0]}: women and men"
        if self.kind == "national":
            measure = re.sub(r"\s*\(.*?\)", "", info.title)  # "Number of births (UN estimates)"
            return f"{measure} in South Korea: Statistics Korea and the {self.other}"
        return info.title

    @property
    def sources(self) -> list[Series]:
        return [self.national, self.series] if self.national is not None else self.series.sources

    def citation(self) -> str:
        return image_source_line(self.sources)

    def can_log(self) -> bool:
        return not self.survey and linechart.log_allowed(self.series.info, self.series.frame)


def _average(series: Series, wanted: bool) -> pd.DataFrame | None:
    return oecd_average(series) if wanted and not series.info.integer else None


def _korea_pairs(gap: Series) -> pd.DataFrame:
    return gap.frame[gap.frame["country_code"] == KOREA][["year", "value_f", "value_m"]]


def chart(ind: Indicator, countries: list[str], group: str, view: ChartView | None) -> Shown:
    """The Chart tab: lines over the years shown, or (survey series) one row per country."""
    series, info = ind.series, ind.series.info
    names = series.countries
    source = ind.citation()
    if ind.survey:
        latest = surveychart.survey_rows(series.frame, group, ind.average)
        if ind.kind == "women_men":
            female, male = series.parents
            title = f"{ind.title}, latest survey per country ({text.year_span(latest['year'].dropna())})"
            unit = text.pair_unit(female.info, male.info)
            fig = surveychart.dumbbell_figure(latest, female.info, title, unit, source)
            summary = text.women_men_sentence(female.info, male.info, _korea_pairs(series), survey=True)
        else:
            fig = surveychart.bar_figure(
                latest, info, countries, text.survey_title(info, latest["year"].dropna()), source
            )
            summary = text.survey_sentence(info, latest_surveys(series.frame, group), group)
        return Shown(fig, latest, summary)
    assert view is not None
    if ind.kind == "women_men":
        female, male = series.parents
        lines = pd.concat(
            [
                linechart.series_lines(s.frame, countries, names, _average(s, ind.average), sex)
                for s, sex in ((female, "women"), (male, "men"))
            ],
            ignore_index=True,
        )
        pairs = _korea_pairs(series)
        pairs = pairs[(pairs["year"] >= view.start) & (pairs["year"] <= view.end)]
        summary = text.women_men_sentence(female.info, male.info, pairs, survey=False)
        unit_info = replace(female.info, unit=text.pair_unit(female.info, male.info))
    elif ind.kind == "national":
        national = ind.national
        assert national is not None
        other = ind.other[:1].upper() + ind.other[1:]
        lines = pd.concat(
            [
                linechart.series_lines(national.frame, [], {KOREA: "Statistics Korea"}, None),
                linechart.series_lines(series.frame, [], {KOREA: other}, None).assign(
                    country_code=linechart.INTERNATIONAL
                ),
            ],
            ignore_index=True,
        )
        summary = national_summary(ind)
        unit_info = national.info
    else:
        average = _average(series, ind.average)
        lines = linechart.series_lines(series.frame, countries, names, average)
        korea = series.frame[series.frame["country_code"] == KOREA]
        summary = text.change_sentence(info, korea, average, view.start, view.end)
        unit_info = info
    relative = linechart.relative_change(unit_info, lines)
    rows = linechart.chart_rows(lines, view, relative)
    subtitle = text.change_unit(unit_info, view.start, relative) if view.change else unit_info.unit
    title = text.chart_title(unit_info, view.start, view.end).replace(unit_info.title, ind.title, 1)
    fig = linechart.line_figure(rows, unit_info.decimals, view, title, subtitle, source)
    if ind.kind == "national" and not view.change:
        _mark_preliminary(fig, rows, ind)
    return Shown(fig, rows, summary)


def _mark_preliminary(fig: Fig, rows: pd.DataFrame, ind: Indicator) -> None:
    """Statistics Korea's preliminary years as hollow markers over its line."""
    from dashboard.national import preliminary_years
    from dashboard.theme import KOREA_COLOUR

    assert ind.national is not None
    marked = preliminary_years(ind.national)
    early = rows[(rows["country_code"] == KOREA) & rows["year"].isin(marked)]
    if early.empty:
        return
    fig["data"].append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": early["year"].tolist(),
            "y": early["value"].tolist(),
            "name": f"Statistics Korea, preliminary ({', '.join(str(y) for y in sorted(marked))})",
            "marker": {
                "color": "white",
                "size": 11,
                "symbol": "circle-open",
                "line": {"color": KOREA_COLOUR, "width": 2},
            },
            "hovertemplate": "Preliminary %{x}: %{y:,.3~f}<extra></extra>",
        }
    )


def national_summary(ind: Indicator) -> str:
    from dashboard.national import comparison

    assert ind.national is not None
    table = comparison(ind.series, ind.national)
    vintage = ind.series.meta.get("label") or ind.other
    return text.national_sentence(ind.national.info, ind.series.info, table, ind.other, vintage)


def year_rows(ind: Indicator, group: str, year: int | None) -> pd.DataFrame:
    """The countries the map and table show: the year's values, or each country's latest survey."""
    if ind.survey or year is None:
        return (
            latest_surveys(ind.series.frame, group)
            .sort_values("value", ascending=False)
            .reset_index(drop=True)
        )
    return values_for_year(ind.series, year, group, 0)


def world_map(ind: Indicator, group: str, year: int | None, fig: Fig) -> Shown:
    """The Map tab (``fig`` built once per data version, group and year: dashboard/frame.py caches it)."""
    shown = year_rows(ind, group, year)
    return Shown(fig, shown, text.map_sentence(ind.series.info, shown, group, None if ind.survey else year))


def build_map(ind: Indicator, group: str, year: int | None) -> Fig:
    info = ind.series.info
    return map_figure(ind.series.frame, info, group, None if ind.survey else year, info.unit, ind.citation())


def table(ind: Indicator, group: str, year: int | None) -> Shown:
    """The Table tab: the countries of the map, ranked, with their year of data."""
    if ind.kind == "national":
        from dashboard.national import comparison

        assert ind.national is not None
        shown = tables.national_table(
            comparison(ind.series, ind.national), ind.national, ind.series, ind.other
        )
        span = f", {text.year_span(shown['Year'])}" if len(shown) else ""
        return Shown({}, shown, national_summary(ind), (ind.title + span, ind.national.info.unit))
    rows = year_rows(ind, group, year)
    info = ind.series.info
    if ind.survey or year is None:
        title = text.survey_title(info, rows["year"]) if len(rows) else info.title
    else:
        title = f"{info.title}, {year}"
    heading = (title, f"{info.unit}{DOT}{GROUPS[group]}")
    shown = tables.year_table(rows, ind.series, ind.survey)
    if ind.survey:
        summary = text.survey_sentence(ind.series.info, rows, group)
    else:
        summary = text.ranking_sentence(ind.series, rows, year or ind.series.latest_year, group)
    if rows.empty:
        summary = f"No {text.in_sentence(ind.series.info.title)} data for {GROUPS[group]} in {year}."
    return Shown({}, shown, summary, heading)
