"""Discover source documents, parse their front matter, hash them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import frontmatter
import yaml

DOCUMENT_KINDS = ("article", "analyst_note", "statement")
SOURCE_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True)
class SourceFile:
    """A file found in the sources folder, hashed but not yet parsed."""

    doc_id: str
    path: Path
    sha256: str
    raw: bytes


@dataclass(frozen=True)
class Document:
    """A parsed source document: metadata from the front matter, the body as text."""

    doc_id: str
    title: str
    publisher: str | None
    url: str | None
    published_on: date | None
    updated_on: date | None
    kind: str
    sha256: str
    path: str
    text: str


class DocumentError(ValueError):
    """A source file that cannot be read as a document; it is skipped with this reason."""


def discover(sources_dir: Path) -> list[SourceFile]:
    """Every source file under sources_dir (README files excluded), with its content hash."""
    found = []
    for path in sorted(sources_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SOURCE_SUFFIXES:
            continue
        if path.stem.lower() == "readme" or path.name.startswith("."):
            continue
        raw = path.read_bytes()
        doc_id = path.relative_to(sources_dir).with_suffix("").as_posix().replace("/", "--")
        found.append(SourceFile(doc_id, path, hashlib.sha256(raw).hexdigest(), raw))
    return found


def _as_date(value: object, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DocumentError(
            f"front matter field '{field}' is not an ISO date (YYYY-MM-DD): {value!r}"
        ) from None


def parse(source: SourceFile, relative_to: Path) -> Document:
    """Parse one source file; raise DocumentError saying why it cannot be used."""
    try:
        content = source.raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"not UTF-8 text (byte {exc.start}: {source.raw[exc.start : exc.start + 1]!r})"
        ) from None
    try:
        meta, body = frontmatter.parse(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DocumentError(f"broken front matter{where}: {getattr(exc, 'problem', exc)}") from None
    if not body.strip():
        raise DocumentError("the document has no text")
    kind = str(meta.get("kind") or "article")
    if kind not in DOCUMENT_KINDS:
        raise DocumentError(f"front matter 'kind' must be one of {', '.join(DOCUMENT_KINDS)}, not {kind!r}")
    title = str(meta.get("title") or "").strip() or source.path.stem
    return Document(
        doc_id=source.doc_id,
        title=title,
        publisher=_optional_str(meta.get("publisher")),
        url=_optional_str(meta.get("url")),
        published_on=_as_date(meta.get("published"), "published"),
        updated_on=_as_date(meta.get("updated"), "updated"),
        kind=kind,
        sha256=source.sha256,
        path=source.path.relative_to(relative_to).as_posix()
        if source.path.is_relative_to(relative_to)
        else source.path.name,
        text=body,
    )


def _optional_str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
