"""HTTP for feeds and pages: timeouts, retries with backoff, conditional requests, robots.txt, a pause
per host, a size cap and a total time budget, so one slow host cannot hold a refresh for long."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

USER_AGENT = "SanctionsMonitor/1.0 (monitoring of DPRK-Russia sanctions breaches; feed reader)"
MAX_BYTES = 20 * 1024 * 1024
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 20.0
RETRIES = 2
BACKOFF_S = 0.5
# Hosts that could not be reached (no name, no route, no answer to connect) before any host answered:
# after this many the machine is taken to be offline, and the other hosts wait for the next refresh.
OFFLINE_AFTER = 2
# Answers worth asking again after a pause; anything else 4xx is final.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL that could not be fetched; the message says why in words a user can act on."""


class BudgetUsedUp(FetchError):
    """The refresh's time for fetching is over: every further request would fail the same way."""


@dataclass(frozen=True)
class Validators:
    """What the last answer said about its version, sent back so an unchanged resource is not resent."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    """One answer: 200 with its bytes, or 304 (not modified) without."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    validators: Validators
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One refresh's HTTP client: every request goes through get(), which enforces the rules above."""

    def __init__(
        self,
        budget_s: float,
        pause_s: float = 1.0,
        read_timeout_s: float | None = None,
        max_bytes: int | None = None,
    ) -> None:
        read_timeout_s = read_timeout_s or READ_TIMEOUT_S
        max_bytes = max_bytes or MAX_BYTES
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(read_timeout_s, connect=CONNECT_TIMEOUT_S),
            follow_redirects=True,
            max_redirects=5,
        )
        self.budget_s = budget_s
        self._deadline = time.monotonic() + budget_s
        self._pause_s = pause_s
        self._read_timeout_s = read_timeout_s
        self._max_bytes = max_bytes
        self._last_request: dict[str, float] = {}
        self._unreachable: dict[str, str] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._answered = False  # some host has answered this refresh: the network is up
        self._lost: list[str] = []  # hosts not reached while none had answered

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._client.close()

    def get(self, url: str, validators: Validators | None = None) -> Fetched:
        """Fetch url (robots.txt permitting); raise FetchError saying why it failed."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("not an http(s) address")
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._unreachable:
            raise FetchError(self._unreachable[origin])
        if origin not in self._robots and not self._answered and len(self._lost) >= OFFLINE_AFTER:
            self._unreachable[origin] = (
                f"not tried: {' and '.join(self._lost)} could not be reached and no host has answered "
                "(is this machine offline?); it is tried again at the next refresh"
            )
            raise FetchError(self._unreachable[origin])
        if not self._robots_allow(origin, url):
            raise FetchError(f"robots.txt of {parts.netloc} does not allow fetching this address")
        return self._fetch(url, origin, validators)

    def _robots_allow(self, origin: str, url: str) -> bool:
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The site's rules; None (all allowed) when it has none. Per RFC 9309, 401/403 and 5xx forbid."""
        try:
            answer = self._fetch(f"{origin}/robots.txt", origin, None)
        except FetchError as exc:
            reason = str(exc)
            if reason.startswith(("HTTP 401", "HTTP 403")):
                rules = RobotFileParser()
                rules.parse(["User-agent: *", "Disallow: /"])
                return rules
            if reason.startswith("HTTP 4"):
                return None  # no robots.txt: everything is allowed
            if "budget" not in reason:  # unreachable, timed out or 5xx: the host is out for this refresh
                self._unreachable.setdefault(origin, f"robots.txt could not be read: {reason}")
                raise FetchError(self._unreachable[origin]) from None
            raise
        rules = RobotFileParser()
        rules.parse(answer.content.decode("utf-8", "replace").splitlines())
        return rules

    def _fetch(self, url: str, origin: str, validators: Validators | None) -> Fetched:
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        for attempt in range(RETRIES + 1):
            self._wait_for(origin)
            try:
                return self._request(url, headers)
            except _Retryable as exc:
                if attempt == RETRIES or self._remaining() < BACKOFF_S * 2**attempt:
                    raise FetchError(str(exc)) from None
                time.sleep(BACKOFF_S * 2**attempt)
            except httpx.ConnectError as exc:  # DNS failure, refused, unreachable: asking again won't help
                raise self._lost_host(url, origin, _connect_reason(exc)) from None
            except httpx.ConnectTimeout:
                raise self._lost_host(url, origin, f"no answer within {CONNECT_TIMEOUT_S:g} s") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _lost_host(self, url: str, origin: str, why: str) -> FetchError:
        """The host is out for this refresh; counted towards 'offline' unless it refused outright."""
        host = urlsplit(url).netloc
        self._unreachable[origin] = f"cannot connect to {host}: {why}"
        if not self._answered and "refused" not in why.lower():
            self._lost.append(host)
        return FetchError(self._unreachable[origin])

    def _remaining(self) -> float:
        return self._deadline - time.monotonic()

    def _wait_for(self, origin: str) -> None:
        """Keep the pause between two requests to one host, within what is left of the budget."""
        wait = self._last_request.get(origin, -1e9) + self._pause_s - time.monotonic()
        if self._remaining() <= max(wait, 0) + 0.1:
            raise BudgetUsedUp(
                f"the refresh's time budget for fetching ({self.budget_s:g} s, MONITOR_FETCH_BUDGET) "
                "was used up; it waits for the next refresh"
            )
        if wait > 0:
            time.sleep(wait)
        self._last_request[origin] = time.monotonic()

    def _request(self, url: str, headers: dict[str, str]) -> Fetched:
        timeout = httpx.Timeout(min(self._read_timeout_s, self._remaining()), connect=CONNECT_TIMEOUT_S)
        try:
            with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
                self._answered = True
                if response.status_code in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status_code} {response.reason_phrase}")
                if response.status_code not in (200, 304):
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                content = b"" if response.status_code == 304 else self._read_capped(response)
                return Fetched(
                    url=url,
                    final_url=str(response.url),
                    status=response.status_code,
                    content=content,
                    content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
                    charset=response.charset_encoding,
                    validators=Validators(
                        response.headers.get("etag"), response.headers.get("last-modified")
                    ),
                    fetched_at=datetime.now(UTC),
                )
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
            raise _Retryable(f"no answer within {timeout.read:.3g} s (timed out)") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retryable(f"the connection broke: {_first_line(exc)}") from None

    def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise FetchError(
                f"the response is {int(declared):,} bytes, over the cap of {self._max_bytes:,} bytes"
            )
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise FetchError(f"the response is over the cap of {self._max_bytes:,} bytes")
            if self._remaining() <= 0:
                raise _Retryable("the download outlasted the fetching budget (timed out)")
            chunks.append(chunk)
        return b"".join(chunks)


class _Retryable(Exception):
    """A failure worth one more try after a pause: a timeout, a broken connection, 429 or 5xx."""


# What resolvers say when a name cannot be looked up (glibc, musl, macOS, Windows).
_NO_NAME = (
    "name or service not known",
    "temporary failure in name resolution",
    "nodename nor servname",
    "getaddrinfo failed",
    "no address associated with hostname",
    "name does not resolve",
)


def _connect_reason(exc: BaseException) -> str:
    reason = _first_line(exc)
    if any(words in reason.lower() for words in _NO_NAME):
        return "its name could not be looked up (DNS; is this machine offline?)"
    return reason


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
