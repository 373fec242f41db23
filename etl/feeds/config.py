"""The feeds file (MONITOR_FEEDS, datasets/feeds.yml): which feeds and pages a refresh follows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from etl.errors import ConfigError
from etl.sources import DOCUMENT_KINDS

FEED_KINDS = ("rss", "atom", "page", "listing")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = {"id", "url", "kind", "publisher", "keywords", "document_kind", "max_entries", "links"}
# A feed's on-topic entries are cheap to skip once stored; each release of a listing costs a fetch.
_MAX_ENTRIES = {"listing": 10}
_DEFAULT_MAX_ENTRIES = 20


@dataclass(frozen=True)
class Feed:
    """One feed or page to follow; keywords keep only entries that mention one of them."""

    feed_id: str
    url: str
    kind: str
    publisher: str
    keywords: tuple[str, ...] = ()
    document_kind: str = "statement"
    max_entries: int = _DEFAULT_MAX_ENTRIES
    links: str | None = None  # listing: a path prefix ("/...") or a regex the release addresses match

    def mentions_keyword(self, text: str) -> bool:
        if not self.keywords:
            return True
        pattern = r"(?<!\w)(" + "|".join(re.escape(k) for k in self.keywords) + r")(?!\w)"
        return re.search(pattern, text, re.IGNORECASE) is not None


def load_feeds(path: Path) -> list[Feed]:
    """Read and check the feeds file; raise ConfigError naming the file, the feed and the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"Feeds file {path} does not exist (set MONITOR_FEEDS).") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return []  # an empty file follows nothing
    expected = "expected 'feeds:' with the list of feeds under it"
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: {expected}")
    unknown = sorted(str(key) for key in data if key != "feeds")
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}; {expected}")
    entries = data.get("feeds")
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'feeds' must be a list of feeds")
    feeds = [_feed(path, number, entry) for number, entry in enumerate(entries, start=1)]
    seen: set[str] = set()
    for feed in feeds:
        if feed.feed_id in seen:
            raise ConfigError(f"{path}: feed id {feed.feed_id!r} is used twice")
        seen.add(feed.feed_id)
    return feeds


def _feed(path: Path, number: int, entry: Any) -> Feed:
    where = f"{path}: feed {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a mapping with id, url, kind and publisher")
    where += f" ({entry.get('id')})" if entry.get("id") else ""
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(unknown)}")
    missing = [name for name in ("id", "url", "kind", "publisher") if not entry.get(name)]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}")
    if not _ID.match(str(entry["id"])):
        raise ConfigError(f"{where}: id must be snake_case (lower-case letters, digits, _)")
    if entry["kind"] not in FEED_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(FEED_KINDS)}, not {entry['kind']!r}")
    if not str(entry["url"]).startswith(("http://", "https://")):
        raise ConfigError(f"{where}: url must start with http:// or https://")
    kind = entry.get("document_kind", "statement")
    if kind not in DOCUMENT_KINDS:
        raise ConfigError(f"{where}: document_kind must be one of {', '.join(DOCUMENT_KINDS)}")
    keywords = entry.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
        raise ConfigError(f"{where}: keywords must be a list of words or phrases")
    max_entries = entry.get("max_entries", _MAX_ENTRIES.get(str(entry["kind"]), _DEFAULT_MAX_ENTRIES))
    if not isinstance(max_entries, int) or isinstance(max_entries, bool) or max_entries < 1:
        raise ConfigError(f"{where}: max_entries must be a positive whole number")
    links = _links(where, entry)
    return Feed(
        feed_id=str(entry["id"]),
        url=str(entry["url"]),
        kind=str(entry["kind"]),
        publisher=str(entry["publisher"]),
        keywords=tuple(k.strip() for k in keywords),
        document_kind=str(kind),
        max_entries=max_entries,
        links=links,
    )


def _links(where: str, entry: dict[str, Any]) -> str | None:
    """The listing's pattern for release addresses: a path prefix starting with /, else a regex."""
    links = entry.get("links")
    if links is None:
        return None
    if entry["kind"] != "listing":
        raise ConfigError(f"{where}: links is only for kind listing")
    if not isinstance(links, str) or not links.strip():
        raise ConfigError(f"{where}: links must be a path prefix (/news/...) or a regular expression")
    if not links.startswith("/"):
        try:
            re.compile(links)
        except re.error as exc:
            raise ConfigError(f"{where}: links is not a valid regular expression: {exc}") from None
    return links
