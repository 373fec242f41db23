"""Pieces every page shares: the current snapshot, empty states, data freshness and the refresh panel."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import queries, refresh_job
from dashboard.labels import code_label, format_age, format_until, format_utc, resolved_date, written_date
from etl.settings import load_settings

SNAPSHOT_KEY = "_snapshot"
SEEN_JOB_KEY = "_refresh_job_seen"


def snapshot() -> queries.Snapshot:
    """The snapshot app.py took for this run; every page calls this first."""
    snap = st.session_state.get(SNAPSHOT_KEY)
    if snap is None:  # app.py shows the first-run screen instead of pages; this is a safety net
        st.info("The store holds no data yet. Open the start page to run the first refresh.")
        st.stop()
    return snap


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#!|<>~$:])")


def plain(text: object) -> str:
    """User-supplied text made safe for Streamlit's Markdown: shown as written, never as a link or image."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def empty_state(message: str = "No items match these filters.") -> None:
    st.info(message + " Widen the period or clear a filter to see more.", icon=":material/filter_alt_off:")


def page_title(title: str, subtitle: str) -> None:
    st.title(title)
    st.caption(subtitle)


def labelled(codes: list[str]) -> dict[str, str]:
    return {code: code_label(code) for code in codes}


def choose_many(
    where: Any, label: str, choices: list[str] | dict[str, str], key: str, placeholder: str, **options: Any
) -> list[str]:
    """A multiselect in `where` (st or a column), kept in the URL; choices are codes or code -> name."""
    names = choices if isinstance(choices, dict) else labelled(choices)
    return where.multiselect(
        label,
        list(names),
        format_func=names.get,
        key=key,
        bind="query-params",
        placeholder=placeholder,
        **options,
    )


TABLE_PAGE_ROWS = 100


