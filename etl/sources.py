"""Discover source documents, parse their front matter, hash them."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from etl.yaml_io import YamlRefused, load_bounded_yaml

DOCUMENT_KINDS = ("article", "analyst_note", "statement")
SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
# Far above any article or report (a 400-page report is about 1 MB of text); a larger file is skipped
# with an issue instead of holding a refresh for minutes.
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A file found in the sources folder, hashed but not yet parsed.

    problem says why it cannot be read (it is then skipped with that reason); refused marks a link that
    leads out of the folder, which counts as absent, so a version stored before is removed.
    """

    doc_id: str
    path: Path
    sha256: str
    raw: bytes
    problem: str | None = None
    refused: bool = False


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
    # Set for documents from a feed, a page or an upload (see etl/feeds); None for the sources folder.
    origin: str | None = None
    fetched_at: datetime | None = None
    raw_sha256: str | None = None


class DocumentError(ValueError):
    """A source file that cannot be read as a document; it is skipped with this reason."""


def discover(sources_dir: Path) -> list[SourceFile]:
    """Every source file under sources_dir (README files excluded), with its content hash."""
    root = sources_dir.resolve()
    found = []
    for path in sorted(sources_dir.rglob("*")):
        if path.suffix.lower() not in SOURCE_SUFFIXES:
            continue
        if path.stem.lower() == "readme" or path.name.startswith("."):
            continue
        try:
            info: os.stat_result | None = path.lstat()  # one call answers "a folder?" and "a link?"
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            continue
        doc_id = path.relative_to(sources_dir).with_suffix("").as_posix().replace("/", "--")
        found.append(_read_source(doc_id, path, root, info))
    return found


def _read_source(doc_id: str, path: Path, root: Path, info: os.stat_result | None) -> SourceFile:
    """Read one listed file, or say why not; a link out of the folder is refused without being opened."""
    # rglob does not descend into linked folders, so only a linked file can lead outside; resolving and
    # statting every path again costs a refresh of thousands of unchanged files more than reading them.
    linked = info is None or stat.S_ISLNK(info.st_mode)
    target = path.resolve() if linked else path
    if linked and not target.is_relative_to(root):
        return SourceFile(doc_id, path, "", b"", "a link to a file outside the sources folder; refused", True)
    try:
        mode = target.stat().st_mode if linked or info is None else info.st_mode
        if not stat.S_ISREG(mode):  # a pipe or device would block or never end
            return SourceFile(doc_id, path, "", b"", "not a regular file")
        with target.open("rb") as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        return SourceFile(doc_id, path, "", b"", "the file disappeared before it could be read")
    except OSError as exc:
        return SourceFile(doc_id, path, "", b"", f"cannot be read ({exc.strerror or type(exc).__name__})")
    if len(raw) > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        return SourceFile(doc_id, path, "", b"", f"larger than the {limit} MB limit for one document")
    return SourceFile(doc_id, path, hashlib.sha256(raw).hexdigest(), raw)


def _as_date(value: object, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise DocumentError(f"front matter field '{field}' is not an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise DocumentError(
            f"front matter field '{field}' is not an ISO date (YYYY-MM-DD): {value[:40]!r}"
        ) from None


def _text_field(meta: dict[object, object], field: str) -> str | None:
    """A front matter field that must be a single value (text or a number), or absent."""
    value = meta.get(field)
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).lower()
    if not isinstance(value, str | int | float | date):
        raise DocumentError(f"front matter field '{field}' must be text, not a {type(value).__name__}")
    return str(value).strip() or None


@cache
def _front_matter() -> Any:
    """python-frontmatter's YAML splitter, loaded with the first document read (a refresh with nothing
    changed reads none)."""
    from frontmatter.default_handlers import YAMLHandler

    return YAMLHandler()


def split_front_matter(content: str) -> tuple[dict[object, object], str]:
    """The front matter fields and the body, as python-frontmatter splits them; YAML within bounds."""
    text = content.strip()
    handler = _front_matter()
    if not handler.detect(text):
        return {}, text
    try:
        fm, body = handler.split(text)
    except ValueError:
        return {}, text
    try:
        meta = load_bounded_yaml(fm)
    except YamlRefused as exc:
        raise DocumentError(f"broken front matter {exc}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DocumentError("broken front matter: it must be a set of 'field: value' lines")
    return meta, body.strip()


def parse(source: SourceFile, relative_to: Path) -> Document:
    """Parse one source file; raise DocumentError saying why it cannot be used."""
    if source.problem:
        raise DocumentError(source.problem)
    nul = source.raw.find(b"\x00")
    if nul >= 0:
        raise DocumentError(f"contains a NUL byte (byte {nul}), which is not text")
    try:
        content = source.raw.decode("utf-8-sig")  # a byte-order mark would hide the front matter
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text (byte {exc.start})") from None
    meta, body = split_front_matter(content)
    if not body:
        raise DocumentError("the document has no text")
    kind = _text_field(meta, "kind") or "article"
    if kind not in DOCUMENT_KINDS:
        raise DocumentError(
            f"front matter 'kind' must be one of {', '.join(DOCUMENT_KINDS)}, not {kind[:40]!r}"
        )
    return Document(
        doc_id=source.doc_id,
        title=_text_field(meta, "title") or source.path.stem,
        publisher=_text_field(meta, "publisher"),
        url=_text_field(meta, "url"),
        published_on=_as_date(meta.get("published"), "published"),
        updated_on=_as_date(meta.get("updated"), "updated"),
        kind=kind,
        sha256=source.sha256,
        path=source.path.relative_to(relative_to).as_posix()
        if source.path.is_relative_to(relative_to)
        else source.path.name,
        text=body,
    )
