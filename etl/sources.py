"""Discover source documents, parse their front matter, hash them."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from etl.errors import ConfigError
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
    author: str | None = None  # from a web page's, PDF's or DOCX file's metadata


class DocumentError(ValueError):
    """A source file that cannot be read as a document; it is skipped with this reason."""


_Entry = tuple[tuple[str, ...], os.DirEntry[str]]  # a file's path parts below the folder, and its entry


def discover(sources_dir: Path) -> list[SourceFile]:
    """Every source file under sources_dir (README files excluded), with its content hash."""
    root = sources_dir.resolve()
    found = []
    for parts, entry in sorted(_source_entries(sources_dir, ()), key=lambda pair: pair[0]):
        doc_id = "--".join((*parts[:-1], Path(parts[-1]).stem))
        found.append(_read_source(doc_id, Path(entry.path), root, entry))
    return found


def _source_entries(folder: Path | str, parts: tuple[str, ...]) -> Iterator[_Entry]:
    """Source files below folder with their path parts; linked folders are not entered.

    os.scandir answers "a folder?" and "a link?" from the directory listing itself, without a stat call
    per file, which is most of what a refresh of thousands of unchanged files costs.
    """
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:  # a folder removed while it was walked
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _source_entries(entry.path, (*parts, entry.name))
            continue
        name = Path(entry.name)
        if name.suffix.lower() not in SOURCE_SUFFIXES or name.stem.lower() == "readme":
            continue
        if not entry.name.startswith(".") and not (entry.is_symlink() and _links_to_folder(entry)):
            yield (*parts, entry.name), entry


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    """A link to a folder is skipped like the folder walk skips linked folders."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _read_source(doc_id: str, path: Path, root: Path, entry: os.DirEntry[str]) -> SourceFile:
    """Read one listed file, or say why not; a link out of the folder is refused without being opened."""
    linked = entry.is_symlink()
    target = path.resolve() if linked else path
    if linked and not target.is_relative_to(root):
        return SourceFile(doc_id, path, "", b"", "a link to a file outside the sources folder; refused", True)
    try:
        # A pipe or device would block or never end; a link's target is statted, a plain file is not.
        regular = stat.S_ISREG(target.stat().st_mode) if linked else entry.is_file(follow_symlinks=False)
        if not regular:
            return SourceFile(doc_id, path, "", b"", "not a regular file")
        with target.open("rb") as handle:
            raw = _read_capped(handle)
    except FileNotFoundError:
        return SourceFile(doc_id, path, "", b"", "the file disappeared before it could be read")
    except OSError as exc:
        return SourceFile(doc_id, path, "", b"", f"cannot be read ({exc.strerror or type(exc).__name__})")
    if len(raw) > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        return SourceFile(doc_id, path, "", b"", f"larger than the {limit} MB limit for one document")
    return SourceFile(doc_id, path, hashlib.sha256(raw).hexdigest(), raw)


def _read_capped(handle: BinaryIO) -> bytes:
    """The file's bytes, at most one past the size limit.

    A read sized to the file, not to the limit: read(limit) allocates the whole 4 MB buffer for every
    small file, which was most of the time a refresh of unchanged files took.
    """
    size = os.fstat(handle.fileno()).st_size
    raw = handle.read(min(size, MAX_DOCUMENT_BYTES) + 1)
    if len(raw) > size:  # the file grew after it was statted: read on, up to the limit
        raw += handle.read(MAX_DOCUMENT_BYTES + 1 - len(raw))
    return raw


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


def check_removals(
    removed: list[str], stored: int, sources_dir: Path, allowed: bool, web: tuple[list[str], int] = ([], 0)
) -> None:
    """Stop before a refresh that would remove most of the store, as an empty or unmounted folder would;
    web is (the feed documents to remove, how many the store holds), counted with the folder's."""
    web_removed, web_stored = web
    total = len(removed) + len(web_removed)
    if allowed or not total:
        return
    if len(removed) * 2 > stored:
        where = f"are not in the sources folder {sources_dir} (is it empty or not mounted?)"
    elif total * 2 > stored + web_stored:
        stored, removed = stored + web_stored, removed + web_removed
        where = "are not in the sources folder, or are the feeds file's own feed or list pages"
    else:
        return
    shown = ", ".join(removed[:5]) + (f" and {len(removed) - 5} more" if len(removed) > 5 else "")
    raise ConfigError(
        f"stopped before changing anything: {len(removed)} of the {stored} stored documents {where} and "
        f"would be removed with their items: {shown}. If they were removed on purpose, run "
        "`python -m etl refresh --allow-removals`."
    )
