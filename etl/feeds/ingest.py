"""One document added by hand (`sources add`, the dashboard's "Add document"): read, correct, store.

Reading makes a Draft the user can look at and correct; storing extracts its items at once, under the
refresh lock and in one transaction, so nothing is half-stored and the items show without a refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from etl import store
from etl.errors import InvalidData, MonitorError
from etl.feeds.archive import keep_raw
from etl.feeds.documents import Provenance, make_document, pick_canonical
from etl.feeds.fetch import MAX_BYTES, Fetcher, FetchError
from etl.feeds.readers import Extracted, ReadError, detect_format, read_content
from etl.settings import Settings
from etl.sources import DOCUMENT_KINDS

MAX_UPLOAD_BYTES = MAX_BYTES
# A single page fetched by hand may take longer than a refresh grants one feed, but not for ever.
_URL_BUDGET_S = 60.0


@dataclass(frozen=True)
class Draft:
    """A document read but not stored yet, with the metadata found in it."""

    source_name: str
    extracted: Extracted
    raw: bytes
    url: str | None
    fetched_at: datetime

    @property
    def title(self) -> str:
        return self.extracted.title or Path(self.source_name).stem.replace("-", " ").replace("_", " ")

    @property
    def publisher(self) -> str | None:
        return self.extracted.publisher

    @property
    def published_on(self) -> date | None:
        return self.extracted.published_on


@dataclass
class AddResult:
    """What storing a draft did."""

    doc_id: str
    title: str
    items_written: int = 0
    duplicate_of: str | None = None
    replaced: bool = False
    issues: list[str] = field(default_factory=list)


def read_upload(content: bytes, filename: str, content_type: str = "") -> Draft:
    """Read an uploaded file; raise InvalidData naming the file when it is too big or has no text."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidData(f"{filename}: {_over_cap(len(content))}")
    try:
        fmt = detect_format(filename, content_type, content)
        extracted = read_content(content, fmt)
    except ReadError as exc:
        raise InvalidData(f"{filename}: {exc}") from None
    url = (
        pick_canonical(extracted.canonical_url, extracted.canonical_url) if extracted.canonical_url else None
    )
    return Draft(filename, extracted, content, url, datetime.now(UTC))


# Sizes in MB of 2**20 bytes, as the dashboard's file picker counts them.
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // 2**20


def _over_cap(size: int) -> str:
    return f"{size / 2**20:.1f} MB is over the upload cap of {MAX_UPLOAD_MB} MB"


def read_path(path: Path, name: str | None = None) -> Draft:
    """Read a file given on the command line; name is how the user wrote it (for messages)."""
    name = name or str(path)
    if path.is_dir():
        raise MonitorError(f"{name}: is a folder; give one file (PDF, HTML, DOCX, TXT or Markdown)")
    if not path.is_file():
        raise MonitorError(f"{name}: no such file")
    try:
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise InvalidData(f"{name}: {_over_cap(size)}")
        content = path.read_bytes()
    except OSError as exc:
        raise MonitorError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    return read_upload(content, name)


def read_url(settings: Settings, url: str) -> Draft:
    """Fetch one page or document by its address (robots.txt, timeouts and size cap as in a refresh)."""
    with Fetcher(_URL_BUDGET_S, pause_s=0) as fetcher:
        try:
            fetched = fetcher.get(url)
        except FetchError as exc:
            raise MonitorError(f"{url}: {exc}") from None
    try:
        fmt = detect_format(fetched.final_url, fetched.content_type, fetched.content)
        extracted = read_content(fetched.content, fmt, fetched.charset, fetched.final_url)
    except ReadError as exc:
        raise InvalidData(f"{url}: {exc}") from None
    canonical = pick_canonical(extracted.canonical_url, fetched.final_url)
    return Draft(url, extracted, fetched.content, canonical, fetched.fetched_at)


def store_draft(
    settings: Settings,
    draft: Draft,
    *,
    title: str | None = None,
    publisher: str | None = None,
    published_on: date | None = None,
    kind: str = "article",
) -> AddResult:
    """Extract and store the draft now; the same text or URL already stored is not stored twice."""
    from etl.extract.reference import load_reference
    from etl.pipeline import Issue, _load, extract_document

    if kind not in DOCUMENT_KINDS:
        raise InvalidData(f"kind must be one of {', '.join(DOCUMENT_KINDS)}, not {kind!r}")
    ref = load_reference(settings.reference_dir)
    raw_sha256 = keep_raw(settings.raw_dir, draft.raw)
    document = make_document(
        draft.extracted,
        Provenance("upload", datetime.now(UTC), raw_sha256, draft.url),
        title=(title or "").strip() or draft.title,
        publisher=(publisher or "").strip() or draft.publisher,
        published_on=published_on,
        kind=kind,
    )
    engine = store.make_engine(settings)
    try:
        store.ensure_schema(engine)
        with store.refresh_lock(engine, settings):
            result = AddResult(document.doc_id, document.title)
            result.duplicate_of, result.replaced = _already_stored(engine, document.doc_id, document.sha256)
            corrected = any((title, publisher, published_on))
            if result.duplicate_of and not (result.duplicate_of == document.doc_id and corrected):
                return result
            result.duplicate_of = None
            issues: list[Issue] = []
            read = extract_document(document, draft.source_name, ref, issues)
            result.issues = [i.message for i in issues]
            if read is None:
                raise InvalidData(f"{draft.source_name}: " + "; ".join(result.issues))
            with store.write_transaction(engine) as conn:
                result.items_written = _load(conn, ref, [read], [])
            return result
    finally:
        engine.dispose()


def _already_stored(engine: sa.Engine, doc_id: str, sha256: str) -> tuple[str | None, bool]:
    """(id of a stored document with the same text, whether doc_id itself is stored)."""
    docs = store.documents.c
    with engine.connect() as conn:
        same_text = conn.execute(
            sa.select(docs.doc_id).where(docs.sha256 == sha256).order_by(docs.doc_id != doc_id).limit(1)
        ).scalar()
        same_id = conn.execute(sa.select(docs.doc_id).where(docs.doc_id == doc_id)).scalar()
    return same_text, same_id is not None
