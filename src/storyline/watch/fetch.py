"""A polite HTTP client for `watch`: one request at a time per host, a User-Agent that names the
product, robots.txt before an article page, and hard limits on time, size and redirects, so a
misbehaving site costs one line in the report and never a stuck watch.

Plain ``http.client`` rather than a library: every byte is read by us, so a total deadline (a
page that trickles forever) and a size cap hold whatever the server does.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .. import __version__

PRODUCT = "storyline"
USER_AGENT = f"{PRODUCT}/{__version__} (news stories from feeds; honours robots.txt, one request per host at a time)"
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A request that gave no usable answer; ``str()`` is the one-line reason."""


@dataclass(frozen=True)
class FetchSettings:
    delay: float = 1.0  # seconds between two requests to one host
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # the longest silence while reading
    deadline: float = 60.0  # the longest a whole request may take, however the bytes trickle
    max_bytes: int = 20_000_000
    max_redirects: int = 5


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Fetcher:
    """Fetches URLs for one watch. ``stop`` (a ``threading.Event``) cuts the per-host wait short."""

    def __init__(self, settings: FetchSettings | None = None, stop: threading.Event | None = None):
        self.settings = settings or FetchSettings()
        self.stop = stop or threading.Event()
        self._last: dict[str, float] = {}  # host -> monotonic time of its last request
        self._robots: dict[str, RobotFileParser] = {}
        self.requests = 0

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` following redirects; 304 comes back as a ``Response``, any other non-200
        answer, a timeout, a loop or an oversized body raises ``FetchError``."""
        seen = [url]
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        while True:
            response = self._request(url, headers)
            if response.status in _REDIRECTS and response.headers.get("location"):
                url = urljoin(url, response.headers["location"])
                if url in seen:
                    raise FetchError(f"redirect loop ({' -> '.join(seen + [url])})")
                seen.append(url)
                if len(seen) > self.settings.max_redirects + 1:
                    raise FetchError(f"more than {self.settings.max_redirects} redirects (last to {url})")
                continue
            if response.status in (200, 304):
                return response
            raise FetchError(f"HTTP {response.status} {http.client.responses.get(response.status, '')}".rstrip())

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets storyline fetch ``url`` (read once per site). As
        ``urllib.robotparser`` does: 401 or 403 forbids everything; no robots.txt, another error
        or no answer allows everything."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            parser = RobotFileParser(site + "/robots.txt")
            try:
                answer = self.get(site + "/robots.txt")
                parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
            except FetchError as exc:
                parser.disallow_all = str(exc).startswith(("HTTP 401", "HTTP 403"))
                parser.allow_all = not parser.disallow_all
            self._robots[site] = parser
        return self._robots[site].can_fetch(PRODUCT, url)

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            self.stop.wait(max(0.0, last + self.settings.delay - time.monotonic()))
        self._last[host] = time.monotonic()

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url}")
        self._wait_turn(parts.netloc)
        self.requests += 1
        s = self.settings
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=s.connect_timeout,
                                               context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=s.connect_timeout)
        # The deadline: past it the socket is shut, which ends any read blocked on it.
        expired = threading.Event()
        connected: list[socket.socket] = []

        def cut() -> None:
            expired.set()
            for sock in connected:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(s.deadline, cut)
        timer.daemon = True
        timer.start()
        try:
            conn.connect()
            conn.sock.settimeout(s.read_timeout)
            connected.append(conn.sock)  # the response keeps reading it after conn lets go of it
            if expired.is_set():
                cut()
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("GET", path, headers={**headers, "Host": parts.netloc})
            answer = conn.getresponse()
            got = {k.lower(): v for k, v in answer.getheaders()}
            if answer.status != 200:
                return Response(url, answer.status, got)
            length = got.get("content-length", "")
            if length.isdigit() and int(length) > s.max_bytes:
                raise FetchError(f"response of {int(length):,} bytes is over the {s.max_bytes:,}-byte limit")
            chunks, size = [], 0
            while chunk := answer.read1(65536):
                size += len(chunk)
                if size > s.max_bytes:
                    raise FetchError(f"response is over the {s.max_bytes:,}-byte limit")
                chunks.append(chunk)
            if expired.is_set():
                raise FetchError(f"no complete answer within {s.deadline:g} s")
            return Response(url, 200, got, b"".join(chunks))
        except FetchError:
            raise
        except (socket.timeout, TimeoutError):
            raise FetchError(f"timed out (no answer for {s.read_timeout:g} s)") from None
        except (OSError, http.client.HTTPException) as exc:
            if expired.is_set():
                raise FetchError(f"no complete answer within {s.deadline:g} s") from None
            raise FetchError(_describe(exc)) from None
        finally:
            timer.cancel()
            conn.close()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, http.client.IncompleteRead):
        return "the answer was cut off"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text
