"""Review on both backends: decisions shape items_current, survive re-extraction, refuse stale views."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import InvalidData
from etl.extract.reference import Reference, load_reference
from etl.pipeline import run_refresh
from etl.review import StaleReview, add_item, decide, history, orphaned_reviews, reviewed_items
from etl.settings import PROJECT_ROOT, Settings, load_settings

NOTE = "note-2024-02-20-first-aurus-kim-yo-jong.md"
AURUS = "A Russian-made Aurus car, a personal gift from Vladimir Putin"
GIFT = "The gift is small next to the munitions flowing the other way"
SEOUL = "Seoul said the delivery violated UN Security Council sanctions"


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "datasets" / "sources" / NOTE, folder / NOTE)
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(folder))
    return folder


@pytest.fixture
def refreshed(backend_settings: Settings, sources: Path) -> Settings:
    settings = load_settings()
    assert run_refresh(settings).status == "succeeded"
    return settings


@pytest.fixture
def ref(refreshed: Settings) -> Reference:
    return load_reference(refreshed.reference_dir)


@pytest.fixture
def eng(refreshed: Settings) -> Any:
    engine = store.make_engine(refreshed)
    yield engine
    engine.dispose()


def current(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(store.items_current).order_by(store.items_current.c.char_start))
        return [dict(r) for r in rows.mappings()]


def item_with(engine: Engine, start: str, category: str | None = None) -> dict[str, Any]:
    return next(
        i for i in current(engine) if i["quote"].startswith(start) and category in (None, i["category"])
    )


def tags(engine: Engine, item_id: str) -> set[str]:
    t = store.item_measures_current
    with engine.connect() as conn:
        return set(conn.execute(sa.select(t.c.measure_id).where(t.c.item_id == item_id)).scalars())


def ledger_size(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(store.reviews)).scalar_one())


def test_accept_reject_edit_and_undo_show_in_items_current(eng: Engine, ref: Reference) -> None:
    aurus, gift = item_with(eng, AURUS), item_with(eng, GIFT)
    assert aurus["review_status"] == "unreviewed" and "UNSCR-2094-AnnexIV" in tags(eng, aurus["item_id"])
    decide(eng, ref, aurus["item_id"], "accepted", "Ann", note="matches KCNA")
    decide(eng, ref, gift["item_id"], "rejected", "Bob", note="no transfer in this sentence")
    assert item_with(eng, AURUS)["review_status"] == "accepted"
    assert item_with(eng, GIFT, "arms_transfer")["review_status"] in ("rejected", "unreviewed")
    assert {i["review_status"] for i in current(eng) if i["item_id"] == gift["item_id"]} == {"rejected"}

    decide(eng, ref, aurus["item_id"], "edited", "Ann", changes={"category": "statement"}, seen_version=1)
    edited = item_with(eng, AURUS)
    assert (edited["review_status"], edited["category"], edited["reviewed_by"]) == (
        "edited",
        "statement",
        "Ann",
    )
    assert tags(eng, aurus["item_id"]) == set()  # tags follow the corrected values
    assert "statement" in edited["summary"].lower() or edited["summary"] != aurus["summary"]

    decide(eng, ref, aurus["item_id"], "undone", "Ann")
    back = item_with(eng, AURUS)
    assert (back["review_status"], back["category"]) == ("accepted", "luxury_goods_transfer")
    assert "UNSCR-2094-AnnexIV" in tags(eng, aurus["item_id"])
    verdicts = [h["verdict"] for h in history(eng, aurus["item_id"])]
    assert verdicts == ["accepted", "edited", "undone"]
    truth = {r["item_id"]: r["review_status"] for r in reviewed_items(eng)}
    assert truth == {aurus["item_id"]: "accepted", gift["item_id"]: "rejected"}


def test_a_decision_on_a_stale_view_is_refused_and_nothing_is_lost(eng: Engine, ref: Reference) -> None:
    aurus = item_with(eng, AURUS)
    seen = aurus["review_version"]
    decide(eng, ref, aurus["item_id"], "accepted", "Ann", seen_version=seen)
    with pytest.raises(StaleReview, match="reload"):
        decide(eng, ref, aurus["item_id"], "rejected", "Bob", seen_version=seen)
    assert ledger_size(eng) == 1 and item_with(eng, AURUS)["review_status"] == "accepted"


def test_two_sessions_deciding_at_once_store_one_decision(eng: Engine, ref: Reference) -> None:
    """The second insert on the same view fails on the ledger's key, even without the version check."""
    aurus = item_with(eng, AURUS)
    row = {
        "subject_id": aurus["item_id"],
        "supersedes": 0,
        "item_id": aurus["item_id"],
        "doc_id": aurus["doc_id"],
        "verdict": "accepted",
        "changes": "{}",
        "quote": aurus["quote"],
        "char_start": aurus["char_start"],
        "char_end": aurus["char_end"],
        "doc_sha256": "0" * 64,
        "reviewer": "Bob",
        "reviewed_at": store.utcnow(),
    }
    decide(eng, ref, aurus["item_id"], "accepted", "Ann", seen_version=0)
    with pytest.raises(sa.exc.IntegrityError), store.write_transaction(eng) as conn:
        conn.execute(sa.insert(store.reviews).values(**row))
    assert ledger_size(eng) == 1


