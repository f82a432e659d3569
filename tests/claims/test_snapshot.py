"""The op-ed's claims against the shipped snapshot: expectations recomputed here from the data files.

No verdict is pasted: each test derives the figure and the verdict its rule implies from the CSV
(or the vintage public on the article's date) and checks that the engine agrees.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from claims.engine import judge_over_time
from claims.loader import DEFAULT_CLAIMS, load_claims
from claims.model import Label, TimedVerdict
from registry.catalogue import series_info
from registry.groups import oecd_members, un_members
from store.files import DEFAULT_DATA_DIR, read_series, read_vintage
from store.manifest import read_manifest, vintage_as_of

pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot in data/"
)
WRITTEN = date(2024, 9, 1)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, TimedVerdict]:
    claims = load_claims(DEFAULT_CLAIMS)
    assert claims.article.published == WRITTEN
    return {t.claim.id: t for t in judge_over_time(claims, DEFAULT_DATA_DIR)}


def frame_now(series: str) -> pd.DataFrame:
    return read_series(DEFAULT_DATA_DIR, series_info(series))


def frame_when_written(series: str) -> pd.DataFrame | None:
    manifest = read_manifest(DEFAULT_DATA_DIR)
    vintage = vintage_as_of(manifest, series, WRITTEN)
    return None if vintage is None else read_vintage(DEFAULT_DATA_DIR, series_info(series), vintage)


def not_judged_when_written(series: str) -> Label:
    """No release kept is that old: "release not kept" if the oldest kept has figures for earlier years
    (so the series was out by then), otherwise "cannot check" (none of its figures could have been)."""
    vintages = read_manifest(DEFAULT_DATA_DIR)["series"][series]["vintages"]
    oldest = min(vintages, key=lambda v: v["released"])
    return Label.NOT_KEPT if oldest["year_min"] < WRITTEN.year else Label.CANNOT_CHECK


def korea(frame: pd.DataFrame) -> pd.Series:
    return frame[frame["country_code"] == "KOR"].set_index("year")["value"].sort_index()


def graded(distance: float, tolerance: float) -> Label:
    if distance <= tolerance:
        return Label.SUPPORTED
    return Label.PARTLY if distance <= 2 * tolerance else Label.NOT_SUPPORTED


def ranked(frame: pd.DataFrame, members: frozenset[str], lowest: bool) -> tuple[int, int, Label]:
    """(year, n, label) by the rank rule: latest Korean year that 80% of members with data report."""
    data = frame[frame["country_code"].isin(members | {"KOR"})]
    counts = data.groupby("year")["country_code"].nunique()
    need = 0.8 * data["country_code"].nunique()
    years = sorted(korea(data).index, reverse=True)
    year = next((y for y in years if counts[y] >= need), max(years, key=lambda y: (counts[y], y)))
    values = data[data["year"] == year].set_index("country_code")["value"]
    own = values["KOR"]
    ahead = int((values < own).sum() if lowest else (values > own).sum())
    tied = int((values == own).sum()) - 1
    label = Label.SUPPORTED if ahead == 0 and not tied else Label.PARTLY if ahead < 3 else Label.NOT_SUPPORTED
    return year, len(values), label


def test_pay_gap_about_30(verdicts: dict[str, TimedVerdict]) -> None:
    for frame, verdict in [(frame_now("pay_gap"), verdicts["pay-gap-about-30"].now),
                           (frame_when_written("pay_gap"), verdicts["pay-gap-about-30"].then)]:  # fmt: skip
        assert frame is not None
        series = korea(frame)
        year, value = int(series.index[-1]), float(series.iloc[-1])
        assert verdict.label is graded(abs(value - 30), 3)
        assert (verdict.figures[0].year, verdict.figures[0].value) == (year, pytest.approx(value))


def test_pay_gap_highest_in_oecd(verdicts: dict[str, TimedVerdict]) -> None:
    members = oecd_members(WRITTEN.year)
    for frame, verdict in [(frame_now("pay_gap"), verdicts["pay-gap-highest"].now),
                           (frame_when_written("pay_gap"), verdicts["pay-gap-highest"].then)]:  # fmt: skip
        assert frame is not None
        year, n, label = ranked(frame, members, lowest=False)
        assert verdict.label is label
        assert (verdict.figures[0].year, verdict.figures[0].n) == (year, n)
        assert f"In {year} " in verdict.evidence and f"of {n} OECD members" in verdict.evidence


def expected_count_check(frame: pd.DataFrame | None, series: str) -> tuple[Label, float | None]:
    """The about_count rule for "about 227,000 last year" recomputed from one series' Korean rows."""
    if frame is None:
        return not_judged_when_written(series), None
    if WRITTEN.year - 1 not in korea(frame).index:
        return Label.CANNOT_CHECK, None
    value = float(korea(frame)[WRITTEN.year - 1])
    return graded(abs(value - 227_000) / 227_000, 0.05), value


