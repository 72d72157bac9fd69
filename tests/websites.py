"""A real HTTP server on 127.0.0.1 for the watch tests: routes the test sets and changes, and a
record of every request (path and headers) so a test can say what the client sent."""

from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from pages import PARAGRAPHS


class Site:
    """``routes[path]`` is ``(status, headers, body)`` or a callable taking the request handler
    and returning one (or None once it has written the answer itself)."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path, (404, {}, b"not found"))
                answer = route(self) if callable(route) else route
                if answer is None:
                    return
                status, headers, body = answer
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.hits if p == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def trickle(chunk: bytes, times: int, pause: float = 0.05):
    """A route that sends an HTML page ``chunk`` by ``chunk``, ``pause`` seconds apart: a page that
    does not finish within a client's deadline."""
    def send(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(times):
                handler.wfile.write(chunk)
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:  # the client hung up, as it should
            pass
    return send


def xml(body: str) -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": "application/rss+xml"}, body.encode()


def html(body: str) -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def rss(items: list[dict], title: str = "Local News") -> str:
    """An RSS 2.0 feed; an item is {title, link?, guid?, description?, content?, date? (a day of October 2018)}."""
    parts = []
    for item in items:
        tags = [f"<title>{escape(item['title'])}</title>"] if item.get("title") is not None else []
        for name in ("link", "guid", "description"):
            if item.get(name):
                tags.append(f"<{name}>{escape(item[name])}</{name}>")
        if item.get("content"):
            tags.append(f"<content:encoded>{escape(item['content'])}</content:encoded>")
        if item.get("date"):
            tags.append(f"<pubDate>{formatdate(time.mktime((2018, 10, item['date'], 10, 0, 0, 0, 0, 0)), usegmt=True)}</pubDate>")
        parts.append("<item>" + "".join(tags) + "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>News</description>"
            + "".join(parts) + "</channel></rss>\n")


TOWNS = ["Riverton", "Lakeside", "Hillcrest", "Oakford", "Marlow", "Ashby"]


def story_page(n: int) -> str:
    """An article page (trafilatura finds its text) whose words differ from page to page."""
    town = TOWNS[n % len(TOWNS)]
    body = "".join(f"<p>{p.replace('the town', town).replace('The city', f'The {town} city')} (Report {n}.)</p>"
                   for p in PARAGRAPHS)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{town} report {n}</title></head>"
            f"<body><article><h1>{town} report {n}</h1>{body}</article></body></html>")


def teaser_item(site: Site, n: int) -> dict:
    """A feed item that carries only a teaser; its page is served at /a/N.html."""
    site.routes[f"/a/{n}.html"] = html(story_page(n))
    return {"title": f"{TOWNS[n % len(TOWNS)]} report {n}", "link": site.url(f"/a/{n}.html"),
            "guid": f"urn:local:{n}", "description": f"Teaser {n}: read more.", "date": 1 + n}
