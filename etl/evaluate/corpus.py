"""The labelled corpus: each text (`<stem>.md`, front matter and body) with its `<stem>.labels.yml`.

Labels are checked against the data contract as they are read; a broken file is an InvalidData error
that names the file and, where YAML or the item gives one, the line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from etl.contract import CATEGORIES, DATE_PRECISIONS, STATUSES
from etl.errors import ConfigError, InvalidData
from etl.sources import Document, DocumentError, SourceFile, parse

SPLITS = ("dev", "test")
LABELS_SUFFIX = ".labels.yml"
# The guide writes "directed"; the store calls the same thing "from_to".
_DIRECTIONS = {"directed": "from_to", "from_to": "from_to", "between": "between"}
_REQUIRED = ("quote", "category", "status", "date_precision")


@dataclass(frozen=True)
class GoldItem:
    """One hand-labelled item: its quote located in the body, and the values an analyst gave it."""

    text_id: str
    index: int
    line: int
    quote: str
    start: int
    end: int
    category: str
    from_actor_id: str | None
    to_actor_id: str | None
    direction: str
    goods_classes: tuple[str, ...]
    status: str
    date_start: date | None
    date_end: date | None
    date_precision: str
    note: str | None


@dataclass(frozen=True)
class CorpusText:
    """A labelled text: the source file as the refresh would see it, its parsed document, its labels."""

    split: str
    source: SourceFile
    document: Document
    meta: dict[str, Any]
    labels_path: Path
    gold: tuple[GoldItem, ...]

    @property
    def text_id(self) -> str:
        return self.source.doc_id


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping, so a bad item can be pointed at."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def split_folders(root: Path, split: str) -> list[tuple[str, Path]]:
    """The (split, folder) pairs to read; a missing folder is a ConfigError naming it."""
    if not root.is_dir():
        raise ConfigError(f"corpus folder {root} does not exist")
    names = SPLITS if split == "all" else (split,)
    folders = [(name, root / name) for name in names]
    missing = [str(folder) for _, folder in folders if not folder.is_dir()]
    if missing:
        raise ConfigError(f"corpus folder {missing[0]} does not exist")
    return folders


def load_corpus(root: Path, split: str = "dev") -> list[CorpusText]:
    """Every labelled text of the split ("dev", "test" or "all") under root, in name order."""
    texts = []
    for name, folder in split_folders(root, split):
        for path in sorted(folder.glob("*.md")):
            texts.append(load_text(path, name))
        for labels in sorted(folder.glob(f"*{LABELS_SUFFIX}")):
            if not labels.with_name(labels.name[: -len(LABELS_SUFFIX)] + ".md").is_file():
                raise InvalidData(
                    f"{labels}: labels without a text (expected {labels.stem[:-7]}.md beside it)"
                )
    return texts


def load_text(path: Path, split: str) -> CorpusText:
    """One text and its labels; InvalidData naming the file when either cannot be used."""
    raw = path.read_bytes()
    source = SourceFile(path.stem, path, hashlib.sha256(raw).hexdigest(), raw)
    try:
        document = parse(source, path.parent)
    except DocumentError as exc:
        raise InvalidData(f"{path}: {exc}") from None
    import frontmatter

    meta, _ = frontmatter.parse(raw.decode("utf-8"))
    labels_path = path.with_name(path.stem + LABELS_SUFFIX)
    gold = read_labels(labels_path, path.stem, document.text)
    return CorpusText(split, source, document, dict(meta), labels_path, gold)


def read_labels(path: Path, text_id: str, body: str) -> tuple[GoldItem, ...]:
    """The gold items of one labels file, each checked and located in body."""
    if not path.is_file():
        raise InvalidData(f"{path}: missing (every text needs a labels file, `items: []` when it has none)")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise InvalidData(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError:
        raise InvalidData(f"{path}: not UTF-8 text") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise InvalidData(f"{path}: expected a mapping with a list under 'items'")
    return tuple(_gold_item(path, text_id, index, entry, body) for index, entry in enumerate(data["items"]))


def _gold_item(path: Path, text_id: str, index: int, entry: Any, body: str) -> GoldItem:
    if not isinstance(entry, dict):
        raise InvalidData(f"{path}: item {index + 1} is not a mapping")
    line = int(entry.get("__line__", 0))

    def bad(message: str) -> InvalidData:
        return InvalidData(f"{path}:{line}: item {index + 1}: {message}")

    missing = [key for key in _REQUIRED if not entry.get(key)]
    if missing:
        raise bad(f"missing {', '.join(missing)}")
    quote = str(entry["quote"])
    start = body.find(quote)
    if start < 0:
        raise bad(f"quote not found in the text: {quote[:60]!r}")
    _check_value(bad, "category", entry["category"], CATEGORIES)
    _check_value(bad, "status", entry["status"], STATUSES)
    _check_value(bad, "date_precision", entry["date_precision"], DATE_PRECISIONS)
    direction = _DIRECTIONS.get(str(entry.get("direction") or "directed"))
    if direction is None:
        raise bad(f"direction must be directed or between, not {entry.get('direction')!r}")
    date_start, date_end = _date(bad, entry, "date_start"), _date(bad, entry, "date_end")
    _check_dates(bad, entry["date_precision"], date_start, date_end)
    goods = entry.get("goods_classes") or []
    if not isinstance(goods, list):
        raise bad("goods_classes must be a list")
    return GoldItem(
        text_id=text_id,
        index=index,
        line=line,
        quote=quote,
        start=start,
        end=start + len(quote),
        category=entry["category"],
        from_actor_id=_actor(entry.get("from")),
        to_actor_id=_actor(entry.get("to")),
        direction=direction,
        goods_classes=tuple(str(g) for g in goods),
        status=entry["status"],
        date_start=date_start,
        date_end=date_end,
        date_precision=entry["date_precision"],
        note=str(entry["note"]) if entry.get("note") else None,
    )


def _check_value(bad: Any, field: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise bad(f"{field} {value!r} is not one of {', '.join(allowed)}")


def _date(bad: Any, entry: dict[str, Any], field: str) -> date | None:
    value = entry.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise bad(f"{field} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _check_dates(bad: Any, precision: str, start: date | None, end: date | None) -> None:
    if precision == "unknown":
        if start is not None or end is not None:
            raise bad("date_precision unknown needs date_start and date_end null")
        return
    if start is None or end is None:
        raise bad(f"date_precision {precision} needs date_start and date_end")
    if end < start:
        raise bad(f"date_end {end} is before date_start {start}")


def _actor(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
