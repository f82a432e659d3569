"""What changed between a test run on the data public when written and on the newest data.

A fact-check says "revised" only where the publisher changed a figure: the same country and year with
another value. A test that now compares other countries (some joined, some left) or later years
changed its coverage, not its figures, and is said to have done so, naming the countries.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from claims.model import ChartData, CheckResult
from registry.catalogue import series_info
from registry.groups import country_name

NAMED = 20  # countries named before "and N more"
# Publishers round the same figure differently across files (the OECD's 2019 time-use export to 5
# decimals, its workbook to 8): a change below a millionth of the figure is rounding, not a revision.
RELATIVE_ROUNDING = 1e-6


def is_revision(old: pd.Series | float, new: pd.Series | float) -> pd.Series | bool:
    """Whether a figure changed by more than publishers' rounding (relative to its size)."""
    return abs(new - old) > RELATIVE_ROUNDING * abs(old) + 1e-9


@dataclass(frozen=True)
class Revision:
    country_code: str
    year: int
    old: str  # as shown to the reader
    new: str


@dataclass(frozen=True)
class CheckChange:
    """How one test's figures moved between two releases, country-year by country-year."""

    shared: int  # country-years the test used both times
    revised: tuple[Revision, ...]  # of those, the ones whose figure changed
    joined: tuple[str, ...]  # countries compared now, not then
    left: tuple[str, ...]  # countries compared then, not now
    countries: tuple[int, int]  # how many countries were compared then and now
    years: tuple[str, str]  # the years used then and now ("2021", "1999–2017")
    subjects: frozenset[str] = frozenset()  # countries with a figure read in both releases

    @property
    def unchanged(self) -> bool:
        return not (self.revised or self.joined or self.left) and self.years[0] == self.years[1]

    def describe(self, subject: str) -> str:
        """One clause: newer years, coverage, then revisions (Korea's first)."""
        parts = []
        if self.years[0] != self.years[1]:
            parts.append(f"the years read are {self.years[1]} now, {self.years[0]} then")
        if self.joined or self.left:
            then, now = self.countries
            moves = [
                f"{verb} {names(c)}" for verb, c in (("joined:", self.joined), ("left:", self.left)) if c
            ]
            parts.append(f"the comparison covers {now} countries now, {then} then ({'; '.join(moves)})")
        if self.shared:
            parts.append(self._revisions(subject))
        return "; ".join(parts)

    def _revisions(self, subject: str) -> str:
        both = f"the {self.shared:,} figures the test read in both releases"
        if not self.revised:
            return f"none of {both} was revised"
        own = [r for r in self.revised if r.country_code == subject]
        text = f"{len(self.revised):,} of {both} {'was' if len(self.revised) == 1 else 'were'} revised"
        shown = own[:2] or list(self.revised[:1])
        examples = ", ".join(f"{country_name(r.country_code)} {r.year}: {r.old} → {r.new}" for r in shown)
        if not own and subject in self.subjects:
            examples = f"none of {country_name(subject)}'s; e.g. {examples}"
        return f"{text} ({examples})"


def names(codes: tuple[str, ...]) -> str:
    listed = [country_name(c) for c in codes[:NAMED]]
    more = f" and {len(codes) - NAMED} more" if len(codes) > NAMED else ""
    return ", ".join(listed) + more


def _columns(chart: ChartData) -> list[str]:
    return ["x", "y"] if "x" in chart.points.columns else ["value"]


def _show(chart: ChartData, row: pd.Series, suffix: str) -> str:
    """A figure as the card shows it: the series' unit, or two decimals for ratios and pairs."""
    columns = _columns(chart)
    if columns == ["value"] and not chart.is_ratio:
        return series_info(chart.series).describe_value(float(row[f"value{suffix}"]))
    pair = ", ".join(f"{float(row[c + suffix]):.2f}" for c in columns)
    return f"({pair})" if len(columns) > 1 else pair


def _years(result: CheckResult) -> str:
    """The years a test read: the window or cross-section it compared, or the subject's figure's year."""
    assert result.chart is not None
    points = result.chart.points
    if points["country_code"].nunique() == 1:  # one country's line: the year of the figure judged
        points = pd.DataFrame({"year": [f.year for f in result.figures if f.year is not None]})
    years = sorted(int(y) for y in set(points["year"]))
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def compare(then: CheckResult, now: CheckResult) -> CheckChange | None:
    """The change between two runs of one test, from the points each used; None if either has none."""
    if then.chart is None or now.chart is None or then.chart.kind != now.chart.kind:
        return None
    old, new = then.chart.points, now.chart.points
    columns = _columns(now.chart)
    if old.empty or new.empty or columns != _columns(then.chart):
        return None
    keys = ["country_code", "year"]
    both = old[[*keys, *columns]].merge(new[[*keys, *columns]], on=keys, suffixes=("_old", "_new"))
    moved = pd.Series(False, index=both.index)
    for column in columns:
        moved |= is_revision(both[f"{column}_old"], both[f"{column}_new"])
    revised = tuple(
        Revision(
            row["country_code"],
            int(row["year"]),
            _show(then.chart, row, "_old"),
            _show(now.chart, row, "_new"),
        )
        for _, row in both[moved].sort_values(keys).iterrows()
    )
    before, after = set(old["country_code"]), set(new["country_code"])
    return CheckChange(
        shared=len(both),
        revised=revised,
        joined=tuple(sorted(after - before, key=country_name)),
        left=tuple(sorted(before - after, key=country_name)),
        countries=(len(before), len(after)),
        years=(_years(then), _years(now)),
        subjects=frozenset(both["country_code"]),
    )