def test_births_last_year_against_registered_and_estimated(verdicts: dict[str, TimedVerdict]) -> None:
    """Two checks: Statistics Korea's registered births, then the UN's estimate; the verdict names both."""
    timed = verdicts["births-227000"]
    for verdict, when in ((timed.now, None), (timed.then, WRITTEN)):
        assert [c.sources[0].series for c in verdict.checks if c.sources] == [
            s for s in ("births_national", "births") if when is None or frame_when_written(s) is not None
        ]
        expected = []
        for check, series in zip(verdict.checks, ("births_national", "births"), strict=True):
            frame = frame_now(series) if when is None else frame_when_written(series)
            label, value = expected_count_check(frame, series)
            assert check.label is label
            if label is Label.NOT_KEPT:  # the card says how to bring that release in
                assert f"python -m fetch {series} --from FILE" in check.evidence
            if value is not None:
                assert check.figures[0].value == pytest.approx(value)
                assert f"{int(value):,}" in verdict.evidence
            expected.append(label)
        counted = [label for label in expected if label.judged]
        if counted and all(label is Label.SUPPORTED for label in counted):
            assert verdict.label is Label.SUPPORTED
    now = timed.now.evidence
    assert "registered births" in now and "UN estimates" in now


def test_low_birth_rate_in_oecd_and_world(verdicts: dict[str, TimedVerdict]) -> None:
    timed = verdicts["low-birth-rate"]
    for frame, verdict in [(frame_now("fertility_rate"), timed.now),
                           (frame_when_written("fertility_rate"), timed.then)]:  # fmt: skip
        assert frame is not None
        oecd = ranked(frame, oecd_members(WRITTEN.year), lowest=True)
        world = ranked(frame, un_members(), lowest=True)
        assert [c.label for c in verdict.checks] == [oecd[2], world[2]]
        assert [c.figures[0].n for c in verdict.checks] == [oecd[1], world[1]]


def test_rising_female_labour_force_participation(verdicts: dict[str, TimedVerdict]) -> None:
    timed = verdicts["rising-lfp"]
    series = korea(frame_now("lfp_female"))
    end = int(series.index[-1])
    for check, years in zip(timed.now.checks, (10, 30), strict=True):
        start = min(y for y in series.index if y >= end - years)
        rose = series[end] > series[start]
        assert check.label is (Label.SUPPORTED if rose else Label.NOT_SUPPORTED)
        assert [f.year for f in check.figures] == [start, end]
    if frame_when_written("lfp_female") is None:
        assert timed.then.label is not_judged_when_written("lfp_female")
        if timed.then.label is Label.NOT_KEPT:  # a World Bank series: its archive holds the release
            assert f"python -m fetch lfp_female --as-of {WRITTEN}" in timed.then.evidence


