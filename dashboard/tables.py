"""The Table tab's tables: the value next to the country (so a phone shows it), each row's year of
data, a rank, values to the series' decimals and "—" where there is no figure.

``year_table`` and ``national_table`` give the numbers (what the CSV holds, unrounded);
``styled`` gives how they read on screen, sortable by their numbers, not their text.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.data import Series
from dashboard.text import MINUS
from store.history import row_releases

MISSING = "—"


def _header(series: Series) -> str:
    short = series.info.short_unit
    return f"Gap ({short})" if series.parents else f"Value ({short})"


def year_table(rows: pd.DataFrame, series: Series, survey: bool) -> pd.DataFrame:
    """Country, value (women's and men's for a gap), year of data, rank, release; the code last."""
    table = rows.reset_index(drop=True)
    out = pd.DataFrame({"Country": table["country"], _header(series): table["value"]})
    if series.parents:
        female, male = series.parents
        out[f"Women ({female.info.short_unit})"] = table["value_f"]
        out[f"Men ({male.info.short_unit})"] = table["value_m"]
    out["Survey year" if survey else "Year"] = table["year"].astype("int64")
    out["Rank"] = range(1, len(out) + 1)
    if series.meta.get("history") and len(table):  # a long history: rows come from more than one release
        out["Release"] = row_releases(table, series.meta).to_numpy()
    out["Code"] = table["country_code"]
    return out


def national_table(table: pd.DataFrame, national: Series, international: Series, other: str) -> pd.DataFrame:
    """South Korea's two figures per year, newest first, with Statistics Korea's status."""
    shown = table.iloc[::-1].reset_index(drop=True)
    return pd.DataFrame(
        {
            "Year": shown["year"].astype("int64"),
            f"Statistics Korea ({national.info.short_unit})": shown["value_national"],
            f"{other[:1].upper() + other[1:]} ({international.info.short_unit})": shown[
                "value_international"
            ],
            "Difference (%)": shown["difference_pct"],
            "Status": shown["status"],
        }
    )


def decimals_of(table: pd.DataFrame, series: Series) -> dict[str, int]:
    """Digits per numeric column: the series' own, one for percentage differences, none for years."""
    out = {}
    for column in table.columns:
        if column in ("Year", "Survey year", "Rank") or not pd.api.types.is_numeric_dtype(table[column]):
            continue
        out[column] = 1 if column == "Difference (%)" else series.info.decimals
    return out


def styled(table: pd.DataFrame, decimals: dict[str, int]) -> Styler:
    """Values to their decimals with a true minus sign and "—" for missing; the numbers stay numbers."""

    def fmt(digits: int):
        return lambda v: MISSING if pd.isna(v) else f"{v:,.{digits}f}".replace("-", MINUS)

    style = table.style.format({c: fmt(d) for c, d in decimals.items()}, na_rep=MISSING)
    return style.format(na_rep=MISSING, subset=[c for c in table.columns if c not in decimals])
