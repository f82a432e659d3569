"""Claims page, the app's front page: each claim of the op-ed with its verdict, evidence and chart.

Verdicts come from claims.engine, judged twice (with the data public when the article was
written, and with the newest data); a user's own claims file is checked the same way.

A new server's first view of the page draws the op-ed's stored verdicts (dashboard/verdict_store.py)
and imports nothing that needs pandas (0.3 s of server CPU at a cold start): what judges claims or reads a
series is imported where it is used, and on a first view the closed expanders are filled after the
cards or with the rest of the page (dashboard/staging.py).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from claims.claimreview import export, export_problems
from claims.loader import DEFAULT_CLAIMS, ClaimsFileError, check_size, decode
from claims.model import Article, Claim, ClaimsFile, TimedVerdict
from claims.verdict_text import byline
from dashboard import staging, summary, verdict_store, views
from dashboard.cards import CheckRow, card, measure_series
from dashboard.figure import Prebuilt
from dashboard.markup import plain
from dashboard.routes import CLAIMS, link, page_of
from dashboard.share import HOW_TO_PUBLISH, base_url, claim_path, url_of
from dashboard.verdict_store import Judged, digest
from store.files import data_dir_from_env
from store.manifest import DataFileError

COMING = "Coming with the rest of the page…"
CHARTED_CARDS = 40  # a browser slows down with hundreds of charts; later cards keep their text
# A card's page link and share button are drawn by scripts Streamlit loads when first needed; until
# then each is a grey box 2.5rem tall with no margin (a page link is 8 px shorter, with -6 px margins):
# drawn in the box's place (centred in it), nothing below moves when they come
STEADY_LINKS = (
    "<style>[class*='st-key-claim-'] [data-testid='stElementContainer']:has(> :is("
    "[data-testid='stPageLink'], [data-testid='stLinkButton'])) { min-height: 2.5rem; margin-block: 0;"
    " display: flex; flex-direction: column; justify-content: center; }"
    "</style>"
)


def card_order(claims: ClaimsFile) -> list[int]:
    """The cards' order: as in the file, except a claim a link names (``?claim=ID``, from Compare)
    comes first."""
    order = list(range(len(claims.checkable)))
    focus = st.query_params.get("claim")
    ids = [claim.id for claim in claims.checkable]
    if isinstance(focus, str) and focus in ids:
        first = ids.index(focus)
        order.remove(first)
        order.insert(0, first)
        st.caption("The claim you followed a link to is shown first.")
    return order


def measure_link(claim: Claim) -> None:
    """A link to the page that charts the claim's measure (its registry ``page``; Explore opens it)."""
    route, series = measure_series(claim)
    page = page_of(route)
    if page is None or page == CLAIMS:
        return
    query = {"series": series} if page.route == "explore" and series else None
    link(page, f"See the full {page.title} page", query)


def test_rows(rows: tuple[CheckRow, ...]) -> None:
    """One line per test: its verdict, what was tested, the figure and, in small grey type under it,
    how the rule counted it; a test that could not be run says why (each test's full sentence is under
    "Evidence, rule, caveats"). One element for all of them: a card may have many tests."""
    lines = []
    for row in rows:
        finding = f" — {plain(row.finding)}" if row.finding else ""
        line = f"{summary.badge(row.label)} **Test {row.number}.** {plain(row.test)}{finding}"
        lines.append(line + (f"  \n:small[:gray[{plain(row.note)}]]" if row.note else ""))
    if lines:
        st.markdown("\n\n".join(lines))


