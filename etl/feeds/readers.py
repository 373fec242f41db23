"""Text and metadata out of what arrives: HTML pages (main text only), PDF, DOCX, plain text, Markdown."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

import charset_normalizer
import frontmatter
import yaml

FORMATS = ("html", "pdf", "docx", "text", "markdown")
_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
    "text/markdown": "markdown",
}
# Fewer characters than this from a PDF means it has no text layer (a scan), not a short text; from an
# HTML page, that the page holds no article, only a menu or links (the shortest statement is longer).
_MIN_PDF_CHARS = 40
_MIN_PAGE_CHARS = 40
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class ReadError(ValueError):
    """A file or response whose text cannot be read; the message says why."""


@dataclass(frozen=True)
class Extracted:
    """The text a document's items will point into, and the metadata found beside it."""

    text: str
    title: str | None = None
    author: str | None = None
    published_on: date | None = None
    canonical_url: str | None = None
    publisher: str | None = None


def detect_format(name: str, content_type: str, content: bytes) -> str:
    """Which reader a file or response needs: by its leading bytes, its content type, then its name."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04") and b"word/" in content[:4000]:
        return "docx"
    suffix = PurePosixPath(name.lower().split("?")[0]).suffix
    fmt = _CONTENT_TYPES.get(content_type) or _SUFFIXES.get(suffix)
    if fmt == "text" and suffix in (".md", ".markdown"):
        return "markdown"
    if fmt is None:
        what = content_type or (suffix and f"'{suffix}' files") or "this kind of file"
        raise ReadError(f"cannot read {what}; accepted are HTML, PDF, DOCX, TXT and Markdown")
    return fmt


def read_content(content: bytes, fmt: str, charset: str | None = None, url: str | None = None) -> Extracted:
    """The text and metadata of content in the given format; raise ReadError when it has none."""
    readers = {"html": _read_html, "pdf": _read_pdf, "docx": _read_docx, "text": _read_text}
    extracted = (
        _read_markdown(decode_text(content, charset))
        if fmt == "markdown"
        else readers[fmt](content, charset, url)
    )
    text = normalise_text(extracted.text)
    if not text.strip():
        raise ReadError("the document has no text")
    return Extracted(
        text,
        extracted.title,
        extracted.author,
        extracted.published_on,
        extracted.canonical_url,
        extracted.publisher,
    )


def normalise_text(text: str) -> str:
    """One line-ending convention, no trailing blanks: the same text always hashes the same."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def decode_text(content: bytes, charset: str | None = None) -> str:
    """Bytes to text: the declared charset, else a BOM or UTF-8, else charset-normalizer's best guess."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", "replace")
    for candidate in (charset, "utf-8"):
        if candidate:
            try:
                return content.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                continue
    best = charset_normalizer.from_bytes(content).best()
    if best is None:
        raise ReadError("the text is in no encoding that could be recognised")
    return str(best)


def decode_html(content: bytes, charset: str | None = None) -> str:
    """An HTML page's text: the charset of the response, else of its <meta> tag, else as decode_text."""
    declared = _META_CHARSET.search(content[:4096])
    return decode_text(content, charset or (declared.group(1).decode("ascii") if declared else None))


def _read_html(content: bytes, charset: str | None, url: str | None) -> Extracted:
    # trafilatura keeps the article and leaves out navigation, footers and related links.
    import trafilatura

    html = decode_html(content, charset)
    found: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    text = str(getattr(found, "text", "") or "").strip() if found is not None else ""
    if len(text) < _MIN_PAGE_CHARS:
        left = f" (only {text[:40]!r} outside its menus and links)" if text else ""
        raise ReadError(f"no main text found in the page{left}")
    return Extracted(
        text=text,
        title=_without_site_name(_clean(found.title), _clean(found.sitename)),
        author=_clean(found.author),
        published_on=_as_date(found.date),
        canonical_url=_clean(found.url),
        publisher=_clean(found.sitename),
    )


def _read_pdf(content: bytes, _charset: str | None, _url: str | None) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("the PDF is password-protected")
        text = "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
        meta = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReadError(f"not a readable PDF ({exc})") from None
    if len(text.strip()) < _MIN_PDF_CHARS:
        raise ReadError(
            f"the PDF has no text layer ({len(reader.pages)} page(s) of images, e.g. a scan); "
            "run it through OCR and add the result"
        )
    created = meta.creation_date if meta is not None else None
    return Extracted(
        text=text,
        title=_clean(meta.title) if meta is not None else None,
        author=_clean(meta.author) if meta is not None else None,
        published_on=created.date() if isinstance(created, datetime) else None,
    )


def _read_docx(content: bytes, _charset: str | None, _url: str | None) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"not a readable DOCX file ({exc})") from None
    paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                paragraphs.append(" | ".join(cells))
    core = document.core_properties
    created = core.created
    return Extracted(
        text="\n\n".join(paragraphs),
        title=_clean(core.title),
        author=_clean(core.author),
        published_on=created.date() if isinstance(created, datetime) else None,
    )


def _read_text(content: bytes, charset: str | None, _url: str | None) -> Extracted:
    return Extracted(text=decode_text(content, charset))


def _read_markdown(text: str) -> Extracted:
    """Markdown, with the same optional front matter as the sources folder (title, publisher, published)."""
    try:
        meta, body = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ReadError(f"broken front matter{where}") from None
    return Extracted(
        text=body,
        title=_clean(meta.get("title")),
        author=_clean(meta.get("author")),
        published_on=_as_date(meta.get("published")),
        canonical_url=_clean(meta.get("url")),
        publisher=_clean(meta.get("publisher")),
    )


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """'Statement title - Site name' -> 'Statement title'."""
    if title and site:
        for separator in (" - ", " | ", " – ", " — ", " :: "):
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip() or title
    return title


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
