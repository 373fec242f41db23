"""Fetched or uploaded text turned into a source document: ids, canonical URLs and content hashes.

The same article reached through two feeds, or fetched and also uploaded, must be one document: its id
comes from its canonical URL, and a text already stored under another id is recognised by its hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from etl.sources import Document

if TYPE_CHECKING:  # the readers load trafilatura, pypdf and the rest: not needed to compare addresses
    from etl.feeds.readers import Extracted

# Query parameters that say where a reader came from, not what they read.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def canonical_url(url: str) -> str:
    """url without fragment, tracking parameters, default port or case differences in scheme and host."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if parts.port in (None, default) else f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith(_TRACKING)]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def pick_canonical(declared: str | None, final_url: str) -> str:
    """The page's own canonical link when it stays on the same host (a site may point all to its home)."""
    if declared and urlsplit(declared).hostname == urlsplit(final_url).hostname:
        declared_path = urlsplit(declared).path.strip("/")
        if declared_path or not urlsplit(final_url).path.strip("/"):
            return canonical_url(declared)
    return canonical_url(final_url)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def web_doc_id(url: str) -> str:
    return "web-" + hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16]


def upload_doc_id(text: str) -> str:
    return "upload-" + text_sha256(text)[:16]


@dataclass(frozen=True)
class Provenance:
    """Where a document came from: the feed id (or 'upload'), when, and the raw bytes it was read from."""

    origin: str
    fetched_at: datetime
    raw_sha256: str
    url: str | None = None


def make_document(
    extracted: Extracted,
    provenance: Provenance,
    *,
    title: str | None = None,
    publisher: str | None = None,
    published_on: date | None = None,
    kind: str = "statement",
    fallback_title: str = "Untitled document",
) -> Document:
    """A document for the pipeline; explicit title, publisher and date win over what the text said."""
    url = canonical_url(provenance.url) if provenance.url else None
    return Document(
        doc_id=web_doc_id(url) if url else upload_doc_id(extracted.text),
        title=(title or extracted.title or fallback_title).strip(),
        publisher=publisher or extracted.publisher,
        url=url,
        published_on=published_on or extracted.published_on,
        updated_on=None,
        kind=kind,
        sha256=text_sha256(extracted.text),
        path=f"raw/{provenance.raw_sha256}",
        text=extracted.text,
        origin=provenance.origin,
        fetched_at=provenance.fetched_at,
        raw_sha256=provenance.raw_sha256,
        author=extracted.author,
    )
