"""Inputs the fuzz harness (branch wt-fuzz, tests/test_fuzz_readers.py there) found that broke a reader, each kept as a regression test:
one rejection naming the file (or line) and the reason, or a clean article, never an exception."""

from __future__ import annotations

import re

from storyline import Config
from storyline.ingest import read_paths
from storyline.model import Article, Rejection


def read(path, config=None):
    items = list(read_paths([path], config))
    return [a for a in items if isinstance(a, Article)], [r for r in items if isinstance(r, Rejection)]


def test_jsonl_lines_the_json_parser_cannot_take_are_rejected_alone(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n"
                    + '{"id": "n", "text": "Numbers.", "published": ' + "9" * 5000 + "}\n"
                    + '{"id": "ok", "text": "The council met on Tuesday."}\n')
    found, rejected = read(path)
    assert [a.id for a in found] == ["ok"]
    assert [(r.line, r.code) for r in rejected] == [(1, "malformed_json"), (2, "malformed_json")]
    assert "nested too deeply" in rejected[0].message and "4300 digits" in rejected[1].message


def test_a_sidecar_line_nested_too_deeply_is_one_rejection(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Tuesday.\n")
    (tmp_path / "meta.jsonl").write_text("[" * 100_000 + "\n" + '{"file": "a.txt", "title": "Council"}\n')
    (article,), (rejection,) = read(tmp_path)
    assert article.title == "Council"
    assert (rejection.path, rejection.line, rejection.code) == (str(tmp_path / "meta.jsonl"), 1, "malformed_json")


def test_a_lone_surrogate_escape_in_jsonl_is_rejected_or_replaced(tmp_path):
    path = tmp_path / "surrogate.jsonl"
    path.write_text('{"id": "s", "text": "The council \\ud800 met.", "title": "\\udfff"}\n'
                    '{"id": "pair", "text": "A smile \\ud83d\\ude00 at the council."}\n')
    found, (rejection,) = read(path)
    assert [a.text for a in found] == ["A smile \U0001f600 at the council."]
    assert (rejection.line, rejection.code) == (1, "invalid_utf8") and "\\ud800" in rejection.message
    found, rejected = read(path, Config(encoding_errors="replace"))
    assert not rejected
    assert found[0].text == "The council \ufffd met." and found[0].title == "\ufffd"
    found[0].text.encode("utf-8")


def test_sidecar_values_that_are_not_strings_are_left_out(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Tuesday.\n")
    (tmp_path / "meta.jsonl").write_text('{"file": "a.txt", "url": {"x": 1}, "title": 5, "published": [1, 2], '
                                         '"source": "River Times"}\n')
    (article,), rejected = read(tmp_path)
    assert not rejected
    assert (article.url, article.title, article.source, article.published.value) == (None, None, "River Times", None)


def test_parquet_title_and_url_columns_of_other_types_are_left_out(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"text": ["The council met on Tuesday."], "title": pa.array([b"\x00bytes"]),
                             "url": [dt.datetime(2024, 3, 5)]}), path)
    (article,), rejected = read(path)
    assert not rejected
    assert (article.title, article.url, article.text) == (None, None, "The council met on Tuesday.")


def test_a_warc_response_without_a_target_uri_is_one_rejection(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("", "response", payload=io.BytesIO(b"<p>x</p>"), http_headers=headers))
    path = tmp_path / "crawl.warc"
    path.write_bytes(buf.getvalue())
    found, (rejection,) = read(path)
    assert not found
    assert (rejection.path, rejection.code) == (str(path), "malformed_warc")


def test_an_xhtml_doctype_with_an_internal_subset_leaves_no_markup_in_the_article(tmp_path):
    from pages import PARAGRAPHS

    path = tmp_path / "page.html"
    path.write_text('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY e "x">]><html><head><title>Council votes'
                    f"</title></head><body><article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article></body></html>")
    (article,), rejected = read(path)
    assert not rejected
    assert article.text == PARAGRAPHS[0] + "\n" + PARAGRAPHS[1]
    assert article.title == "Council votes"


def test_control_characters_inside_a_line_are_not_stored(tmp_path):
    path = tmp_path / "controls.jsonl"
    path.write_text('{"id": "c", "text": "The council\\u000cmet\\u0000 on \\u001b[1mTuesday\\u007f.\\u0085Then\\u000bit voted.",'
                    ' "title": "Council\\u0007 votes"}\n')
    (article,), rejected = read(path)
    assert not rejected
    assert (article.text, article.title) == ("The council met on [1mTuesday. Then it voted.", "Council votes")


def test_a_nanosecond_time_stamp_python_cannot_hold_is_one_rejection(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"text": ["The council met on Tuesday."],
                             "published": pa.array([467], type=pa.int64()).cast(pa.timestamp("ns"))}), path)
    found, (rejection,) = read(path)
    assert not found and (rejection.path, rejection.code) == (str(path), "malformed_parquet")


def test_a_date_past_year_9999_in_parquet_is_one_rejection(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"text": ["The council met on Tuesday."],
                             "published": pa.array([2**60], type=pa.int64()).cast(pa.timestamp("us"))}), path)
    found, (rejection,) = read(path)  # pyarrow's OverflowError crashed add
    assert not found and (rejection.path, rejection.code) == (str(path), "malformed_parquet")


