"""What `watch` follows: local paths (folders, feed files, any file `add` reads) and http(s) feeds.

A source's ``harvest`` yields ``Batch``es; the watch commits each batch, with the state that says
it was done (the file's size and time, the feed item's guid), in one transaction. So a watch
stopped or killed between two batches, started again, neither re-reads a file nor fetches an item
page it already stored.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import InputRejected
from ..ingest import MetadataSidecars, plan, read_source
from ..ingest.article import make_article
from ..ingest.decode import check_not_binary
from ..ingest.feed import check_title, entry_text, parsed_entries
from ..ingest.html import extract_html
from ..model import Article, Rejection
from ..pipeline import ReadComplete, read_to_end
from ..store import Store
from .fetch import Fetcher, FetchError

_HTML_TYPES = {"text/html", "application/xhtml+xml", ""}


@dataclass
class Batch:
    """Items to store and the watch state that goes with them, committed together."""

    items: list[tuple[str | None, Article | Rejection | ReadComplete]] = field(default_factory=list)  # (feed item key, item)
    files: list[tuple[str, int, int]] = field(default_factory=list)  # (path, size, mtime_ns) now read
    problems: list[str] = field(default_factory=list)  # why the source failed: it is retried later
    notes: list[str] = field(default_factory=list)  # worth a line, not a failure
    validators: tuple[str | None, str | None] | None = None  # the feed's (ETag, Last-Modified), once all is done


class LocalSource:
    """A folder (new and changed files), or one file such as a feed that grows. A file is read
    again when its size or modification time changes; an article that comes back under its id
    with other content is an ``id_conflict``, as in `add`."""

    def __init__(self, path: str):
        self.path = path
        self.name = str(Path(path).resolve())

    def harvest(self, store: Store, config: Config, fetcher: Fetcher, stop: threading.Event) -> Iterator[Batch]:
        found = plan([self.path], skip=store.files())
        if len(found) == 1 and found[0].kind == "missing":
            yield Batch(problems=["no such file or folder"])
            return
        known = store.watched_files()
        sidecars = MetadataSidecars()
        for source in found:
            if stop.is_set():
                return
            path = str(Path(source.path).resolve())
            try:
                st = os.stat(path)
            except OSError:
                continue  # gone since the walk: the next cycle no longer lists it
            if known.get(path) == (st.st_size, st.st_mtime_ns):
                continue
            yield Batch(items=[(None, item) for item in read_to_end(source.path, read_source(source, config, sidecars))],
                        files=[(path, st.st_size, st.st_mtime_ns)])
        if sidecars.problems:
            yield Batch(items=[(None, p) for p in sidecars.problems])


class HttpFeed:
    """An RSS/Atom feed over http(s), fetched with ETag / Last-Modified. An item whose feed entry
    carries only a teaser (a summary, no content) has its page fetched, if robots.txt allows, and
    its text extracted with trafilatura; otherwise the feed's own text is the article."""

    def __init__(self, url: str):
        self.url = url
        self.name = url

    def harvest(self, store: Store, config: Config, fetcher: Fetcher, stop: threading.Event) -> Iterator[Batch]:
        state = store.watch_source(self.name)
        try:
            response = fetcher.get(self.url, state["etag"], state["last_modified"])
        except FetchError as exc:
            yield Batch(problems=[str(exc)])
            return
        validators = (response.headers.get("etag"), response.headers.get("last-modified"))
        if response.status == 304:
            yield Batch(validators=(validators[0] or state["etag"], validators[1] or state["last_modified"]))
            return
        try:
            check_not_binary(self.url, response.body)
            entries = list(parsed_entries(self.url, response.body))
        except InputRejected as exc:
            yield Batch(problems=[exc.message])
            return
        keyed = [(number, _item_key(self.url, entry), title, entry)
                 for number, (title, entry) in enumerate(entries, start=1)]
        seen = store.seen_watch_items(self.name, [key for _, key, _, _ in keyed])
        complete = True
        for number, key, feed_title, entry in keyed:
            if key in seen:
                continue
            if stop.is_set():
                complete = False
                break
            batch = Batch()
            try:
                batch.items.append((key, self._article(number, key, feed_title, entry, config, fetcher, batch)))
            except InputRejected as exc:
                batch.items.append((key, Rejection(exc.path, exc.code, exc.message, exc.line)))
            except FetchError as exc:
                batch.problems.append(f"item {number} ({entry.get('link')}): {exc}")
                complete = False
            seen.add(key)  # the same guid twice in one feed is one item
            yield batch
        # The validators are kept only once every item is in: an item that failed comes back
        # in the next full answer, not hidden behind a 304.
        yield Batch(validators=validators if complete else (None, None))

    def _article(self, number: int, key: str, feed_title: str | None, entry, config: Config, fetcher: Fetcher,
                 batch: Batch) -> Article:
        check_title(self.url, number, key, entry.get("title"))
        teaser = entry_text(entry)
        link = entry.get("link")
        full = any(c.get("value") for c in entry.get("content", []))
        page = None
        if link and not full:
            if fetcher.allowed(link):
                page = self._page(link, fetcher)
            else:
                batch.notes.append(f"robots.txt disallows {link}: stored the feed's text instead")
        text = page["text"] if page else teaser
        if not text.strip():
            raise InputRejected(self.url, "no_text", f"feed entry {number} ({key[:200]}) has no text")
        if len(text) > config.max_file_bytes:
            raise InputRejected(self.url, "too_large", f"feed entry {number} ({key[:200]}) is over the "
                                f"{config.max_file_bytes:,}-byte limit for one article")
        page = page or {}
        return make_article(
            id=key,
            raw_text=text,
            origin=link if page else self.url,
            format="html" if page else "feed",
            title=entry.get("title") or page.get("title"),
            url=link,
            source=feed_title or page.get("sitename"),
            author=entry.get("author") or page.get("author"),
            published=entry.get("published_parsed") or entry.get("updated_parsed") or page.get("date"),
            hash_of=key + "\n" + (entry.get("title") or "") + "\n" + text,
        )

    def _page(self, link: str, fetcher: Fetcher) -> dict | None:
        """The page's extracted text and metadata; None (the feed's text is used) when the page
        holds no article text. A page that cannot be fetched or is not HTML raises ``FetchError``."""
        response = fetcher.get(link)
        if response.content_type not in _HTML_TYPES:
            raise FetchError(f"not an HTML page ({response.content_type})")
        try:
            return extract_html(link, response.body, url=response.url)
        except InputRejected as exc:
            if exc.code in ("binary", "empty"):
                raise FetchError(f"not an HTML page ({exc.message})") from None
            return None


def _item_key(feed_url: str, entry) -> str:
    """A feed item's stable id: its guid, else its link (as `add` names feed entries), else a hash
    of its title and text, since its position in a feed that grows is not stable."""
    key = entry.get("id") or entry.get("link")
    if key:
        return key
    digest = hashlib.sha256(((entry.get("title") or "") + "\n" + entry_text(entry)).encode()).hexdigest()
    return f"{feed_url}#{digest[:16]}"


def source_for(target: str) -> LocalSource | HttpFeed:
    return HttpFeed(target) if target.lower().startswith(("http://", "https://")) else LocalSource(target)
