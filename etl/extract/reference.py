"""Load the reference YAML (actors, goods, cues, measures) once and compile its word lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from etl.contract import CATEGORIES, STATUSES, Category, Status
from etl.errors import ConfigError
from etl.extract.dates import DATES_FILE, DateWords, load_date_words
from etl.extract.fingerprint import fingerprint_of, read_reference_files
from etl.extract.phrases import expand_lists
from etl.extract.reference_keys import unread_lookups
from etl.yaml_io import read_yaml

T = TypeVar("T", bound=str)


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    kind: str
    country_iso3: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    measure_id: str
    regime: str
    instrument: str
    provision: str
    adopted_on: date | None
    in_force_from: date | None
    in_force_to: date | None
    summary: str
    source_url: str | None
    provision_confidence: str
    rule: dict[str, Any]
    rationale: str


@dataclass(frozen=True)
class Reference:
    """Everything the extractor and the tagger need, compiled for fast matching."""

    actors: dict[str, Actor]
    alias_to_actor: dict[str, str]
    actor_pattern: re.Pattern[str]
    # An actor named right after a hyphen that follows another ("the DPRK-Russia partnership").
    actor_after_hyphen: re.Pattern[str]
    goods_category: dict[str, Category]
    goods_hs_chapter: dict[str, int | None]
    goods_generic: dict[str, frozenset[str]]
    goods_implying_transfer: frozenset[str]  # classes whose mention abroad is a transfer ("troops in Kursk")
    goods_absorbing: frozenset[str]  # classes whose terms make goods named before them a modifier
    term_to_goods: dict[str, str]
    goods_acronyms: frozenset[str]  # terms written with capitals ("SRBM", "KN-23"), lower-cased
    goods_pattern: re.Pattern[str]
    quantity_units: dict[str, str]
    family_makers: dict[str, str]  # a weapon family's name, lower-cased → the state that makes it
    cue_patterns: dict[str, re.Pattern[str]]
    # The same groups, lower-cased and case-sensitive, for scanning a lower-cased sentence (faster than
    # a case-insensitive search of the sentence as written).
    cue_scan_patterns: dict[str, re.Pattern[str]]
    status_patterns: tuple[tuple[Status, re.Pattern[str]], ...]
    cue_words: dict[str, tuple[str, ...]]  # each cue group's words, for grammar regexes built on them
    # Per cue group, its phrases' lower-cased first words (None if any has none): a regex prefilter.
    cue_first_words: dict[str, frozenset[str] | None]
    title_words: frozenset[str]
    core_actors: frozenset[str]
    third_parties: frozenset[str]
    attack_targets: frozenset[str]  # states only ever the target of the weapons, never a transfer party
    target_attackers: dict[str, str]  # attack target -> the state whose weapons strike it
    regime_of: dict[str, str]  # a sanctions body → the state its regime targets
    # Per group of publishers: (publisher pattern, exceptions pattern, alias → actor in their texts).
    publisher_aliases: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, str]], ...]
    confidence_evidence: dict[str, float]  # confidence gained (+) or lost (-) per piece of evidence
    measures: tuple[Measure, ...]
    summaries: dict[str, str]
    category_labels: dict[str, str]
    date_words: DateWords
    unread: tuple[str, ...]  # lookups in the reference data that nothing reads
    fingerprint: str


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """The words as one regex, built as a prefix tree (far faster to match than a flat alternation of a
    hundred words) that prefers the longest word; spaces match any run of spaces, a trailing * any ending
    ("violat*")."""
    trie: dict[str, Any] = {}
    for word in {w for w in words if w}:
        node = trie
        for token in _tokens(word):
            node = node.setdefault(token, {})
        node[""] = {}
    return _trie_regex(trie)


def _tokens(word: str) -> list[str]:
    body, wild = (word[:-1], True) if word.endswith("*") else (word, False)
    tokens = [r"\s+" if ch == " " else re.escape(ch) for ch in body]
    return tokens + ([r"\w*"] if wild else [])


def _trie_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [token + _trie_regex(child) for token, child in sorted(node.items()) if token]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    if len(branches) == 1 and not ends:
        return body
    return body + ("?" if ends else "")


_FIRST_WORD = re.compile(r"[a-z0-9]+")


def first_words(phrases: list[str]) -> frozenset[str] | None:
    """The first word of each phrase, lower-cased; None when a phrase has none ("n't", "violat*")."""
    firsts = set()
    for phrase in phrases:
        lowered = str(phrase).lower()
        word = _FIRST_WORD.match(lowered)
        if word is None or lowered[word.end() : word.end() + 1] not in ("", " "):
            return None
        firsts.add(word.group(0))
    return frozenset(firsts)


@cache
def ends_with_word(words: tuple[str, ...], optional_adverb: bool = False) -> re.Pattern[str]:
    """Text ending with one of the words, the word its group 1 ("were shipped" before "shipped"; "the"
    before "transfer"); with optional_adverb, an adverb may follow it ("is also sanctioning")."""
    adverb = r"(?:(?:also|now|today|\w+ly)\s+)?" if optional_adverb else ""
    return re.compile(rf"\b({alternation(words)})\s+{adverb}$", re.IGNORECASE)


def words_pattern(
    words: list[str],
    case_sensitive: bool = False,
    plural: bool = False,
    compounds: tuple[str, ...] = (),
) -> re.Pattern[str]:
    """One alternation matching any of the words as whole words, longest first. With compounds, a word
    may head a hyphenated compound with one of them ("DPRK-supplied", "Russian-made")."""
    suffix = r"(?:e?s)?" if plural else ""
    after = rf"(?!\w)(?!-(?!(?:{alternation(compounds)})\b))" if compounds else r"(?![\w-])"
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{alternation(words)}){suffix}{after}", flags)


def _measure(entry: dict[str, Any]) -> Measure:
    def day(key: str) -> date | None:
        value = entry.get(key)
        return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))

    return Measure(
        measure_id=entry["measure_id"],
        regime=entry["regime"],
        instrument=entry["instrument"],
        provision=entry["provision"],
        adopted_on=day("adopted_on"),
        in_force_from=day("in_force_from"),
        in_force_to=day("in_force_to"),
        summary=" ".join(str(entry["summary"]).split()),
        source_url=entry.get("source_url"),
        provision_confidence=entry.get("provision_confidence", "unverified"),
        rule=entry.get("applies_to") or {},
        rationale=" ".join(str(entry.get("rationale", "")).split()),
    )


def _date_words(reference_dir: Path) -> DateWords:
    """This folder's date vocabulary, or the bundled one when the folder has no dates.yml."""
    path = reference_dir / "dates.yml"
    return load_date_words(path if path.exists() else DATES_FILE)


