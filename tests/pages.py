"""Small input files made by the tests: an article page, an RSS and an Atom feed, a WARC file."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new flood barrier along the river, ending a debate that lasted two years.",
    "Engineers say the barrier will protect more than 40,000 homes from the kind of flooding that struck the town in 2016.",
    "Construction is expected to begin in early 2025 and to cost about 120 million euros, paid partly by the national government.",
    "Residents who opposed the plan said the council had ignored cheaper options, and a petition against it gathered 3,000 signatures.",
]


def article_page(title: str = "Council approves flood barrier", body: list[str] | None = None,
                 date: str = "2024-03-05", closed: bool = True) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in (body or PARAGRAPHS))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | River Times</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="River Times">
<meta name="author" content="Ana Lopez">
<meta property="article:published_time" content="{date}T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>Copyright River Times</footer>
"""
    return page + ("</body></html>\n" if closed else "")


def rss_feed() -> str:
    items = "".join(
        f"""<item><title>Story {i}</title><link>https://example.org/news/{i}</link>
<guid>https://example.org/news/{i}</guid><pubDate>Tue, 0{i} Oct 2018 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{PARAGRAPHS[i]}&lt;/p&gt;&lt;p&gt;{PARAGRAPHS[i + 1]}&lt;/p&gt;</description></item>"""
        for i in (1, 2)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://example.org</link>
<description>News</description>{items}</channel></rss>
"""


def atom_feed() -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:atom-news</id>
<updated>2018-10-09T10:00:00Z</updated>
<entry><title>Atom story</title><id>urn:atom-news:1</id><link href="https://atom.example/1"/>
<updated>2018-10-09T10:00:00Z</updated><author><name>Kim Lee</name></author>
<content type="html">&lt;p&gt;{PARAGRAPHS[0]}&lt;/p&gt;</content></entry>
</feed>
"""


def warc_bytes(pages: dict[str, str]) -> bytes:
    """A gzipped WARC with one HTML response per URL (and a non-HTML one that is skipped)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in pages.items():
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG..."), http_headers=headers))
    return buf.getvalue()