def table_page(frame: pd.DataFrame, key: str, noun: str = "rows") -> tuple[pd.DataFrame, int]:
    """The rows of the page chosen in a pager (kept in the URL under `key`), and that page's number.

    A table sends every row it is given to the browser, which decodes and lays out all of them, so a long
    one is shown a page at a time. The pager and a line saying which rows are shown go where this is
    called; a frame that fits one page is returned whole, with neither.
    """
    pages = max(1, -(-len(frame) // TABLE_PAGE_ROWS))
    if pages == 1:
        return frame, 1
    row = st.container(horizontal=True, vertical_alignment="center")
    page = row.pagination(pages, key=key, bind="query-params")
    first = (page - 1) * TABLE_PAGE_ROWS
    shown = frame.iloc[first : first + TABLE_PAGE_ROWS]
    last = first + len(shown)
    row.caption(f"{first + 1:,}–{last:,} of {len(frame):,} {noun}, {TABLE_PAGE_ROWS} to a page.")
    return shown, page


def table(frame: pd.DataFrame, columns: dict[str, Any], where: Any = st, **options: Any) -> Any:
    """frame as a read-only table without its index: the given columns, in that order, with their config."""
    return where.dataframe(
        frame, hide_index=True, width="stretch", column_order=list(columns), column_config=columns, **options
    )


def sidebar_freshness(snap: queries.Snapshot) -> None:
    """Last refresh and its age; a failure since then; the scheduler's next run when one is running."""
    report = queries.freshness(snap)
    last = report.last_success.finished_at if report.last_success else None
    with st.sidebar:
        st.markdown("**Data freshness**")
        if last is not None:
            st.caption(f"Last refresh {format_age(last)} · {format_utc(last)}")
        else:
            st.caption("No successful refresh yet.")
        if report.failures_since:
            failed = report.failures_since[0]
            st.caption(
                f":red[Latest refresh {failed.status}] ({format_utc(failed.started_at)}); the data shown is "
                "from the last successful one. See Sources & runs."
            )
        scheduler = report.scheduler
        if scheduler is not None and scheduler.state == "running" and scheduler.next_run_at is not None:
            st.caption(
                f"Next refresh {format_until(scheduler.next_run_at)} "
                f"(scheduler seen {format_age(scheduler.beat_at)})"
            )


def refresh_panel(button_label: str = "Refresh now", *, primary: bool = False) -> None:
    """A button that starts a refresh, and the progress of the running one until it ends."""
    if load_settings().read_only:
        st.caption("Read-only dashboard: refreshes run on the schedule, not from here.")
        return
    job = refresh_job.current_job()
    if st.button(
        button_label, type="primary" if primary else "secondary", icon=":material/sync:", key="refresh_now"
    ):
        job, started = refresh_job.start_refresh()
        if not started:
            st.warning(
                f"A refresh is already running (started {format_age(job.started_at)} from this "
                "dashboard). Its progress is shown below.",
                icon=":material/hourglass_top:",
            )
    _refresh_progress(job)


def _refresh_progress(job: refresh_job.RefreshJob | None) -> None:
    """Poll the job once a second while it runs; rerun the whole app once when it ends."""
    running = job is not None and job.running

    @st.fragment(run_every=1.0 if running else None)
    def progress() -> None:
        current = refresh_job.current_job()
        if current is None:
            return
        if current.running:
            stage = code_label(current.stage)
            if current.fraction is None:
                st.progress(0.0, text=f"Refreshing: {stage}…")
            else:
                st.progress(current.fraction, text=f"Refreshing: {stage} ({current.done} of {current.total})")
            st.caption(
                f"Started {format_age(current.started_at)}. Pages keep showing the previous data until "
                "the refresh commits."
            )
            return
        if st.session_state.get(SEEN_JOB_KEY) != current.job_id and running:
            st.session_state[SEEN_JOB_KEY] = current.job_id
            st.rerun()  # the whole app: sidebar and figures now read the new data version
        _outcome(current)

    progress()


def _outcome(job: refresh_job.RefreshJob) -> None:
    if job.locked_elsewhere:
        st.warning(job.error_message(), icon=":material/lock:")
        return
    summary = job.summary or {}
    if job.succeeded:
        duration = summary.get("duration_s")
        took = f" in {float(duration):.1f} s" if isinstance(duration, int | float) else ""
        seen, changed = summary.get("documents_seen", "?"), summary.get("documents_changed", 0)
        if changed:
            written, notes = summary.get("items_written", "?"), summary.get("warnings", 0)
            result = f"{seen} documents read, {changed} changed, {written} items written, {notes} warnings."
        else:
            result = f"{seen} documents read, none changed: the data is as it was."
        st.success(f"Refresh finished{took}: {result}", icon=":material/check_circle:")
        return
    st.error(f"The refresh failed: {job.error_message()}", icon=":material/error:")


def first_run_screen() -> None:
    """Shown while the store does not exist yet: explain, and run the first refresh with its progress."""
    st.title("Welcome to Sanctions Monitor")
    st.markdown(
        "There is no data yet. The first refresh reads the bundled source documents, extracts the "
        "sanctions-relevant items and builds the store. It usually takes under a minute."
    )
    failure = queries.last_run_message()
    if failure:
        st.error(f"The last refresh failed: {failure}")
    refresh_panel("Run the first refresh", primary=True)
    st.caption(
        f"Checked {datetime.now(UTC):%H:%M:%S} UTC. The pages open as soon as the refresh has committed."
    )


def period_input(
    label: str, key: str, low: date | None, high: date | None, default: tuple[date, date] | None = None
) -> tuple[date, date] | None:
    """A date-range picker kept in the URL; None when the store has no dated items."""
    if low is None or high is None:
        return None
    default = default or (low, high)
    chosen = st.date_input(
        label, value=default, min_value=low, max_value=high, key=key, bind="query-params", format="YYYY-MM-DD"
    )
    # While the user has picked only the first day of a new range, keep showing the default.
    if isinstance(chosen, tuple) and len(chosen) == 2:
        return chosen[0], chosen[1]
    return default


def item_details(item: Any) -> None:
    """One item in full: what, when (as written and as read), who, how sure, its tags, the exact source
    quote and its document with the publication date.

    Text from documents goes through st.text, which shows it literally (no Markdown, no HTML).
    """
    with st.container(border=True):
        parties = " → ".join(p for p in (item["from_actor"], item["to_actor"]) if isinstance(p, str) and p)
        confidence = item.get("confidence")
        st.caption(
            f"{code_label(item['category'])} · {code_label(item['status'])}"
            + (f" · confidence {float(confidence):.2f}" if confidence is not None else "")
        )
        st.text(item["summary"])
        if parties:
            st.text(parties)
        written = written_date(item.get("date_text"), item.get("date_start"))
        read = item.get("resolved") or resolved_date(
            item.get("date_start"), item.get("date_end"), item.get("date_precision"), item.get("date_text")
        )
        st.text(f"Date as written: {written} · as read: {read}")
        st.text(f"“{item['quote']}”")
        tags = item.get("provisions")
        st.text(f"Tags: {tags}" if isinstance(tags, str) and tags else "Tags: none")
        published = item.get("published_on")
        when = (
            f" (published {published:%Y-%m-%d})" if isinstance(published, date) else " (no publication date)"
        )
        if isinstance(item["document_url"], str) and item["document_url"]:
            st.link_button(
                f"Open the document: {item['document']}{when}",
                item["document_url"],
                icon=":material/open_in_new:",
            )
        else:
            st.text(f"Document: {item['document']}{when}, no link stored")


def confidence_input(key: str) -> float:
    """The 'Minimum confidence' slider, kept in the URL; items scored below it are hidden, not deleted.

    Each page passes its own key: pages share session state, and one page's value must not win over a
    link to another page.
    """
    value = st.slider(
        "Minimum confidence",
        min_value=0.0,
        max_value=1.0,
        value=queries.DEFAULT_MIN_CONFIDENCE,
        step=0.05,
        key=key,
        bind="query-params",
        help=(
            "How sure the extractor is that a sentence reports this item (0 to 1). Candidates it is unsure "
            "of, often with no named parties, are kept in the store rather than dropped: lower this to show "
            "them, or set it to 0 to see everything."
        ),
    )
    return round(float(value), 2)  # slider steps add float noise (0.30000000000000004)


def clickable_chart(spec: dict[str, Any], key: str, picks: tuple[str, ...] | list[str]) -> Any:
    """A chart whose marks can be clicked (the selections named `picks`); returns the click event."""
    return st.vega_lite_chart(
        spec, theme=None, width="stretch", key=key, on_select="rerun", selection_mode=list(picks)
    )


def picked(event: Any, names: tuple[str, ...] | list[str], field: str) -> str | None:
    """The value of `field` of the first point selected in any of a chart's selections `names`."""
    selection = getattr(event, "selection", None) or {}
    for name in names:
        for point in selection.get(name) or []:
            if isinstance(point, dict) and point.get(field) is not None:
                return str(point[field])
    return None


# Follows the link open_items just drew as a step in the browser's history: the Items view gets its own
# entry and the chart page's entry keeps its address and filters, so the back button returns to them.
# (A plain click or st.switch_page first rewrites the chart page's address with the new parameters.)
# The link may be drawn a moment after this script runs (its component loads on first use): look again
# for up to two seconds.
_FOLLOW_LINK = """<script>
const follow = (tries) => {
  const links = document.querySelectorAll('a[data-testid="stPageLink-NavLink"][href*="mark="]');
  if (links.length) {
    window.history.pushState({}, "", links[links.length - 1].href);
    window.dispatchEvent(new PopStateEvent("popstate", {state: {}}));
  } else if (tries > 0) {
    setTimeout(() => follow(tries - 1), 50);
  }
};
follow(40);
</script>"""


def open_items(item_ids: tuple[str, ...], what: str, f: queries.ItemFilter) -> None:
    """Go to the Items view showing exactly these items, with a line saying which mark they came from.

    The filters travel in the address bar. Should the link not be followed by itself (no JavaScript),
    it stays on the page to click.
    """
    st.page_link(
        "views/items.py",
        label=f"Open the {len(item_ids):,} items of this {what}",
        icon=":material/table_rows:",
        query_params={
            "ids": ",".join(item_ids),
            "mark": what,
            "confidence": f"{f.min_confidence:g}",
            # The review filters the chart used, so the Items view shows the same items.
            **({"reviewed": "true"} if f.reviewed_only else {}),
            **({"rejected": "true"} if f.show_rejected else {}),
        },
    )
    st.html(_FOLLOW_LINK, unsafe_allow_javascript=True)


def figures_line(figures: list[tuple[str, str]], help: str | None = None) -> None:
    """Key figures as one line of words ("Items **8** · Arms transfers **3** · …"), one element however
    many figures: a row of metrics costs a new browser session a widget kind and a column each."""
    st.markdown(" · ".join(f"{label} **{value}**" for label, value in figures), help=help)


def more_filters(label: str = "More filters") -> tuple[Any, Any]:
    """A "More filters" button whose panel holds a page's secondary filters, and a slot beside it for
    the words that say which of them are set (fill it with filters_said once they are read).

    The panel's widgets run on every run, so their values (kept in the address) always apply, but the
    browser draws them only when the panel is opened.
    """
    row = st.container(horizontal=True, vertical_alignment="center")
    panel = row.popover(label, icon=":material/filter_list:")
    return panel, row.empty()


def filters_said(parts: list[tuple[str, list[str]]], none: str) -> str:
    """The secondary filters that are set, in words ("Category: Arms transfer; From: North Korea"), or
    `none` when none is: (label, the names chosen) for each."""
    said = [f"{label}: {', '.join(chosen)}" for label, chosen in parts if chosen]
    return "; ".join(said) if said else none


def review_said(reviewed_only: bool, show_rejected: bool) -> str:
    """The two review filters in words."""
    if reviewed_only:
        return "reviewed items only" + ("" if show_rejected else ", rejected left out")
    return "rejected items shown" if show_rejected else "reviewed or not, rejected left out"


def shown_count(shown: int, total: int, noun: str = "items") -> str:
    """'**12 of 40 items** are shown' or '**40 items**': the count a page shows under its filters."""
    return f"**{shown:,} of {total:,} {noun}**" if shown != total else f"**{shown:,} {noun}**"


def overview_scope(snap: queries.Snapshot, f: queries.ItemFilter, shown: int) -> str:
    """What the Overview counts, and why the Items page (no period, undated items kept) lists more."""
    everything = replace(f, date_from=None, date_to=None, include_undated=True)
    total = queries.key_figures(snap, everything).items
    dated = queries.key_figures(
        snap, replace(everything, date_from=date(1, 1, 1), include_undated=False)
    ).items
    below = queries.key_figures(snap, replace(everything, min_confidence=0.0)).items - total
    period = f"dated {f.date_from} to {f.date_to}" if f.date_from and f.date_to else "dated"
    kinds = ", ".join(code_label(c) for c in f.categories) or "all categories"
    text = f"{shown_count(shown, shown)} {period}, {kinds}, confidence {f.min_confidence:g} or more."
    if total != shown:
        text += (
            f" The Items page lists {total:,} with no period set: {dated - shown:,} dated outside this "
            f"period and {total - dated:,} undated."
        )
    if below:
        text += f" {below:,} more are scored below the minimum confidence and hidden everywhere."
    return text


def review_inputs(where: Any, keys: tuple[str, str] = ("reviewed", "rejected")) -> tuple[bool, bool]:
    """The two review filters every page shares, kept in the URL: (reviewed items only, show rejected).

    Each page passes its own keys (as with the confidence slider): pages share session state, and one
    page's value must not win over a link to another page.
    """
    row = where.container(horizontal=True)
    reviewed_only = row.toggle(
        "Reviewed items only",
        value=False,
        key=keys[0],
        bind="query-params",
        help="Only items an analyst accepted, edited, added or rejected.",
    )
    show_rejected = row.toggle(
        "Show rejected items",
        value=False,
        key=keys[1],
        bind="query-params",
        help="Items an analyst rejected are kept in the store and hidden from every chart and count.",
    )
    return bool(reviewed_only), bool(show_rejected)
