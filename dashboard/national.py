"""Statistics Korea's own figures beside the international series of the same measure, for Korea.

The national series (KOSIS) come with the years the publisher marks as preliminary in the manifest
(``preliminary``); charts draw those points hollow and tables give each row's status.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.data import Series
from dashboard.text import in_sentence
from dashboard.theme import KOREA_COLOUR, OECD_AVERAGE_COLOUR
from registry.groups import KOREA

# international series -> Statistics Korea's series of the same measure
NATIONAL = {"births": "births_national", "fertility_rate": "fertility_rate_national"}
SHORT_NAMES = {"births": "UN estimate", "fertility_rate": "World Bank figure"}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


WHY_THEY_DIFFER = {
    "births": (
        "**Why the two counts differ.** Statistics Korea counts the births registered with the "
        "authorities (Population Trends Survey); the UN's World Population Prospects gives a model "
        "estimate for each calendar year, fitted to registrations, censuses and surveys. The UN "
        "re-estimates the whole series in each revision (2019, 2022, 2024), so its figure for a year "
        "can change from one revision to the next, while the registered count changes only when a "
        "preliminary year becomes final."
    ),
    "fertility_rate": (
        "**Why the two rates can differ.** Statistics Korea computes the total fertility rate from "
        "registered births; the World Bank's figure is compiled from UN World Population Prospects "
        "estimates and national sources, and is updated on its own schedule, so its latest years can "
        "lag or differ slightly."
    ),
}


def preliminary_years(series: Series) -> set[int]:
    """Years the publisher marks as preliminary (from the manifest entry)."""
    return {int(y) for y in series.meta.get("preliminary", [])}


def status_of(series: Series, years: pd.Series) -> pd.Series:
    marked = preliminary_years(series)
    return years.map(lambda y: "preliminary" if int(y) in marked else "final")


def comparison(international: Series, national: Series) -> pd.DataFrame:
    """Korea's national and international values side by side, one row per year either has."""
    nat = national.frame[national.frame["country_code"] == KOREA][["year", "value"]]
    intl = international.frame[international.frame["country_code"] == KOREA][["year", "value"]]
    table = nat.merge(intl, on="year", how="outer", suffixes=("_national", "_international"))
    table = table.sort_values("year").reset_index(drop=True)
    table["difference"] = table["value_international"] - table["value_national"]
    table["difference_pct"] = 100 * table["difference"] / table["value_national"]
    table["status"] = status_of(national, table["year"]).where(table["value_national"].notna(), "")
    return table


def summary_sentence(international: Series, national: Series, table: pd.DataFrame) -> str:
    """The latest year both have with a final national figure, and how far apart they are."""
    both = table.dropna(subset=["value_national", "value_international"])
    final = both[both["status"] == "final"]
    if final.empty:
        return "Statistics Korea's and the international figures share no final year."
    row = final.iloc[-1]
    diff = float(row["difference"])
    if diff == 0:
        gap = "the same"
    elif national.info.integer:
        gap = f"{abs(row['difference_pct']):.1f}% {'more' if diff > 0 else 'fewer'}"
    else:
        gap = f"{abs(row['difference_pct']):.1f}% {'higher' if diff > 0 else 'lower'}"
    vintage = international.meta.get("label") or SHORT_NAMES[international.id]
    ours = national.info.describe_value(row["value_national"])
    theirs = international.info.describe_value(row["value_international"])
    return (
        f"In {int(row['year'])} Statistics Korea's figure was {ours}; "
        f"the {SHORT_NAMES[international.id]} ({vintage}) was {theirs}, {gap}."
    )


def figure(international: Series, national: Series, title: str) -> dict:
    """Two lines for Korea; the national series' preliminary years drawn as hollow markers."""
    marked = preliminary_years(national)
    nat = national.frame[national.frame["country_code"] == KOREA]
    intl = international.frame[international.frame["country_code"] == KOREA]
    traces = [
        charts.line_trace(
            nat, f"Statistics Korea ({national.info.title.split(' (')[0].lower()})", KOREA_COLOUR, width=3.0
        ),
        charts.line_trace(
            intl, _upper_first(SHORT_NAMES[international.id]), OECD_AVERAGE_COLOUR, dash="dash"
        ),
    ]
    early = nat[nat["year"].isin(marked)]
    if not early.empty:
        years = ", ".join(str(y) for y in sorted(marked))
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": early["year"].tolist(),
                "y": early["value"].tolist(),
                "name": f"Statistics Korea, preliminary ({years})",
                "marker": {
                    "color": "white",
                    "size": 11,
                    "symbol": "circle-open",
                    "line": {"color": KOREA_COLOUR, "width": 2},
                },
                "hovertemplate": "Preliminary %{x}: %{y:,.3~f}<extra></extra>",
            }
        )
    fig = {
        "data": traces,
        "layout": charts.layout(title, national.info.unit, charts.source_line([national, international])),
    }
    return fig


def section(international: Series, national: Series, key: str) -> None:
    """Chart, explanation and table of Statistics Korea's figures beside the international ones."""
    other = SHORT_NAMES[international.id]
    st.subheader(f"South Korea: Statistics Korea's figures beside the {other}")
    table = comparison(international, national)
    title = f"South Korea, {in_sentence(international.info.title)}: Statistics Korea and the {other}"
    summary = summary_sentence(international, national, table)
    charts.show_chart(
        figure(international, national, title),
        key=f"{key}_national",
        summary=summary,
        sources=[national, international],
        filename=f"{national.id}_vs_{international.id}",
    )
    st.markdown(WHY_THEY_DIFFER.get(international.id, ""))
    if marked := sorted(preliminary_years(national)):
        st.caption(
            f"Statistics Korea marks {', '.join(map(str, marked))} as preliminary (hollow marker; "
            "'preliminary' in the table): the figure is revised when the year's registrations are final."
        )
    shown = table.rename(
        columns={
            "year": "Year",
            "value_national": f"Statistics Korea ({national.info.unit})",
            "value_international": f"{_upper_first(other)} ({international.info.unit})",
            "difference": "International minus Statistics Korea",
            "difference_pct": "Difference (% of Statistics Korea)",
            "status": "Statistics Korea status",
        }
    )
    shown = shown.iloc[::-1].reset_index(drop=True)
    charts.show_table(
        shown.round(6),
        key=f"{key}_national",
        filename=f"{national.id}_vs_{international.id}_KOR.csv",
        caption="South Korea, both series side by side (newest year first).",
    )
