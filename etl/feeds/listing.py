"""A publisher's press-release list page read like a feed: the links to its releases, with their text.

Only links on the list page's own host count, and, when the entry says so, only those whose path (and
query) starts with its `links` prefix or matches its `links` regex. Relative links are resolved, every
address is canonicalised, and a release linked twice (headline and "read more") is one link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import SplitResult, urljoin, urlsplit

from etl.feeds.documents import canonical_url

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ReleaseLink:
    """One release on a list page: its canonical address and the text of the links to it."""

    url: str
    text: str


def release_links(html: str, page_url: str, pattern: str | None = None) -> list[ReleaseLink]:
    """The releases a list page links to, in the order it lists them (newest first on these sites)."""
    anchors = _Anchors()
    anchors.feed(html)
    anchors.close()
    base = urljoin(page_url, anchors.base) if anchors.base else page_url
    host = urlsplit(page_url).hostname
    own = canonical_url(page_url)
    texts: dict[str, list[str]] = {}
    for href, text in anchors.links:
        parts = urlsplit(urljoin(base, href.strip()))
        if parts.scheme not in ("http", "https") or parts.hostname != host:
            continue
        url = canonical_url(parts.geturl())
        if url != own and _matches(pattern, parts):
            texts.setdefault(url, []).append(text)
    return [ReleaseLink(url, " ".join(dict.fromkeys(t for t in found if t))) for url, found in texts.items()]


def _matches(pattern: str | None, parts: SplitResult) -> bool:
    if pattern is None:
        return True
    address = parts.path + (f"?{parts.query}" if parts.query else "")
    if pattern.startswith("/"):  # a prefix: the address must go on past it (the prefix itself is a list)
        return address.startswith(pattern) and len(address) > len(pattern)
    return re.search(pattern, address) is not None


class _Anchors(HTMLParser):
    """Every <a href> of a page with its text (or its title when it has none), and the page's <base>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.base: str | None = None
        self._href: str | None = None
        self._title = ""
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"]
        elif tag == "a":
            self._close()  # an <a> inside an open one ends it, as browsers do
            self._href = values.get("href")
            self._title = values.get("title") or ""
        elif tag == "img" and self._href is not None:
            self._text.append(values.get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close()

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._close()

    def _close(self) -> None:
        if self._href:
            text = _SPACE.sub(" ", " ".join(self._text)).strip()
            self.links.append((self._href, text or _SPACE.sub(" ", self._title).strip()))
        self._href, self._title, self._text = None, "", []