def claim_card(timed: TimedVerdict, figures: list[tuple[int, Prebuilt]]) -> None:
    """One claim: quote, verdicts, the opening sentence, a row per test, what changed, charts, rule."""
    shown = card(timed)
    now = timed.now
    with st.container(border=True, key=f"claim-{timed.claim.id}"):
        st.subheader(f"“{plain(timed.claim.quote)}”", anchor=timed.claim.anchor)
        # both verdicts in one line (side by side, wrapping on a phone)
        then = summary.badge(timed.then.label, f"{shown.then_heading}: ")
        st.markdown(f"{summary.badge(now.label, 'Now: ')} {then}")
        st.markdown(plain(now.evidence))
        test_rows(shown.rows)
        if timed.summary:
            st.info(plain(timed.summary), icon=":material/history:")
        for row in range(0, len(figures), 2):  # two charts a row, every test's chart shown
            pair = figures[row : row + 2]
            places = st.columns(2) if len(figures) > 1 else [st.container()]
            for place, (i, fig) in zip(places, pair, strict=False):
                place.plotly_chart(
                    fig, key=f"chart-{timed.claim.id}-{i}", config={"displaylogo": False},
                    alt=now.checks[i].evidence,
                )  # fmt: skip
        if timed.claim.note:
            st.caption(plain(timed.claim.note))
        with st.expander("Evidence test by test, rules, caveats and sources"):
            tests = "".join(f"{n}. {plain(text)}\n" for n, text in enumerate(shown.tests, start=1))
            parts = [f"{tests}\n**Rule.** " + plain(shown.rule)]
            if shown.caveats:
                parts.append("**Caveats**\n" + "\n".join(f"- {plain(c)}" for c in shown.caveats))
            sources = [plain(s) for s in shown.sources]
            parts.append(
                "**Sources**\n" + "\n".join(f"- {s}" for s in sources) if sources else "No data source."
            )
            st.markdown("\n\n".join(parts))  # one element: the page has many cards
        measure_link(timed.claim)
        share_link(timed.claim)


def share_link(claim: Claim) -> None:
    """The claim's own page in the static site, to share or embed; where no site address is set,
    the page says once, under the downloads, how to publish one."""
    base = base_url()
    if base is None:
        return
    st.link_button(
        "Share this verdict", url_of(base, claim_path(claim.id)), icon=":material/share:", type="tertiary"
    )


def article_line(article: Article) -> str:
    """The article as Markdown: its byline (escaped) and a link to where it can be read, when known."""
    text = f"*{plain(byline(article))}*."
    if article.url:  # an http(s) address (the loader checks); brackets encoded so the link stays whole
        address = article.url.replace("(", "%28").replace(")", "%29")
        text += f" [Read the article]({address})."
    return text


def stored_verdicts(claims_text: str, data_dir: Path, front: Judged | None) -> Judged | None:
    """The op-ed's verdicts as the page draws them (no chart data): ``front``, read from disk, or
    judged once and stored; None for an upload."""
    if front is not None:
        return front
    from dashboard.verdicts import shared_judgement  # judging: the claim checker, pandas

    judged = shared_judgement(claims_text, str(data_dir))
    return None if judged is None else verdict_store.without_chart_data(judged)


