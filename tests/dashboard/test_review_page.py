"""The Review page and the review actions on Items, run in AppTest on a store refreshed from one note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from etl import store
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings, load_settings
from tests.dashboard.conftest import open_app as _open_app
from tests.dashboard.conftest import texts

NOTE = "note-2024-02-20-first-aurus-kim-yo-jong.md"


@pytest.fixture
def note_store(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "datasets" / "sources" / NOTE, folder / NOTE)
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(folder))
    monkeypatch.setenv("MONITOR_REVIEWER", "Desk analyst")
    assert run_refresh(load_settings()).status == "succeeded"
    return load_settings()


def open_app(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = _open_app(page, query)
    assert not at.exception, at.exception
    return at


def ledger(settings: Settings) -> list[tuple[str, str, str, str | None]]:
    engine = store.make_engine(settings)
    r = store.reviews
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(r.c.item_id, r.c.verdict, r.c.reviewer, r.c.note).order_by(r.c.review_id)
        )
        result = [tuple(row) for row in rows]
    engine.dispose()
    return result  # type: ignore[return-value]


def status_of(settings: Settings, item_id: str) -> str:
    engine = store.make_engine(settings)
    with engine.connect() as conn:
        c = store.items_current.c
        value = conn.execute(sa.select(c.review_status).where(c.item_id == item_id)).scalar_one()
    engine.dispose()
    return str(value)


def shown_item(at: AppTest) -> str:
    return str(at.selectbox(key="review_item").value)


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def test_accept_with_a_note_records_the_reviewer(note_store: Settings) -> None:
    at = open_app("review")
    assert "items to review" in texts(at) and "recorded as **Desk analyst**" in texts(at)
    item_id = shown_item(at)
    assert any("orange-background" in m.value for m in at.markdown)  # the quote, highlighted in place
    at.text_input(key=f"queue_{item_id}_note").set_value("checked against the source")
    at = at.button(key=f"queue_{item_id}_accepted").click().run()
    assert f"Accepted item {item_id}." in texts(at)
    assert ledger(note_store) == [(item_id, "accepted", "Desk analyst", "checked against the source")]
    assert shown_item(at) != item_id  # it left the queue


def count(page: AppTest) -> int:
    """The number in the Items page's '**N items** match these filters.' line."""
    line = next(m.value for m in page.markdown if "items**" in m.value)
    return int(line.split()[0].strip("*").replace(",", ""))


def test_reject_hides_the_item_until_asked_for(note_store: Settings) -> None:
    at = open_app("review")
    item_id = shown_item(at)
    at.button(key=f"queue_{item_id}_rejected").click().run()
    assert status_of(note_store, item_id) == "rejected"
    items = open_app("items", {"confidence": "0"})
    before = texts(items)
    shown = open_app("items", {"confidence": "0", "rejected": "true"})
    assert count(shown) == count(items) + 1 and "match these filters" in before
    overview = texts(open_app("overview", {"confidence": "0"}))
    assert "items an analyst rejected are left out" in overview
    overview_with_rejected = texts(open_app("overview", {"confidence": "0", "with_rejected": "true"}))
    assert "items an analyst rejected are shown too" in overview_with_rejected


def test_edit_stores_only_the_changed_field(note_store: Settings) -> None:
    at = open_app("review")
    item_id = shown_item(at)
    at.selectbox(key=f"queue_{item_id}_status").set_value("alleged")
    at = button(at, "Save edit").click().run()
    assert "Saved the edit" in texts(at)
    assert ledger(note_store) == [(item_id, "edited", "Desk analyst", None)]
    assert status_of(note_store, item_id) == "edited"


