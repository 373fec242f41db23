"""Load the reference YAML (actors, goods, cues, measures) once and compile its word lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from etl.errors import ConfigError
from etl.extract.dates import DATES_FILE, DateWords, load_date_words
from etl.extract.fingerprint import fingerprint_of, read_reference_files
from etl.yaml_io import read_yaml


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
    goods_category: dict[str, str]
    goods_hs_chapter: dict[str, int | None]
    goods_generic: dict[str, frozenset[str]]
    term_to_goods: dict[str, str]
    goods_pattern: re.Pattern[str]
    quantity_units: dict[str, str]
    cue_patterns: dict[str, re.Pattern[str]]
    status_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    title_words: frozenset[str]
    core_actors: frozenset[str]
    third_parties: frozenset[str]
    measures: tuple[Measure, ...]
    summaries: dict[str, str]
    category_labels: dict[str, str]
    date_words: DateWords
    fingerprint: str


# An actor may head a compound that names its role: "DPRK-supplied", "Russian-made".
_ACTOR_COMPOUNDS = (
    r"(?:supplied|provided|sourced|delivered|origin|made|built|produced|manufactured|designed)\b"
)


def words_pattern(
    words: list[str], case_sensitive: bool = False, plural: bool = False, compounds: bool = False
) -> re.Pattern[str]:
    """One alternation matching any of the words as whole words, longest first."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    suffix = r"(?:e?s)?" if plural else ""
    after = rf"(?!\w)(?!-(?!{_ACTOR_COMPOUNDS}))" if compounds else r"(?![\w-])"
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{body}){suffix}{after}", flags)


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


def load_reference(reference_dir: Path) -> Reference:
    """Read and compile the reference folder; raise ConfigError naming a missing or broken file."""
    if not reference_dir.is_dir():
        raise ConfigError(f"Reference folder {reference_dir} does not exist.")
    # Each file is read once: its bytes feed both the fingerprint and the parser.
    raw = read_reference_files(reference_dir)

    def parsed(name: str) -> Any:
        return read_yaml(reference_dir / name, raw.get(name))

    actors_doc = parsed("actors.yml")
    goods_doc = parsed("goods.yml")
    cues = parsed("cues.yml")
    measures_doc = parsed("measures.yml")
    summaries_doc = parsed("summaries.yml")
    try:
        actors = {
            a["actor_id"]: Actor(
                a["actor_id"], a["name"], a["kind"], a.get("country_iso3"), tuple(a["aliases"])
            )
            for a in actors_doc["actors"]
        }
        alias_to_actor = {alias: a.actor_id for a in actors.values() for alias in a.aliases}
        # "the North" also opens a sentence as "The North".
        alias_to_actor |= {
            "T" + alias[1:]: actor_id
            for alias, actor_id in alias_to_actor.items()
            if alias.startswith("the ")
        }
        term_to_goods = {
            term.lower(): cls for cls, spec in goods_doc["goods_classes"].items() for term in spec["terms"]
        }
        cue_patterns = {
            name: words_pattern(values)
            for name, values in cues.items()
            if isinstance(values, list) and name not in ("core_actors", "third_parties", "title_words")
        }
        status_patterns = tuple(
            (status, words_pattern(words)) for status, words in cues["status_cues"].items()
        )
        return Reference(
            actors=actors,
            alias_to_actor=alias_to_actor,
            actor_pattern=words_pattern(list(alias_to_actor), case_sensitive=True, compounds=True),
            goods_category={cls: spec["category"] for cls, spec in goods_doc["goods_classes"].items()},
            goods_hs_chapter={
                cls: spec.get("hs_chapter") for cls, spec in goods_doc["goods_classes"].items()
            },
            goods_generic={
                cls: frozenset(spec["generic_for"])
                for cls, spec in goods_doc["goods_classes"].items()
                if spec.get("generic_for")
            },
            term_to_goods=term_to_goods,
            goods_pattern=words_pattern(list(term_to_goods), plural=True),
            quantity_units={k.lower(): v for k, v in goods_doc["quantity_units"].items()},
            cue_patterns=cue_patterns,
            status_patterns=status_patterns,
            title_words=frozenset(w.lower() for w in cues["title_words"]),
            core_actors=frozenset(cues["core_actors"]),
            third_parties=frozenset(cues["third_parties"]),
            measures=tuple(_measure(m) for m in measures_doc["measures"]),
            summaries=summaries_doc["summaries"],
            category_labels=summaries_doc["category_labels"],
            date_words=_date_words(reference_dir),
            fingerprint=fingerprint_of(raw),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"Reference data in {reference_dir} is malformed: {exc!r}") from None