# Cue groups that are sets of actor ids or plain words, not patterns to match.
_NOT_PATTERNS = frozenset(
    {"core_actors", "third_parties", "third_party_partner", "support_link_states", "attack_targets"}
    | {"resolution_body"}
    | {"passive_bodies", "title_words", "status_cues", "speaker_nouns", "general_addressees"}
)


def _read_files(reference_dir: Path) -> tuple[dict[str, Any], str]:
    """Each reference file parsed, and a fingerprint of their bytes and the extractor version."""
    if not reference_dir.is_dir():
        raise ConfigError(f"Reference folder {reference_dir} does not exist.")
    # Each file is read once: its bytes feed both the fingerprint and the parser.
    raw = read_reference_files(reference_dir)
    names = ("actors.yml", "goods.yml", "cues.yml", "measures.yml", "summaries.yml")
    docs = {name: read_yaml(reference_dir / name, raw.get(name)) for name in names}
    return docs, fingerprint_of(raw)


def _actors(actors_doc: dict[str, Any]) -> tuple[dict[str, Actor], dict[str, str]]:
    actors = {
        a["actor_id"]: Actor(a["actor_id"], a["name"], a["kind"], a.get("country_iso3"), tuple(a["aliases"]))
        for a in actors_doc["actors"]
    }
    alias_to_actor = {alias: a.actor_id for a in actors.values() for alias in a.aliases}
    # "the North" also opens a sentence as "The North".
    alias_to_actor |= {"T" + a[1:]: actor for a, actor in alias_to_actor.items() if a.startswith("the ")}
    return actors, alias_to_actor


def _publisher_aliases(
    actors_doc: dict[str, Any], actors: dict[str, Actor]
) -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, str]], ...]:
    groups = []
    for group in actors_doc.get("publisher_aliases") or []:
        aliases = {str(alias): str(actor) for alias, actor in group["aliases"].items()}
        unknown = sorted(set(aliases.values()) - set(actors))
        if unknown:
            raise ValueError(f"publisher_aliases name unknown actors: {', '.join(unknown)}")
        exceptions = group.get("except") or []
        excepted = words_pattern(exceptions, case_sensitive=True) if exceptions else None
        groups.append((words_pattern(group["publishers"], case_sensitive=True), excepted, aliases))
    return tuple(groups)


def aliases_of_publisher(ref: Reference, publisher: str | None) -> dict[str, str]:
    """The names that stand for another actor in this publisher's texts ("the Council" in a release of
    the Council of the EU), alias → actor."""
    found: dict[str, str] = {}
    for publishers, exceptions, aliases in ref.publisher_aliases:
        if publisher and publishers.search(publisher) and not (exceptions and exceptions.search(publisher)):
            found |= aliases
    return found


def _one_of(allowed: tuple[T, ...], value: object) -> T:
    """value as one of the contract's values, or ValueError naming it."""
    for known in allowed:
        if value == known:
            return known
    raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")