def test_undo_from_the_reviewed_tab(note_store: Settings) -> None:
    at = open_app("review")
    item_id = shown_item(at)
    at = at.button(key=f"queue_{item_id}_accepted").click().run()
    assert not [s for s in at.selectbox if s.key == "reviewed_item"]  # only the open tab is drawn
    at.session_state["review_tab"] = "Reviewed"  # the user opens the tab
    at = at.run()
    assert at.selectbox(key="reviewed_item").value == item_id
    at = at.button(key=f"reviewed_{item_id}_undo").click().run()
    assert "Undid the latest decision" in texts(at)
    assert [v for _, v, _, _ in ledger(note_store)] == ["accepted", "undone"]
    assert status_of(note_store, item_id) == "unreviewed"


def test_add_an_item_on_a_chosen_sentence(note_store: Settings) -> None:
    at = open_app("review", {"review_tab": "Add a missed item"})  # a link to the tab opens it
    at.selectbox(key="add_sentence").set_value(1)
    at = at.run()
    add_key = next(
        s.key for s in at.selectbox if s.key and s.key.startswith("add_") and s.key.endswith("_category")
    )
    at.selectbox(key=add_key).set_value("statement")
    at = button(at, "Add this item").click().run()
    assert "Added a statement item" in texts(at)
    ((item_id, verdict, reviewer, _),) = ledger(note_store)
    assert item_id.startswith("added-") and (verdict, reviewer) == ("added", "Desk analyst")
    assert status_of(note_store, item_id) == "added"


def test_a_decision_on_a_stale_view_is_refused_with_a_reload_message(note_store: Settings) -> None:
    first, second = open_app("review"), open_app("review")
    item_id = shown_item(first)
    second.button(key=f"queue_{item_id}_accepted").click().run()
    first = first.button(key=f"queue_{item_id}_rejected").click().run()
    assert "reload" in texts(first)
    assert [v for _, v, _, _ in ledger(note_store)] == ["accepted"]


def test_without_a_known_reviewer_a_name_is_asked_once(
    note_store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MONITOR_REVIEWER")
    at = open_app("review")
    item_id = shown_item(at)
    assert not [b for b in at.button if b.key == f"queue_{item_id}_accepted"]
    at.text_input(key="reviewer_entry").set_value("Ann").run()
    at.switch_page("views/overview.py").run()
    at.switch_page("views/review.py").run()
    at = at.button(key=f"queue_{item_id}_accepted").click().run()
    assert ledger(note_store)[0][2] == "Ann"


def test_read_only_mode_turns_every_write_off(note_store: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import actions

    monkeypatch.setenv("MONITOR_READ_ONLY", "true")
    at = open_app("review")
    assert "read-only" in texts(at)
    assert not [b for b in at.button if b.label in ("Accept", "Reject", "Add this item", "Save edit")]
    sources = open_app("sources")
    assert not [b for b in sources.button if b.key == "refresh_now"] and "Read-only" in texts(sources)
    with pytest.raises(actions.ReadOnly):
        actions.review_item(shown_item(at), "accepted", "Someone", 0)
    assert ledger(note_store) == []


def test_overview_counts_reviewed_items_and_sources_lists_orphans(
    note_store: Settings, tmp_path: Path
) -> None:
    at = open_app("review")
    item_id = shown_item(at)
    at.button(key=f"queue_{item_id}_rejected").click().run()
    at = open_app("review")
    other = shown_item(at)
    at.button(key=f"queue_{other}_accepted").click().run()
    assert "1 of these" in texts(open_app("overview"))
    # The rejected item's sentence leaves the document: its review is kept and listed as orphaned.
    engine = store.make_engine(note_store)
    with engine.connect() as conn:
        quotes = dict(conn.execute(sa.select(store.items.c.item_id, store.items.c.quote)).all())
    engine.dispose()
    quote = quotes[item_id]
    lost = sum(quotes[i] == quote for i in (item_id, other))  # the two may share their sentence
    note = tmp_path / "sources" / NOTE
    note.write_text(note.read_text().replace(quote, "An editor removed this sentence."))
    assert run_refresh(load_settings()).status == "succeeded"
    sources = open_app("sources")
    assert ("1 review lost its place" if lost == 1 else f"{lost} reviews lost their place") in texts(sources)
    assert ledger(note_store)[0][:2] == (item_id, "rejected")
