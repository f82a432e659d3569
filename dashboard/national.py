"""Statistics Korea's own figures beside the international series of the same measure, for Korea.

The national series (KOSIS) come with the years the publisher marks as preliminary in the manifest
(``preliminary``); the table gives each row's status. The frame is dashboard/indicator.py's
``national`` kind.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data import Series
from registry.groups import KOREA

# international series -> Statistics Korea's series of the same measure
NATIONAL = {"births": "births_national", "fertility_rate": "fertility_rate_national"}
SHORT_NAMES = {"births": "UN estimate", "fertility_rate": "World Bank figure"}


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