def test_reviews_follow_their_quotes_when_the_document_changes(
    eng: Engine, ref: Reference, sources: Path
) -> None:
    aurus, seoul = item_with(eng, AURUS), item_with(eng, SEOUL)
    decide(eng, ref, aurus["item_id"], "edited", "Ann", changes={"status": "alleged"})
    decide(eng, ref, seoul["item_id"], "rejected", "Bob")
    text = (sources / NOTE).read_text()
    quote = "the Kremlin no longer feels bound by restrictions it once voted for"
    added = add_item(
        eng, ref, aurus["doc_id"], quote, {"category": "statement", "from_actor_id": "RUS"}, "Ann"
    )
    # An editor adds a paragraph at the top and drops Seoul's sentence: offsets and ids change.
    head, body = text.split("---\n", 2)[1:]
    body = "Analysts in Seoul followed the story closely.\n\n" + body.replace(SEOUL, "Officials objected")
    (sources / NOTE).write_text(f"---\n{head}---\n{body}")
    result = run_refresh(load_settings())
    assert result.status == "succeeded" and result.documents_changed == 1
    assert ledger_size(eng) == 3  # the refresh rewrote no decision
    moved = item_with(eng, AURUS)
    assert moved["item_id"] != aurus["item_id"] and moved["char_start"] > aurus["char_start"]
    assert (moved["review_status"], moved["status"]) == ("edited", "alleged")
    new_text = (sources / NOTE).read_text().split("---\n", 2)[2]
    mine = next(i for i in current(eng) if i["item_id"] == added.item_id)
    assert new_text[mine["char_start"] : mine["char_end"]] == quote
    orphans = orphaned_reviews(eng)
    assert [(o["item_id"], o["review_status"]) for o in orphans] == [(seoul["item_id"], "rejected")]
    assert "no longer in the document" in orphans[0]["orphan_reason"]
    assert [h["verdict"] for h in history(eng, moved["item_id"])] == ["edited"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"quote": "x"}, "cannot be edited"),
        ({"category": "arms_sale"}, "unknown value 'arms_sale' for category"),
        ({"from_actor_id": "ATL"}, "unknown value 'ATL' for from_actor_id"),
        ({"date_start": "2024-13-01"}, "not a date"),
        ({"date_start": "2024-03-01", "date_end": "2024-02-01"}, "after date_end"),
    ],
)
def test_bad_edits_are_refused_and_nothing_is_stored(
    eng: Engine, ref: Reference, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidData, match=message):
        decide(eng, ref, item_with(eng, AURUS)["item_id"], "edited", "Ann", changes=changes)
    assert ledger_size(eng) == 0