def test_women_bear_the_brunt_of_unpaid_work(verdicts: dict[str, TimedVerdict]) -> None:
    women = korea(frame_now("unpaid_care_female"))
    men = korea(frame_now("unpaid_care_male"))
    year = int(women.index.intersection(men.index).max())
    ratio = women[year] / men[year]
    expected = Label.SUPPORTED if ratio >= 1.5 else Label.PARTLY if ratio > 1.1 else Label.NOT_SUPPORTED
    verdict = verdicts["unpaid-care-brunt"].now
    assert verdict.label is expected
    figure = next(f for f in verdict.figures if f.label == "ratio")
    assert (figure.year, figure.value) == (year, pytest.approx(ratio))


def test_unpaid_work_ranks_recomputed_now_and_when_written(verdicts: dict[str, TimedVerdict]) -> None:
    """Korea's place among OECD members by women's unpaid work ÷ men's, each country's latest survey, in
    the current release and in the release public when written (every country dated in both)."""
    timed = verdicts["unpaid-care-brunt"]
    members = oecd_members(WRITTEN.year) | {"KOR"}
    sexes = ("unpaid_care_female", "unpaid_care_male")
    for frames, verdict in (
        ([frame_now(s) for s in sexes], timed.now),
        ([frame_when_written(s) for s in sexes], timed.then),
    ):
        women, men = frames
        assert women is not None and men is not None
        both = women.merge(men, on=["country_code", "year"], suffixes=("", "_m"))
        both = both[both["country_code"].isin(members)].assign(ratio=lambda f: f["value"] / f["value_m"])
        latest = both.sort_values("year").groupby("country_code").tail(1).set_index("country_code")["ratio"]
        rank = int((latest > latest["KOR"]).sum()) + 1
        figure = next(f for f in verdict.figures if f.label == "ratio")
        assert (figure.rank, figure.n) == (rank, len(latest))
        assert f"of {len(latest)} OECD members with data" in verdict.evidence


def test_when_written_unpaid_work_is_the_release_public_then() -> None:
    """The release a reader saw on the article's date: the newest kept that was out by then."""
    manifest = read_manifest(DEFAULT_DATA_DIR)
    for series in ("unpaid_care_female", "unpaid_care_male"):
        then = vintage_as_of(manifest, series, WRITTEN)
        assert then is not None
        released = [v["released"] for v in manifest["series"][series]["vintages"]]
        assert then["released"] == max(r for r in released if r <= WRITTEN.isoformat())
        assert then["released"] > "2024-01-01"  # newer than the 2019 export: the workbook's 2024 archive


def test_every_verdict_cites_a_vintage_and_states_a_rule(verdicts: dict[str, TimedVerdict]) -> None:
    manifest = read_manifest(DEFAULT_DATA_DIR)
    for timed in verdicts.values():
        assert timed.now.rules and all(rule.startswith("Supported if") for rule in timed.now.rules)
        for source in timed.now.sources:
            assert source.sha256 == manifest["series"][source.series]["sha256"]
        if timed.then.label.judged:
            assert all(s.released and s.released <= WRITTEN.isoformat() for s in timed.then.sources)


def test_when_written_uses_the_newest_release_public_by_then_and_names_it(
    verdicts: dict[str, TimedVerdict],
) -> None:
    manifest = read_manifest(DEFAULT_DATA_DIR)
    for timed in verdicts.values():
        if not timed.then.label.judged:
            continue
        for source in timed.then.sources:
            newest = vintage_as_of(manifest, source.series, WRITTEN)
            assert (source.released, source.vintage) == (newest["released"], newest["label"])
            if timed.summary:
                named = timed.summary.split("(here: ", 1)[1]  # several sources are listed in one bracket
                assert newest["label"] in named.split("): ", 1)[0]
    # the pay gap when written: Korea's latest figure in the release public by then, quoted as shown
    series = korea(frame_when_written("pay_gap"))
    summary = verdicts["pay-gap-about-30"].summary
    assert f"in {int(series.index[-1])} South Korea's gender wage gap was {series.iloc[-1]:.1f}%" in summary
