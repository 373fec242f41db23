"""`python -m etl evaluate`: matching, metrics and error classes on a synthetic fixture; the real corpus
is valid (every label parses, every quote stands in its text, every text is cited)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from etl import store
from etl.cli.app import app
from etl.evaluate import classify as c
from etl.evaluate.agreement import second_labelling
from etl.evaluate.corpus import CorpusText, load_corpus
from etl.evaluate.metrics import reliability, score
from etl.evaluate.predict import Predicted
from etl.extract.reference import load_reference
from etl.pipeline import run_refresh
from etl.review import add_item, decide
from etl.settings import PROJECT_ROOT, Settings, load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SYNTHETIC = FIXTURES / "eval"
CORPUS = FIXTURES / "corpus"
runner = CliRunner()


def _texts() -> dict[str, CorpusText]:
    return {t.text_id[:18]: t for t in load_corpus(SYNTHETIC, "all")}


def _pred(
    text: CorpusText, sentence: str, category: str, parties: str, confidence: float, **row: Any
) -> Predicted:
    """A prediction on the line of text that starts with sentence; parties as 'PRK>RUS' or 'PRK-RUS'."""
    body = text.document.text
    start = body.index(sentence)
    end = body.find("\n", start)
    between = "-" in parties
    first, second = parties.split("-" if between else ">")
    values = {
        "category": category,
        "from_actor_id": first or None,
        "to_actor_id": second or None,
        "direction": "between" if between else "from_to",
        "status": "reported",
        "date_start": None,
        "date_end": None,
        "date_precision": "unknown",
        "date_text": None,
        "quote": body[start:end],
        "char_start": start,
        "char_end": end,
        "confidence": confidence,
    }
    return Predicted(text.text_id, 0, {**values, **row})


@pytest.fixture
def case() -> tuple[list[CorpusText], dict[str, Predicted]]:
    """The two synthetic texts and hand-made predictions, one per behaviour the report must show."""
    texts = _texts()
    a, b = texts["synthetic-2024-01-"], texts["synthetic-2024-11-"]
    month = {"date_start": date(2023, 12, 1), "date_end": date(2023, 12, 31), "date_precision": "month"}
    preds = {
        "right": _pred(a, "North Korea shipped", "arms_transfer", "PRK>RUS", 0.8, **month),
        "reporter": _pred(a, "North Korea shipped", "arms_transfer", "USA>RUS", 0.6),
        # Undated statement placed in the publication month: right for a gold item with no date.
        "low": _pred(
            a,
            "The United States",
            "statement",
            "USA>PRK",
            0.3,
            date_start=date(2024, 1, 1),
            date_end=date(2024, 1, 31),
            date_precision="month",
        ),
        "headline": _pred(a, "Shells shipped", "arms_transfer", "PRK>RUS", 0.7),
        "one_way": _pred(
            a,
            "Officials said",
            "summit_or_visit",
            "RUS>PRK",
            0.7,
            status="alleged",
            date_start=date(2024, 1, 10),
            date_end=date(2024, 1, 10),
            date_precision="day",
        ),
        "twin": _pred(a, "North Korea shipped", "arms_transfer", "PRK>RUS", 0.6),
        "category": _pred(b, "Iran also", "third_party_link", "IRN>RUS", 0.9),
        "troops": _pred(
            b,
            "Pyongyang sent",
            "troop_deployment",
            "PRK>RUS",
            0.7,
            date_start=date(2024, 10, 1),
            date_end=date(2024, 10, 31),
            date_precision="month",
        ),
        "parties": _pred(b, "Pyongyang sent", "troop_deployment", "KOR>RUS", 0.55),
        "rifles": _pred(b, "Belarus and Iran", "arms_transfer", "BLR>RUS", 0.75),
        "weather": _pred(b, "The weather", "arms_transfer", "PRK>RUS", 0.6),
    }
    return list(texts.values()), preds


def test_precision_recall_and_f1_count_one_to_one_matches_at_the_floor(case: Any) -> None:
    texts, preds = case
    at_floor = score(texts, list(preds.values()), 0.5)
    overall = at_floor.counts["overall"]
    assert (overall.gold, overall.predicted, overall.matched) == (8, 10, 4)
    assert overall.precision == pytest.approx(0.4) and overall.recall == pytest.approx(0.5)
    assert overall.f1 == pytest.approx(4 / 9)
    arms = at_floor.counts["arms_transfer"]
    assert (arms.gold, arms.predicted, arms.matched) == (4, 6, 2)
    every = score(texts, list(preds.values()), 0.0).counts["overall"]
    assert (every.predicted, every.matched) == (11, 5)


def test_ties_in_one_sentence_go_to_the_prediction_with_the_right_parties(case: Any) -> None:
    texts, preds = case
    at_floor = score(texts, [preds["reporter"], preds["right"], preds["twin"]], 0.5)
    [(gold, pred)] = at_floor.pairs
    assert (gold.from_actor_id, pred.row["from_actor_id"]) == ("PRK", "PRK")
    assert pred is preds["right"]


def test_direction_dates_and_status_are_scored_on_matched_items(case: Any) -> None:
    texts, preds = case
    accuracy = score(texts, list(preds.values()), 0.5).accuracy
    # one_way: a summit labelled `between` read as RUS -> PRK, with a made-up day; troops: status wrong.
    assert (accuracy["direction"].right, accuracy["direction"].total) == (3, 4)
    assert (accuracy["direction_transfers"].right, accuracy["direction_transfers"].total) == (3, 3)
    assert (accuracy["dates"].right, accuracy["dates"].total) == (3, 4)
    assert (accuracy["status"].right, accuracy["status"].total) == (3, 4)
    every = score(texts, list(preds.values()), 0.0).accuracy
    assert (every["dates"].right, every["dates"].total) == (4, 5)  # the publication-month default counts


def test_every_miss_and_false_item_gets_its_error_class(case: Any) -> None:
    texts, preds = case
    every = list(preds.values())
    at_floor = score(texts, every, 0.5)
    classes = c.classify(texts, every, at_floor)
    misses = {g.quote.split()[0] + " " + g.category: classes[id(g)] for g in at_floor.misses}
    assert misses == {
        "The statement": c.BELOW_FLOOR,
        "Iran arms_transfer": c.WRONG_CATEGORY,  # 'Iran also supplied drones', read as a link
        "Belarus arms_transfer": c.TAKEN,  # two suppliers in one sentence, one candidate
        "Russia commodity_transfer": c.NO_CANDIDATE,
    }
    false = {name: classes[id(p)] for name, p in preds.items() if p in at_floor.false}
    assert false == {
        "reporter": c.REPORTER,
        "headline": c.NON_STORY,
        "twin": c.DUPLICATE,
        "category": c.WRONG_CATEGORY,
        "parties": c.WRONG_PARTIES,
        "weather": c.SPURIOUS,
    }


def test_reliability_bands_count_items_and_the_share_right(case: Any) -> None:
    texts, preds = case
    bands = {f"{b.low}-{b.high}": b for b in reliability(score(texts, list(preds.values()), 0.0))}
    assert sum(b.items for b in bands.values()) == 11
    assert (bands["0.3-0.5"].items, bands["0.3-0.5"].right) == (1, 1)
    assert (bands["0.5-0.7"].items, bands["0.5-0.7"].matched) == (4, 0)  # reporter, twin, parties, weather
    # 0.7-0.9: right, troops and rifles; one_way matched the wrong way round; headline false.
    band = bands["0.7-0.9"]
    assert (band.items, band.matched, band.right) == (5, 4, 3) and band.share_right == pytest.approx(0.6)
    assert bands["0.9-1.0"].items == 1 and bands["0.9-1.0"].share_right == 0.0


def test_the_command_runs_the_extractor_and_reports_every_figure_as_json() -> None:
    result = runner.invoke(app, ["evaluate", str(SYNTHETIC), "--split", "all", "--json", "--details"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["texts"], payload["gold_items"]) == (2, 8)
    for scoring in (payload["at_min_confidence"], payload["all_candidates"]):
        overall = scoring["overall"]
        assert overall["gold"] == 8 and overall["matched"] <= overall["predicted"]
        assert sum(scoring["misses_by_class"].values()) == 8 - overall["matched"]
        assert sum(scoring["false_by_class"].values()) == overall["predicted"] - overall["matched"]
    details = payload["details"]
    assert len(details["misses"]) == 8 - payload["at_min_confidence"]["overall"]["matched"]
    assert all(m["class"] in c.MISS_CLASSES for m in details["misses"])
    assert all(f["class"] in c.FALSE_CLASSES for f in details["false"])
    assert [b["band"] for b in payload["reliability"]] == [
        "0.0-0.3",
        "0.3-0.5",
        "0.5-0.7",
        "0.7-0.9",
        "0.9-1.0",
    ]


def test_the_split_option_picks_the_half(case: Any) -> None:
    result = runner.invoke(app, ["evaluate", str(SYNTHETIC), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["gold_items"] == 4  # dev only
    text = runner.invoke(app, ["evaluate", str(SYNTHETIC), "--split", "test", "--details"])
    assert text.exit_code == 0 and "Evaluation of 1 texts (test split" in text.stdout
    assert "Missed (" in text.stdout and "False (" in text.stdout


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(SYNTHETIC, root)
    labels = root / "dev" / "synthetic-2024-01-15-shells.labels.yml"
    labels.write_text(labels.read_text().replace(old, new, 1))
    return labels


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("category: statement", "category: opinion", ":13: item 2: category 'opinion' is not one of"),
        ("met in Vladivostok", "met in Moscow", ":23: item 3: quote not found in the text"),
        ("status: alleged", "status: [alleged", ":30:15: not valid YAML"),
        ("date_end: 2023-12-31", "date_end: 2023-11-30", ":3: item 1: date_end 2023-11-30 is before"),
    ],
)
def test_broken_label_data_is_one_line_naming_file_and_line_exit_65(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    labels = _broken(tmp_path, old, new)
    result = runner.invoke(app, ["evaluate", str(labels.parents[1])])
    assert result.exit_code == 65
    assert result.stderr.startswith(f"error: {labels}") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: corpus folder {tmp_path / 'nowhere'} does not exist"
    (tmp_path / "dev").mkdir()
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--split", "test"])
    assert result.exit_code == 1 and f"{tmp_path / 'test'} does not exist" in result.stderr


def test_every_corpus_text_is_labelled_validly_and_cited() -> None:
    texts = load_corpus(CORPUS, "all")  # raises on any label that breaks the contract or misquotes
    assert {t.split for t in texts} == {"dev", "test"}
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for text in texts:
        assert all(text.document.text[g.start : g.end] == g.quote for g in text.gold)
        for field in ("publisher", "url", "published", "licence"):
            assert text.meta.get(field), f"{text.source.path.name}: no {field}"
        assert f"`{text.text_id}`" in sources, f"{text.text_id} is not listed in SOURCES.md"
    # The second labelling parses and quotes its texts exactly too (second_labelling raises otherwise).
    second, _ = second_labelling(CORPUS, "all", CORPUS / "second-labels")
    assert len(second) == len(list((CORPUS / "second-labels").glob("*.labels.yml")))


NOTE = "note-2024-02-20-first-aurus-kim-yo-jong.md"


def test_reviews_score_the_extractor_accepted_and_edited_true_rejected_false(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(PROJECT_ROOT / "datasets" / "sources" / NOTE, sources / NOTE)
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(sources))
    assert run_refresh(load_settings()).status == "succeeded"
    engine = store.make_engine(load_settings())
    ref = load_reference(settings.reference_dir)
    with engine.connect() as conn:
        items = [dict(r) for r in conn.execute(sa.select(store.items).order_by("char_start")).mappings()]
        text = conn.execute(sa.select(store.documents.c.text)).scalar_one()
    first, second, third = items[0], items[1], next(i for i in items[2:] if i["quote"] != items[1]["quote"])
    decide(engine, ref, first["item_id"], "accepted", "Ann")
    decide(engine, ref, second["item_id"], "rejected", "Ann")
    other = next(a for a in ("JPN", "CHN", "IRN") if a not in (third["from_actor_id"], third["to_actor_id"]))
    decide(engine, ref, third["item_id"], "edited", "Ann", changes={"to_actor_id": other})
    # An item the extractor missed: the text after its last item, where it has no candidate at all.
    tail = text[max(i["char_end"] for i in items) :].strip().split("\n")[0][:40]
    add_item(engine, ref, first["doc_id"], tail, {"category": "statement", "from_actor_id": "RUS"}, "Ann")
    engine.dispose()

    result = runner.invoke(app, ["evaluate", "--reviews", "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["by_review_status"] == {"accepted": 1, "edited": 1, "added": 1, "rejected": 1}
    every = payload["all_candidates"]
    assert (every["true_items"], every["matched"], every["rejected_repeated"]) == (3, 2, 1)
    assert every["precision"] == pytest.approx(2 / 3, abs=0.001)
    assert every["recall"] == pytest.approx(2 / 3, abs=0.001)
    assert every["accuracy"]["direction"] == {"right": 1, "total": 2, "share": 0.5}  # the edit changed it
    assert every["unjudged"] == len(items) - 3
    text_report = runner.invoke(app, ["evaluate", "--reviews"])
    assert text_report.exit_code == 0 and "1 rejected items repeated" in text_report.stdout


def test_evaluate_needs_a_folder_or_reviews() -> None:
    result = runner.invoke(app, ["evaluate"])
    assert result.exit_code == 2


def test_a_second_labelling_is_scored_against_the_corpus_labels_beside_the_extractor(tmp_path: Path) -> None:
    """A second labeller who leaves out one item and calls another alleged: 3 of 4 found, status 2/3."""
    second = tmp_path / "second"
    second.mkdir()
    labels = (SYNTHETIC / "dev" / "synthetic-2024-01-15-shells.labels.yml").read_text()
    labels = labels.replace("status: reported", "status: alleged", 1)
    labels = labels[: labels.index('  - quote: "Russia sent oil')]  # the last item left out
    (second / "synthetic-2024-01-15-shells.labels.yml").write_text(labels)
    result = runner.invoke(
        app, ["evaluate", str(SYNTHETIC), "--split", "all", "--second-labels", str(second), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    payloads = json.loads(result.stdout)
    assert list(payloads) == ["second labeller", "extractor"]
    labeller, extractor = payloads["second labeller"], payloads["extractor"]
    assert labeller["texts"] == extractor["texts"] == 1  # only the texts the second labeller labelled
    overall = labeller["at_min_confidence"]["overall"]
    assert (overall["gold"], overall["predicted"], overall["matched"]) == (4, 3, 3)
    assert labeller["at_min_confidence"]["accuracy"]["status"] == {"right": 2, "total": 3, "share": 0.667}
    assert extractor["extraction_seconds"] is not None and labeller["extraction_seconds"] is None


def test_a_second_labelling_of_no_corpus_text_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(SYNTHETIC), "--second-labels", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"error: {tmp_path}: no labels for any text of the dev split of {SYNTHETIC}"
    )


def test_a_second_label_file_of_no_corpus_text_is_named_and_nothing_is_scored(tmp_path: Path) -> None:
    labels = (SYNTHETIC / "dev" / "synthetic-2024-01-15-shells.labels.yml").read_text()
    (tmp_path / "synthetic-2024-01-15-shells.labels.yml").write_text(labels)
    (tmp_path / "synthetic-2024-01-15-shels.labels.yml").write_text(labels)  # a typo in the name
    result = runner.invoke(app, ["evaluate", str(SYNTHETIC), "--second-labels", str(tmp_path)])
    assert result.exit_code == 65 and result.stdout == ""
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'synthetic-2024-01-15-shels.labels.yml'}: labels of no corpus text"
        " (no synthetic-2024-01-15-shels.md)"
    )


def test_second_labels_do_not_apply_to_reviews(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--reviews", "--second-labels", str(tmp_path)])
    assert result.exit_code == 2 and "--second-labels" in result.stderr