def test_a_trec_doc_tag_that_is_not_one_is_rejected_alone(tmp_path):
    path = tmp_path / "news.sgml"
    path.write_text('<DOC id="a<b">\n<TEXT>The council met.</TEXT></DOC>\n'
                    "<DOC " + "x" * 400 + ">\n<TEXT>The mayor said no.</TEXT></DOC>\n"
                    "<DOC>\n<DOCNO> AP880217-0100 </DOCNO>\n<TEXT>The barrier was approved.</TEXT>\n</DOC>\n")
    found, rejected = read(path)
    assert [a.id for a in found] == ["AP880217-0100"]
    assert [(r.line, r.code) for r in rejected] == [(1, "malformed_trec"), (3, "malformed_trec")]


def test_a_warc_rejection_is_one_line(tmp_path):
    """Two records in one gzip member: warcio's reason is a paragraph over twelve lines."""
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for n in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://x.example/{n}", "response",
                                                      payload=io.BytesIO(b"<p>x</p>"), http_headers=headers))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(buf.getvalue(), mtime=0))
    found, rejected = read(path)
    assert not found and rejected[-1].code == "malformed_warc"
    assert "\n" not in str(rejected[-1]) and "warcio recompress" in rejected[-1].message


def test_an_input_rejection_reason_over_several_lines_becomes_one():
    from storyline.errors import InputRejected

    exc = InputRejected("a.warc", "malformed_warc", "malformed WARC (Unknown archive format,\n first line:\r\n x)")
    assert exc.message == "malformed WARC (Unknown archive format, first line: x)"
    assert str(exc) == "a.warc: " + exc.message


def test_feed_url_source_and_author_are_stored_as_one_clean_line(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                    "<title>River\u2028Times\n Daily</title><item><title>Council votes</title>"
                    "<link>https://x.example/a</link><author>Jane\u200b Doe\x85</author>"
                    "<description>The council met on Tuesday to approve the barrier.</description></item>"
                    "</channel></rss>", encoding="utf-8")
    (article,), rejected = read(path)
    assert not rejected
    assert (article.url, article.source, article.author) == ("https://x.example/a", "River Times Daily", "Jane Doe")


def test_jsonl_url_and_source_with_a_nel_or_control_character_are_stored_clean(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "u", "text": "The council met on Tuesday.", "url": "https://x.example/a\\u0085\\u0000",'
                    ' "source": "River\\u0085Times\\u001b", "author": "Jane\\u200b Doe\\n"}\n')
    (article,), rejected = read(path)
    assert not rejected
    assert (article.url, article.source, article.author) == ("https://x.example/a", "River Times", "Jane Doe")


def _atom_entry(tmp_path, content: str):
    """An Atom feed of one entry whose HTML content is ``content`` (inside a CDATA section), read."""
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry>'
                    "<title>Barrier</title><id>urn:x:0</id><updated>2024-03-05T10:00:00Z</updated>"
                    f'<content type="html"><![CDATA[{content}]]></content></entry></feed>')
    return read(path)


def test_a_cdata_section_nested_in_a_feed_entry_leaves_no_marks_in_the_article(tmp_path):
    """feedparser escapes an inner ``<![CDATA[`` as text; its marks are markup, not words."""
    (article,), rejected = _atom_entry(tmp_path, "<![CDATA[<p>The council met on Tuesday.</p>")
    assert article.text == "The council met on Tuesday." and not rejected


def test_a_feed_entry_keeps_the_noscript_notice_out_of_its_text(tmp_path):
    """A feed body is cleaned of code, styles and notices for browsers as a page is (one rule, ``drop_not_text``)."""
    (article,), rejected = _atom_entry(tmp_path, "<p>The council met on Tuesday.</p>"
                                                 "<noscript>Please enable JavaScript.</noscript><p>It voted.</p>")
    assert article.text == "The council met on Tuesday.\nIt voted." and not rejected


def test_a_warc_record_with_a_wrong_length_writes_nothing_to_the_terminal(tmp_path, capsys):
    """warcio writes a warning with the record's raw bytes to stderr; the user sees storyline's report only."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    page = b"<html><body><article><p>" + b"The council met on Tuesday to approve the barrier. " * 4 + b"</p></article></body></html>"
    for n in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://x.example/{n}", "response",
                                                      payload=io.BytesIO(page), http_headers=headers))
    data = buf.getvalue()
    length = re.search(rb"Content-Length: (\d+)", data)  # the first record's, made ten bytes short
    data = data[:length.start(1)] + str(int(length.group(1)) - 10).encode() + data[length.end(1):]
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    read(path)
    assert capsys.readouterr().err == ""


def test_a_script_or_frame_inside_a_heading_is_neither_title_nor_text(tmp_path):
    """trafilatura drops <script> from the text but took an <h1> holding one as the title; an
    unclosed <iframe> kept the page's closing tags as words."""
    head = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title></title></head><body><article>'
    (tmp_path / "script.html").write_bytes(head + b"The council met on Tuesday.<h1><script>var x = 1;</script></article></body></html>")
    (tmp_path / "frame.html").write_bytes(head + b"The council met on Tuesday.<h1><iframe></article></body></html>")
    found, rejected = read(tmp_path)
    assert not rejected and len(found) == 2
    for article in found:
        assert article.text == "The council met on Tuesday." and "var" not in (article.title or "") and "<" not in article.text
