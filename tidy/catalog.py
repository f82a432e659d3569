"""What each series is: titles, units, definitions and plausible ranges.

Kept apart from the fetch code so the app can describe a series even when its file is missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeriesInfo:
    id: str
    title: str
    unit: str
    short_unit: str
    definition: str
    publisher: str
    dataset: str
    indicator: str
    licence: str
    attribution: str
    min_value: float
    max_value: float
    decimals: int
    integer: bool = False
    sex: str | None = None  # "female"/"male" for series that come in pairs
    pair: str | None = None  # the other sex's series id

    def describe_value(self, value: float) -> str:
        """Format a value the way the publisher's unit reads (e.g. "29.0%", "230,028")."""
        if self.integer:
            return f"{value:,.0f}"
        text = f"{value:,.{self.decimals}f}"
        return f"{text}{self.short_unit}" if self.short_unit == "%" else f"{text} {self.short_unit}".rstrip()


WB_LICENCE = "CC BY 4.0"
OECD_LICENCE = "CC BY 4.0"
KOSIS_LICENCE = "KOSIS terms of use: free reuse with the source named"

SERIES: dict[str, SeriesInfo] = {
    s.id: s
    for s in [
        SeriesInfo(
            id="pay_gap",
            title="Gender wage gap",
            unit="% of men's median earnings",
            short_unit="%",
            definition=(
                "Difference between the median earnings of men and women relative to the median "
                "earnings of men, full-time employees."
            ),
            publisher="OECD",
            dataset="OECD Earnings database: Gender wage gap (OECD.ELS.SAE:DSD_EARNINGS@GENDER_WAGE_GAP)",
            indicator="MEASURE=GWP, AGGREGATION_OPERATION=MEDIAN",
            licence=OECD_LICENCE,
            attribution="OECD, Gender wage gap (indicator), OECD Data Explorer",
            min_value=-100.0,
            max_value=100.0,
            decimals=1,
        ),
        SeriesInfo(
            id="fertility_rate",
            title="Fertility rate",
            unit="births per woman",
            short_unit="births per woman",
            definition=(
                "Number of children that would be born to a woman if she were to live to the end of "
                "her childbearing years and bear children in accordance with age-specific fertility "
                "rates of the specified year."
            ),
            publisher="World Bank",
            dataset="World Development Indicators",
            indicator="SP.DYN.TFRT.IN",
            licence=WB_LICENCE,
            attribution="World Bank, World Development Indicators (SP.DYN.TFRT.IN)",
            min_value=0.0,
            max_value=10.0,
            decimals=2,
        ),
        SeriesInfo(
            id="birth_rate",
            title="Crude birth rate",
            unit="live births per 1,000 people",
            short_unit="per 1,000",
            definition=(
                "Number of live births occurring during the year, per 1,000 population estimated at midyear."
            ),
            publisher="World Bank",
            dataset="World Development Indicators",
            indicator="SP.DYN.CBRT.IN",
            licence=WB_LICENCE,
            attribution="World Bank, World Development Indicators (SP.DYN.CBRT.IN)",
            min_value=0.0,
            max_value=80.0,
            decimals=1,
        ),
        SeriesInfo(
            id="births",
            title="Number of births (UN estimates)",
            unit="live births per year",
            short_unit="births",
            definition=(
                "Annual number of live births, UN World Population Prospects estimates (model "
                "estimates, not registered births; projections excluded)."
            ),
            publisher="UN DESA Population Division, via Our World in Data",
            dataset="World Population Prospects, processed by Our World in Data",
            indicator="births__sex_all__age_all__variant_estimates",
            licence="CC BY 4.0 (Our World in Data); UN WPP data CC BY 3.0 IGO",
            attribution="UN, World Population Prospects – processed by Our World in Data",
            min_value=0.0,
            max_value=200_000_000.0,
            decimals=0,
            integer=True,
        ),
        SeriesInfo(
            id="lfp_female",
            title="Labour force participation, women",
            unit="% of female population ages 15+",
            short_unit="%",
            definition=(
                "Proportion of the female population ages 15 and older that is economically "
                "active (ILO modelled estimate)."
            ),
            publisher="World Bank (ILO modelled estimates)",
            dataset="World Development Indicators",
            indicator="SL.TLF.CACT.FE.ZS",
            licence=WB_LICENCE,
            attribution=(
                "World Bank, World Development Indicators (ILO modelled estimates), SL.TLF.CACT.FE.ZS"
            ),
            min_value=0.0,
            max_value=100.0,
            decimals=1,
            sex="female",
            pair="lfp_male",
        ),
        SeriesInfo(
            id="lfp_male",
            title="Labour force participation, men",
            unit="% of male population ages 15+",
            short_unit="%",
            definition=(
                "Proportion of the male population ages 15 and older that is economically active "
                "(ILO modelled estimate)."
            ),
            publisher="World Bank (ILO modelled estimates)",
            dataset="World Development Indicators",
            indicator="SL.TLF.CACT.MA.ZS",
            licence=WB_LICENCE,
            attribution=(
                "World Bank, World Development Indicators (ILO modelled estimates), SL.TLF.CACT.MA.ZS"
            ),
            min_value=0.0,
            max_value=100.0,
            decimals=1,
            sex="male",
            pair="lfp_female",
        ),
        SeriesInfo(
            id="unpaid_care_female",
            title="Unpaid work, women",
            unit="minutes per day, ages 15-64",
            short_unit="min/day",
            definition=(
                "Time spent on unpaid work (routine housework, care for household members, "
                "shopping, volunteering, related travel) by women aged 15-64, from each country's "
                "latest time-use survey."
            ),
            publisher="OECD",
            dataset="OECD Time Use Database",
            indicator="UPW (unpaid work), SEX=F",
            licence=OECD_LICENCE,
            attribution="OECD, Time Use Database",
            min_value=0.0,
            max_value=1440.0,
            decimals=0,
            sex="female",
            pair="unpaid_care_male",
        ),
        SeriesInfo(
            id="unpaid_care_male",
            title="Unpaid work, men",
            unit="minutes per day, ages 15-64",
            short_unit="min/day",
            definition=(
                "Time spent on unpaid work (routine housework, care for household members, "
                "shopping, volunteering, related travel) by men aged 15-64, from each country's "
                "latest time-use survey."
            ),
            publisher="OECD",
            dataset="OECD Time Use Database",
            indicator="UPW (unpaid work), SEX=M",
            licence=OECD_LICENCE,
            attribution="OECD, Time Use Database",
            min_value=0.0,
            max_value=1440.0,
            decimals=0,
            sex="male",
            pair="unpaid_care_female",
        ),
        SeriesInfo(
            id="births_national",
            title="Number of registered births",
            unit="live births registered per year",
            short_unit="births",
            definition=(
                "Live births registered in South Korea in the year (Statistics Korea, Population Trends "
                "Survey, from birth registrations); the latest year is preliminary."
            ),
            publisher="Statistics Korea (KOSIS)",
            dataset="Population Trends Survey, KOSIS table INH_1B8000F_01",
            indicator="출생아수 (live births, persons)",
            licence=KOSIS_LICENCE,
            attribution="Statistics Korea, Population Trends Survey (KOSIS INH_1B8000F_01)",
            min_value=0.0,
            max_value=5_000_000.0,
            decimals=0,
            integer=True,
        ),
        SeriesInfo(
            id="fertility_rate_national",
            title="Fertility rate (Statistics Korea)",
            unit="births per woman",
            short_unit="births per woman",
            definition=(
                "Total fertility rate as Statistics Korea publishes it from registered births (Population "
                "Trends Survey); the latest year is preliminary."
            ),
            publisher="Statistics Korea (KOSIS)",
            dataset="Population Trends Survey, KOSIS table INH_1B8000F_01",
            indicator="합계출산율 (total fertility rate)",
            licence=KOSIS_LICENCE,
            attribution="Statistics Korea, Population Trends Survey (KOSIS INH_1B8000F_01)",
            min_value=0.0,
            max_value=10.0,
            decimals=3,
        ),
    ]
}


def series_info(series_id: str) -> SeriesInfo:
    try:
        return SERIES[series_id]
    except KeyError:
        known = ", ".join(SERIES)
        raise KeyError(f"unknown series {series_id!r}; known series: {known}") from None