def show_claims(claims_text: str, source: str, first: bool = False) -> bool:
    """Every card for one claims file, its context statements and the ClaimReview download; False
    when this run ends with the first card (dashboard/staging.py: the rest comes with the next). On a
    session's ``first`` view, the date picker is drawn last (at its default: the article's date)."""
    text_key = digest(claims_text)
    data_dir = data_dir_from_env()
    front = verdict_store.stored_front(claims_text, data_dir)
    if front is not None:  # the op-ed's claims as parsed when judged, under the name given (an upload's)
        claims = replace(front.claims, source=source)
    else:
        from dashboard.verdicts import parsed  # parsing checks each test's kind, which needs pandas

        try:
            claims = parsed(claims_text, text_key, source)  # once per text
        except ClaimsFileError as exc:
            st.error(f"This claims file cannot be used. {plain(exc)}", icon=":material/error:")
            return True
    picker = closed("Judge with the data published by another date", first)
    as_of = None if first else as_of_control(picker, claims)
    top = st.container()  # the summary: first when the verdicts are stored, else once every card is drawn
    stage = False  # whether this run ends with the first card (dashboard/staging.py)
    try:
        stored = stored_verdicts(claims_text, data_dir, front) if as_of is None else None
        if stored is not None:  # the verdicts at a glance, then the first card's chart, then the rest
            timed = list(stored.timed)
            at_a_glance(top, claims, timed)
        st.header("Each claim and its evidence")
        if stored is not None:
            order = card_order(claims)
            stage = staging.staged(len(stored.charts[order[0]]), len(order))
            for n, index in enumerate(order[:1] if stage else order):
                charts = [(i, Prebuilt(f)) for i, f in stored.charts[index]] if n < CHARTED_CARDS else []
                claim_card(timed[index], charts)
        else:  # an upload or another date: each card as soon as its claim is judged
            from dashboard.verdicts import card_charts, judge_claim

            key = data_key()
            judged: dict[int, TimedVerdict] = {}
            for n, index in enumerate(card_order(claims)):
                args = (claims_text, text_key, source, str(data_dir), key, as_of, index)
                judged[index] = judge_claim(*args)
                claim_card(judged[index], card_charts(*args) if n < CHARTED_CARDS else [])
            timed = [judged[index] for index in sorted(judged)]  # in the file's order, as stored ones
            at_a_glance(top, claims, timed)
        if stage:  # the other cards, the context and the downloads: once the first chart is painted
            staging.ask_for_the_rest()
            return False
        version = (data_key(), text_key, as_of)
    except DataFileError as exc:
        st.error(plain(exc), icon=":material/error:")
        version = None
    if first:
        as_of_control(picker, claims)
    if version is not None:
        context(claims)
        downloads(claims, timed, version)
        staging.keep_the_anchor()
    return True


def data_key() -> str:
    """The data's version (dashboard.data.data_key: the manifest is cached, not re-read per rerun)."""
    from dashboard import data  # with the series readers, which need pandas

    return data.data_key()


def at_a_glance(top, claims: ClaimsFile, timed: list[TimedVerdict]) -> None:
    """The article, a one-line headline and the table of every claim's verdicts, in ``top``."""
    with top:
        st.markdown(article_line(claims.article))
        st.caption(summary.headline(timed))
        st.header("The verdicts at a glance")
        st.markdown(summary.table(timed))
        if len(timed) > CHARTED_CARDS:
            st.caption(f"Charts are drawn for the first {CHARTED_CARDS} claims; every card has its verdict.")


def as_of_control(box, claims: ClaimsFile) -> date | None:
    """Judge with the data public at another date than the article's (None: the article's date); the
    picker is drawn in ``box``.

    Each article has a picker of its own (keyed by it): a date picked for one file never carries over
    to another, not even through a rerun the browser asks for with the old picker's state in it (the
    front page's own request for its other charts, dashboard/staging.py, can cross an upload)."""
    published, earliest, today = claims.article.published, date(1990, 1, 1), date.today()
    start = min(max(published, earliest), today)  # the picker's range; the article may lie outside it
    article_key = digest(f"{claims.source}|{published}")[:16]
    with box.container():
        if start != published:
            st.caption(
                f"The article's date, {published.isoformat()}, is outside the dates this picker offers "
                f"({earliest.isoformat()} to today), so it starts at {start.isoformat()}; the verdicts "
                "use the article's own date until you pick another."
            )
        picked = st.date_input(
            "Data published by",
            value=start,
            min_value=earliest,
            max_value=today,
            key=f"claims_as_of_{article_key}",
            help="Each claim is judged with the newest vintage of each series released on or before "
            "this date, and with the newest data. Series with no vintage that old say so.",
        )
    return picked if picked != start else None


def context(claims: ClaimsFile) -> None:
    if not claims.context:
        return
    with st.expander(f"{len(claims.context)} statements not checkable with these data (context)"):
        for claim in claims.context:
            note = f" — {plain(claim.note)}" if claim.note else ""
            st.markdown(f"- “{plain(claim.quote)}”{note}")