def test_unknown_items_documents_and_quotes_are_refused(eng: Engine, ref: Reference) -> None:
    doc_id = item_with(eng, AURUS)["doc_id"]
    with pytest.raises(InvalidData, match="unknown item"):
        decide(eng, ref, "no-such-item", "accepted", "Ann")
    with pytest.raises(InvalidData, match="unknown document"):
        add_item(eng, ref, "no-such-doc", "anything", {"category": "statement"}, "Ann")
    with pytest.raises(InvalidData, match="quote not found"):
        add_item(eng, ref, doc_id, "words the note never says", {"category": "statement"}, "Ann")
    assert ledger_size(eng) == 0


def _items_current(engine: Engine) -> list[tuple[Any, ...]]:
    columns = [c for c in store.items_current.c if c.name != "reviewed_at"]
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(sa.select(*columns)))


@pytest.fixture
def empty_store_url(backend: str, tmp_path: Path) -> Any:
    """A second, empty store on the same backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'other' / 'monitor.sqlite'}"
        return
    base = sa.make_url(os.environ["MONITOR_TEST_PG_URL"])
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


def test_export_then_import_into_an_empty_store_gives_the_same_items_current(
    eng: Engine, ref: Reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty_store_url: str
) -> None:
    from etl.review import export_reviews, import_reviews

    aurus, gift = item_with(eng, AURUS), item_with(eng, GIFT)
    decide(eng, ref, aurus["item_id"], "edited", "Ann", changes={"quantity": "1", "quantity_unit": ""})
    decide(eng, ref, gift["item_id"], "rejected", "Bob", note="a signal, not a transfer")
    decide(eng, ref, gift["item_id"], "undone", "Bob")
    decide(eng, ref, gift["item_id"], "rejected", "Ann")
    add_item(eng, ref, aurus["doc_id"], "This is the first Aurus known", {"category": "statement"}, "Ann")
    path = tmp_path / "reviews.yaml"
    assert export_reviews(eng, path) == 5
    monkeypatch.setenv("MONITOR_DB_URL", empty_store_url)
    monkeypatch.setenv("MONITOR_DATA_DIR", str(tmp_path / "other"))
    other_settings = load_settings()
    assert run_refresh(other_settings).status == "succeeded"
    other = store.make_engine(other_settings)
    assert import_reviews(other, ref, path) == (5, 0)
    assert _items_current(other) == _items_current(eng)
    assert import_reviews(other, ref, path) == (0, 5)  # a second import stores nothing twice
    other.dispose()


def test_two_analysts_deciding_at_the_same_instant_store_one_decision(eng: Engine, ref: Reference) -> None:
    aurus = item_with(eng, AURUS)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def analyst(verdict: str) -> None:
        start.wait()
        try:
            decide(eng, ref, aurus["item_id"], verdict, verdict, seen_version=0)
            outcomes.append("stored")
        except StaleReview:
            outcomes.append("refused")

    threads = [threading.Thread(target=analyst, args=(v,)) for v in ("accepted", "rejected")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert ledger_size(eng) == 1


def test_an_invalid_import_names_the_line_and_stores_nothing(
    eng: Engine, ref: Reference, tmp_path: Path
) -> None:
    from etl.review import import_reviews

    aurus = item_with(eng, AURUS)
    good = {k: aurus[k] for k in ("item_id", "doc_id", "quote", "char_start", "char_end")}
    entries = [
        {
            **good,
            "subject_id": aurus["item_id"],
            "verdict": "accepted",
            "reviewer": "Ann",
            "reviewed_at": "2025-01-01T10:00:00+00:00",
        },
        {
            **good,
            "subject_id": aurus["item_id"],
            "verdict": "edited",
            "reviewer": "Ann",
            "reviewed_at": "2025-01-01T11:00:00+00:00",
            "changes": {"status": ["reported", "rumoured"]},
        },
    ]
    import yaml

    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"reviews": entries}, sort_keys=False))
    with pytest.raises(InvalidData) as caught:
        import_reviews(eng, ref, path)
    assert len(caught.value.problems) == 1 and f"{path}:" in caught.value.problems[0]
    assert "unknown value 'rumoured' for status" in caught.value.problems[0]
    assert ledger_size(eng) == 0
