"""A publisher's press-release list page read like a feed: the links to its releases, with their text.

The page is parsed with lxml. Only links on the list page's own host count, and, when the entry says
so, only those whose path (and query) starts with its `links` prefix or matches its `links` regex.
Relative links are resolved (a <base> included), every address is canonicalised, and a release linked
twice (headline and "read more") is one link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

import lxml.etree
import lxml.html

from etl.feeds.documents import canonical_url

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ReleaseLink:
    """One release on a list page: its canonical address and the text of the links to it."""

    url: str
    text: str


def release_links(html: str, page_url: str, pattern: str | None = None) -> list[ReleaseLink]:
    """The releases a list page links to, in the order it lists them (newest first on these sites)."""
    try:
        page = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):  # an empty or unparsable page links to nothing
        return []
    page.make_links_absolute(page_url, resolve_base_href=True, handle_failures="discard")
    host = urlsplit(page_url).hostname
    own = canonical_url(page_url)
    texts: dict[str, list[str]] = {}
    for anchor in page.iter("a"):
        parts = urlsplit((anchor.get("href") or "").strip())
        if parts.scheme not in ("http", "https") or parts.hostname != host:
            continue
        url = canonical_url(parts.geturl())
        if url != own and _matches(pattern, parts):
            texts.setdefault(url, []).append(_link_text(anchor))
    return [ReleaseLink(url, " ".join(dict.fromkeys(t for t in found if t))) for url, found in texts.items()]


def _link_text(anchor: lxml.html.HtmlElement) -> str:
    """A link's words: its text, an image's alt text, or else its title."""
    words = " ".join([anchor.text_content(), *(img.get("alt") or "" for img in anchor.iter("img"))])
    return _SPACE.sub(" ", words).strip() or _SPACE.sub(" ", anchor.get("title") or "").strip()


def _matches(pattern: str | None, parts: SplitResult) -> bool:
    if pattern is None:
        return True
    address = parts.path + (f"?{parts.query}" if parts.query else "")
    if pattern.startswith("/"):  # a prefix: the address must go on past it (the prefix itself is a list)
        return address.startswith(pattern) and len(address) > len(pattern)
    return re.search(pattern, address) is not None