def downloads(claims: ClaimsFile, timed: list[TimedVerdict], judged: tuple) -> None:
    """The ClaimReview download, built once per judgement (``judged``: data, claims text, date) and
    page address (Google requires the review page's address; the browser tells Streamlit)."""
    url = st.context.url

    def build() -> tuple[str, list[str]]:
        exported = export(timed, claims, review_url=url)
        return json.dumps(exported, indent=2, ensure_ascii=False), export_problems(exported)

    text, problems = views.cached("claims:claimreview", judged, (claims.source, url), build)
    st.download_button(
        "Download the verdicts as ClaimReview (JSON-LD)",
        data=text,
        file_name=f"{Path(claims.source).stem or 'claims'}-claimreview.jsonld",
        mime="application/ld+json",
        key=f"claimreview-{claims.source}",
        icon=":material/download:",
    )
    if base_url() is None:
        st.markdown("**Share the verdicts.** " + HOW_TO_PUBLISH)
    if problems:
        st.caption(
            "This ClaimReview export lacks what Google's fact-check markup asks for: "
            + plain("; ".join(problems))
            + "."
        )


def how_we_judge(box) -> None:
    """What "How the verdicts are decided" says, in ``box``; on a session's first view, after the
    cards or with the rest of the page, as the kinds' summaries come with their code (pandas)."""
    from claims.engine import RULES
    from claims.kinds import KINDS

    with box.container():
        st.markdown(
            "Each claim is tested against the published data with an explicit rule, shown on its card. "
            "Verdicts: **supported**, **partly supported**, **not supported**; **cannot check** when no data "
            "that could test the claim existed (then, or in the file), and **release not kept** when the "
            "publisher's release existed but this snapshot does not hold it (the card gives the command "
            "that fetches it). Each claim is judged twice: "
            "with the newest data, and with the newest data published by the article's date "
            "(*when written*). *When written* uses the newest vintage kept in `data/vintages/` that was "
            "public by then; a publisher may have released figures in between that this snapshot does not "
            "hold, and each card names the vintage it used."
        )
        st.markdown("\n".join(f"- `{name}`: {kind.summary}" for name, kind in KINDS.items()))
        st.markdown("**Combining a claim's tests.**\n" + "\n".join(f"- {rule}" for rule in RULES))


def uploaded_text(uploaded) -> str | None:
    """An uploaded claims file's text; None, with a sentence saying why, when it cannot be used."""
    try:
        check_size(uploaded.size, uploaded.name)
        return decode(uploaded.getvalue(), uploaded.name)
    except ClaimsFileError as exc:
        st.error(f"This claims file cannot be used. {plain(exc)}", icon=":material/error:")
        return None


def closed(label: str, first: bool):
    """A closed expander. On a session's first view its content comes after the cards, or with the
    rest: until then a line says it is on the way (a busy server may take seconds), in a place the
    content replaces. Later runs draw the content in place at once: a place re-sent at the start of
    a run emptied the open expander until the run's end (0.15–1.2 s, the page below jumping up)."""
    box = st.expander(label)
    if not first:
        return box
    slot = box.empty()
    slot.caption(COMING)
    return slot


def claims_upload(box) -> UploadedFile | None:
    with box.container():
        return st.file_uploader(
            "A claims file (TOML, same format as claims/op-ed.toml)", type=["toml"], key="claims_upload"
        )


def render() -> None:
    first = staging.first_view()  # what closed expanders hold is drawn after the cards, or with the rest
    st.html(STEADY_LINKS)
    st.title("Checking the op-ed's claims")
    st.markdown(
        "Each data claim in the op-ed, its verdict, and the evidence: recomputed from the data in the app, "
        "so a data refresh updates them."
    )
    how = closed("How the verdicts are decided", first)
    if not first:
        how_we_judge(how)
    upload = closed("Check your own claims file", first)
    uploaded = None if first else claims_upload(upload)
    if uploaded is None:
        complete = show_claims(verdict_store.shipped_text(), DEFAULT_CLAIMS.name, first)
    else:
        text = uploaded_text(uploaded)
        complete = text is None or show_claims(text, uploaded.name)
    if complete:  # on a staged first view, the rest comes with the next run (dashboard/staging.py)
        if first:
            claims_upload(upload)
            how_we_judge(how)
        staging.viewed()


if __name__ == "__main__":
    render()