def _phrases(spec: dict[str, Any]) -> list[str]:
    """A class's terms written as phrases: each head after a modifier, alone or joined to one more word
    ("technical assistance", "technical and military insights")."""
    phrases = spec.get("phrases") or {}
    modifiers, joined, heads = (phrases.get(k, []) for k in ("modifiers", "joined", "heads"))
    alone = [f"{m} {h}" for m in modifiers for h in heads]
    pairs = [f"{m} {c} {j}" for m in modifiers for c in ("and", "or") for j in joined]
    return alone + [f"{p} {h}" for p in pairs for h in heads]


def _goods(goods_doc: dict[str, Any]) -> dict[str, Any]:
    classes = goods_doc["goods_classes"]
    term_to_goods = {
        term.lower(): cls for cls, spec in classes.items() for term in spec["terms"] + _phrases(spec)
    }
    return {
        "goods_category": {cls: _one_of(CATEGORIES, spec["category"]) for cls, spec in classes.items()},
        "goods_hs_chapter": {cls: spec.get("hs_chapter") for cls, spec in classes.items()},
        "goods_implying_transfer": frozenset(
            cls for cls, spec in classes.items() if spec.get("implies_transfer")
        ),
        "goods_absorbing": frozenset(cls for cls, spec in classes.items() if spec.get("absorbs_modifiers")),
        "goods_generic": {
            cls: frozenset(spec["generic_for"]) for cls, spec in classes.items() if spec.get("generic_for")
        },
        "term_to_goods": term_to_goods,
        "goods_acronyms": frozenset(
            t.lower() for spec in classes.values() for t in spec["terms"] if t.lower() != t
        ),
        "goods_pattern": words_pattern(list(term_to_goods), plural=True),
        "quantity_units": {k.lower(): v for k, v in goods_doc["quantity_units"].items()},
        "family_makers": {str(k).lower(): str(v) for k, v in goods_doc["family_makers"].items()},
    }


def _cues(written: dict[str, Any]) -> dict[str, Any]:
    cues = expand_lists(written)
    return {
        "cue_patterns": {
            name: words_pattern(values)
            for name, values in cues.items()
            if isinstance(values, list) and name not in _NOT_PATTERNS
        },
        "cue_scan_patterns": {
            name: words_pattern([str(v).lower() for v in values], case_sensitive=True)
            for name, values in cues.items()
            if isinstance(values, list) and name not in _NOT_PATTERNS
        },
        "status_patterns": tuple(
            (_one_of(STATUSES, status), words_pattern(words)) for status, words in cues["status_cues"].items()
        ),
        "cue_words": {name: tuple(values) for name, values in cues.items() if isinstance(values, list)},
        "cue_first_words": {
            name: first_words(values)
            for name, values in cues.items()
            if isinstance(values, list) and name not in _NOT_PATTERNS
        },
        "title_words": frozenset(w.lower() for w in cues["title_words"]),
        "core_actors": frozenset(cues["core_actors"]),
        "third_parties": frozenset(cues["third_parties"]),
        "attack_targets": frozenset(cues["attack_targets"]),
        "target_attackers": {str(k): str(v) for k, v in cues["target_attackers"].items()},
        "regime_of": {str(k): str(v) for k, v in cues["regime_targets"].items()},
        "confidence_evidence": {str(k): float(v) for k, v in cues["confidence_evidence"].items()},
    }


def load_reference(reference_dir: Path) -> Reference:
    """Read and compile the reference folder; raise ConfigError naming a missing or broken file."""
    docs, fingerprint = _read_files(reference_dir)
    try:
        actors, alias_to_actor = _actors(docs["actors.yml"])
        cues = docs["cues.yml"]
        # "DPRK-supplied", "Russian-made", and one actor joined to another ("DPRK-Russia cooperation").
        compounds = tuple(
            cues["supplier_compounds"]
            + cues["origin_compounds"]
            + cues["state_compounds"]
            + list(alias_to_actor)
        )
        summaries_doc = docs["summaries.yml"]
        return Reference(
            actors=actors,
            alias_to_actor=alias_to_actor,
            actor_pattern=words_pattern(list(alias_to_actor), case_sensitive=True, compounds=compounds),
            actor_after_hyphen=re.compile(rf"-({alternation(list(alias_to_actor))})(?![\w-])"),
            publisher_aliases=_publisher_aliases(docs["actors.yml"], actors),
            **_goods(docs["goods.yml"]),
            **_cues(docs["cues.yml"]),
            measures=tuple(_measure(m) for m in docs["measures.yml"]["measures"]),
            summaries=summaries_doc["summaries"],
            category_labels=summaries_doc["category_labels"],
            date_words=_date_words(reference_dir),
            unread=unread_lookups(docs),
            fingerprint=fingerprint,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"Reference data in {reference_dir} is malformed: {exc!r}") from None
