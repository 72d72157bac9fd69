"""Hypothesis strategies for tests/test_fuzz_readers.py: generated input files of every format the
readers take, valid or broken, each as a ``FuzzFile`` (name, bytes, whether the reader promises text
without markup for it).

Structured files are built from text that holds no ``<``, ``>`` or ``&`` of its own, so any of those
in an article read from them came from the markup; script, style and comment content carries the
``HIDDEN`` word, which no article may show. Broken files are those files (or random bytes) mutated:
cut, flipped, spliced, re-encoded, gzipped.
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass

from hypothesis import strategies as st

HIDDEN = "QZXHIDDENQZX"  # the content of script, style and comments: never in an article
SECRET = "QZXSECRETQZX"  # the content of a file an external entity points at: never read

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
COMBINING = "\u0301\u0308\u0327\u20dd"
ODD = "\u00a0\u2028\u2029\u0085\u3000\u00ad\ufffd"
CONTROLS = "\x00\x01\x07\x0b\x0c\x1b\x7f\x9b"
SCRIPTS = "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u4f60\u597d \u0928\u092e\u0938\u094d\u0924\u0947 \U0001f600"

_PLAIN = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?'\"()-/"
# Text with none of the markup characters of HTML, XML or SGML: what the structured files hold.
safe_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(_PLAIN),
        st.sampled_from(ZERO_WIDTH + BIDI + COMBINING + ODD + SCRIPTS),
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>&"),
    ),
    max_size=60,
)
sentence = st.builds(lambda words, tail: " ".join(words) + tail,
                     st.lists(st.sampled_from(["The", "council", "met", "on", "Tuesday", "to", "approve",
                                               "a", "flood", "barrier", "river", "mayor", "said", "2024"]),
                              min_size=4, max_size=14),
                     st.sampled_from([".", "!", "?", ""]))
prose = st.lists(st.one_of(sentence, safe_text), min_size=1, max_size=6).map(" ".join)


@st.composite
def long_line(draw, pieces=safe_text) -> str:
    """A line of up to ~1 MB: a short piece repeated."""
    piece = draw(pieces) or "word"
    return piece * draw(st.integers(1, 1_000_000 // max(1, len(piece))))


paragraph = st.one_of(prose, prose, prose, prose, long_line(), long_line(sentence))


@dataclass
class FuzzFile:
    name: str
    data: bytes
    clean: bool = False  # the reader promises text without markup for this file


ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"]


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def mixed_encodings(draw, texts) -> bytes:
    """Pieces of text, each in its own encoding (UTF-8, UTF-16 with or without its BOM, Latin-1...)."""
    return b"".join(encode(draw(texts), draw(st.sampled_from(ENCODINGS)))
                    for _ in range(draw(st.integers(1, 4))))


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` with a few byte-level accidents: cut, flipped, inserted, deleted, duplicated."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "flip", "insert", "delete", "repeat"]))
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=16), st.sampled_from(
                [b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00", b"\xc3", b"\xed\xa0\x80", b"\r", b"\n" * 3])))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 256))] * draw(st.integers(1, 50))
    return bytes(data)


@st.composite
def gzipped(draw, data: bytes) -> tuple[bytes, bool]:
    """(the bytes, whether they are gzip): left alone, or gzipped and sometimes cut or flipped."""
    if not draw(st.booleans()):
        return data, False
    packed = gzip.compress(data, mtime=0)
    if draw(st.integers(0, 3)) == 0:
        packed = draw(mutated(packed))
    return packed, True


@st.composite
def any_file(draw, name: str, structured, clean: bool) -> FuzzFile:
    """A file named ``name`` (``.gz`` added when gzipped): a structured one as it is, the same
    mutated, random bytes or mixed encodings; ``clean`` holds only for the unmutated structured file."""
    kind = draw(st.sampled_from(["structured", "structured", "mutated", "bytes", "encodings"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=4096))
    elif kind == "encodings":
        data = draw(mixed_encodings(st.one_of(paragraph, structured.map(lambda b: b.decode("utf-8", "replace")))))
    else:
        data = draw(structured)
        if kind == "mutated":
            data = draw(mutated(data))
    data, packed = draw(gzipped(data))
    return FuzzFile(name + (".gz" if packed else ""), data, clean and kind == "structured")


# --- HTML -------------------------------------------------------------------------------------------

_BLOCK = ["p", "div", "section", "article", "li", "h1", "h2", "blockquote", "td", "span", "a", "b", "em",
          "font", "marquee", "svg", "math", "template", "noscript", "iframe", "form", "textarea", "foo:bar"]


def _attrs(draw) -> str:
    names = draw(st.lists(st.sampled_from(["class", "id", "href", "style", "onclick", "data-x"]), max_size=2))
    return "".join(f' {name}="{draw(safe_text)}"' for name in names)


@st.composite
def html_body(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["text", "text", "element", "element", "hidden", "entity", "void", "cdata"]))
        if kind == "text":
            parts.append(draw(paragraph) if depth == 0 else draw(prose))
        elif kind == "element" and depth < 4:
            tag = draw(st.sampled_from(_BLOCK))
            closed = draw(st.booleans()) or tag == "p"
            parts.append(f"<{tag}{_attrs(draw)}>{draw(html_body(depth + 1))}" + (f"</{tag}>" if closed else ""))
        elif kind == "hidden":
            what = draw(st.sampled_from(["script", "style", "comment"]))
            parts.append(f"<!-- {HIDDEN} -->" if what == "comment" else f"<{what}>var {HIDDEN} = 1;</{what}>")
        elif kind == "entity":
            parts.append(draw(st.sampled_from(["&amp;", "&nbsp;", "&eacute;", "&#8203;", "&#x202E;", "&#0;",
                                               "&#x110000;", "&#xD800;", "&#65;", "&bogus;", "&#9999999999;"])))
        elif kind == "void":
            parts.append(draw(st.sampled_from(["<br>", "<hr/>", '<img src="x.png" alt="">', "<wbr>", "<meta>"])))
        elif kind == "cdata":
            parts.append(f"<![CDATA[{draw(prose)}]]>")
    return "".join(parts)


@st.composite
def html_page(draw) -> bytes:
    """A page: ordinary, deeply nested (up to 20,000 levels) or huge (up to ~2 MB of paragraphs)."""
    title = draw(safe_text)
    shape = draw(st.sampled_from(["plain", "plain", "nested", "huge", "fragment"]))
    body = draw(html_body())
    if shape == "nested":
        depth = draw(st.integers(100, 20_000))
        tag = draw(st.sampled_from(["div", "span", "b", "table", "ul"]))
        body = f"<{tag}>" * depth + body + f"</{tag}>" * draw(st.integers(0, depth))
    elif shape == "huge":
        body = "".join(f"<p>{draw(prose)} {i}</p>" for i in range(draw(st.integers(1, 40)))) * draw(st.integers(1, 1000))
    charset = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "shift_jis", "bogus-charset", ""]))
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "", '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY e "x">]>']))
    page = (f'{doctype}<html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><article>{body}</article></body></html>")
    if shape == "fragment":
        page = body
    return page.encode("utf-8")


def html_file() -> st.SearchStrategy[FuzzFile]:
    return any_file("page.html", html_page(), clean=True)


# --- JSONL and meta.jsonl ----------------------------------------------------------------------------

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), safe_text, paragraph)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(safe_text, inner, max_size=4)), max_leaves=12)


@st.composite
def json_record(draw, keys: list[str]) -> dict:
    """A record whose fields are the expected ones, of the expected type or of any other."""
    record = {}
    for key in draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))):
        record[key] = draw(st.one_of(paragraph, safe_text, json_value)) if key == "text" else draw(
            st.one_of(safe_text, json_value, st.sampled_from(["2024-03-05", "Tue, 05 Mar 2024 10:00:00 GMT",
                                                               "99999-99-99", "0001-01-01", "2024-02-30"])))
    return record


_ARTICLE_KEYS = ["id", "text", "title", "url", "source", "author", "published", "extra"]


@st.composite
def json_line(draw, keys: list[str] = _ARTICLE_KEYS) -> bytes:
    kind = draw(st.sampled_from(["record", "record", "record", "broken", "scalar", "deep", "bignum", "escapes",
                                 "blank", "huge"]))
    if kind == "record":
        return json.dumps(draw(json_record(keys)), ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    if kind == "broken":
        line = json.dumps(draw(json_record(keys)))
        return line[: draw(st.integers(0, max(0, len(line) - 1)))].encode("utf-8", "surrogatepass")
    if kind == "scalar":
        return json.dumps(draw(json_value)).encode()
    if kind == "deep":
        depth = draw(st.integers(100, 200_000))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"text":', "}")]))
        return (opener * depth + '"x"' + closer * draw(st.integers(0, depth))).encode()
    if kind == "bignum":
        return ('{"id": "n", "text": "Numbers.", "published": ' + "9" * draw(st.integers(4000, 20_000)) + "}").encode()
    if kind == "escapes":
        escape = draw(st.sampled_from(["\\ud800", "\\udfff", "\\u0000", "\\u202e", "\\u200b", "\\ufeff", "\\x41",
                                       "\\uD83D\\uDE00", "\\uDE00\\uD83D"]))
        return ('{"id": "e", "text": "The council ' + escape + ' met on Tuesday.", "title": "' + escape + '"}').encode()
    if kind == "huge":
        return json.dumps({"id": "h", "text": draw(long_line(sentence)), "title": draw(long_line())}).encode()
    return draw(st.sampled_from([b"", b"   ", b"\r", b"\t"]))


@st.composite
def jsonl_data(draw, keys: list[str] = _ARTICLE_KEYS) -> bytes:
    sep = draw(st.sampled_from([b"\n", b"\r\n", b"\n\n"]))
    return sep.join(draw(st.lists(json_line(keys), min_size=1, max_size=6))) + draw(st.sampled_from([b"", b"\n"]))


def jsonl_file() -> st.SearchStrategy[FuzzFile]:
    return any_file("batch.jsonl", jsonl_data(), clean=False)


def sidecar_data() -> st.SearchStrategy[bytes]:
    """meta.jsonl lines for the files ``a.txt`` and ``b.html`` beside it (or for files not there)."""
    return st.one_of(
        jsonl_data(["file", "title", "url", "source", "author", "published"]).map(
            lambda data: data.replace(b'"file": "', b'"file": "a.txt', 1)),
        st.lists(json_record(["title", "url", "source", "author", "published"]).map(
            lambda r: json.dumps({"file": "a.txt", **r}, ensure_ascii=False).encode("utf-8", "surrogatepass")),
            min_size=1, max_size=3).map(b"\n".join),
        st.builds(lambda r, f: json.dumps({**r, "file": f}).encode(),
                  json_record(["title", "url", "source", "author", "published"]), st.sampled_from(["b.html", 5, None])),
        st.binary(max_size=512),
    )


# --- feeds (RSS 2.0, Atom, RSS 1.0 / RDF) -----------------------------------------------------------

LAUGHS = ('<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)))
_DOCTYPES = [
    "",
    f"<!DOCTYPE rss [{LAUGHS}]>",
    '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
    '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>',
    '<!DOCTYPE rss SYSTEM "http://example.invalid/rss.dtd">',
    '<!DOCTYPE rss [<!ENTITY a "&b;"><!ENTITY b "&a;">]>',
]
_REFERENCES = ["", "&lol9;", "&lol5;", "&xxe;", "&a;", "&undefined;", "&amp;", "&#x202E;", "&#0;"]


@st.composite
def feed_entry_body(draw) -> str:
    """An entry body: plain text, escaped HTML (with script and style) or HTML in CDATA."""
    kind = draw(st.sampled_from(["plain", "escaped", "cdata"]))
    html = draw(html_body())
    if kind == "plain":
        return draw(paragraph)
    if kind == "escaped":
        return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<![CDATA[" + html.replace("]]>", "") + "]]>"


@st.composite
def feed_data(draw, secret: str) -> bytes:
    flavour = draw(st.sampled_from(["rss", "atom", "rdf"]))
    doctype = draw(st.sampled_from(_DOCTYPES)).replace("{secret}", secret)
    entries = []
    for n in range(draw(st.integers(0, 5))):
        title = draw(safe_text) + draw(st.sampled_from(_REFERENCES))
        body = draw(feed_entry_body()) + draw(st.sampled_from(_REFERENCES))
        guid = draw(st.one_of(st.just(f"urn:fuzz:{n}"), safe_text))
        if flavour == "atom":
            entries.append(f"<entry><title>{title}</title><id>{guid}</id><updated>2024-03-05T10:00:00Z</updated>"
                           f'<content type="html">{body}</content></entry>')
        elif flavour == "rdf":
            entries.append(f'<item rdf:about="{guid}"><title>{title}</title><link>https://x.example/{n}</link>'
                           f"<description>{body}</description></item>")
        else:
            entries.append(f"<item><title>{title}</title><guid>{guid}</guid>"
                           f"<pubDate>{draw(st.sampled_from(['Tue, 05 Mar 2024 10:00:00 GMT', 'yesterday', '']))}</pubDate>"
                           f"<description>{body}</description></item>")
    items = "".join(entries)
    items *= draw(st.sampled_from([1, 1, 1, max(1, 2_000_000 // max(1, len(items)))]))  # up to ~2 MB of entries
    declaration = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>',
                                        '<?xml version="1.0" encoding="ISO-8859-1"?>',
                                        '<?xml version="1.0" encoding="UTF-16"?>', ""]))
    if flavour == "atom":
        body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Fuzz</title>{items}</feed>'
    elif flavour == "rdf":
        body = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
                f"<channel><title>Fuzz</title></channel>{items}</rdf:RDF>")
    else:
        body = f'<rss version="2.0"><channel><title>Fuzz</title>{items}</channel></rss>'
    return (declaration + doctype + body).encode("utf-8")


def feed_file(secret: str) -> st.SearchStrategy[FuzzFile]:
    return st.builds(lambda f, suffix: FuzzFile(f.name.replace(".xml", suffix), f.data, f.clean),
                     any_file("feed.xml", feed_data(secret), clean=True), st.sampled_from([".xml", ".rss", ".atom", ".rdf"]))


# --- TREC SGML ---------------------------------------------------------------------------------------


@st.composite
def trec_doc(draw) -> str:
    docno = draw(st.one_of(st.sampled_from(["APW19990421.0284", "AP880217-0100", "FT921-1234", "NYT20001231.0001"]),
                           safe_text))
    paras = draw(st.lists(paragraph, min_size=0, max_size=4))
    if draw(st.booleans()):
        text = "".join(f"<P>{p}</P>\n" for p in paras)
    else:
        text = "\n\n".join(paras)
    text += draw(st.sampled_from(["", " &amp; ", " &HT; ", " bare & sign ", " &#x202E; ", " &#0; "]))
    head = draw(st.sampled_from(["HEADLINE", "HL", "HEAD", "TITLE"]))
    date = draw(st.sampled_from(["DATE_TIME", "DATE", "DD"]))
    opening = draw(st.sampled_from(["<DOC>", f'<DOC id="{docno}" type="story">', "<doc>"]))
    parts = [opening, f"<DOCNO> {docno} </DOCNO>", f"<{head}>{draw(safe_text)}</{head}>",
             f"<{date}>{draw(st.sampled_from(['1999-04-21', '920114', '03/24/87', 'January 1, 1989', '99/99/99', '']))}</{date}>",
             f"<TEXT>\n{text}\n</TEXT>", f"<UNKNOWN>{draw(safe_text)}</UNKNOWN>"]
    ending = draw(st.sampled_from(["</DOC>", "</DOC>", "</DOC>", "</doc >", ""]))
    return "\n".join(parts) + ending


@st.composite
def trec_data(draw) -> bytes:
    docs = draw(st.lists(trec_doc(), min_size=1, max_size=5))
    prefix = draw(st.sampled_from(["", '<?xml version="1.0"?>\n', "<DOCSTREAM>\n", "\ufeff"]))
    return (prefix + "\n".join(docs) + "\n").encode("utf-8")


def trec_file() -> st.SearchStrategy[FuzzFile]:
    return st.builds(lambda f, suffix: FuzzFile(f.name.replace(".sgml", suffix), f.data, f.clean),
                     any_file("news.sgml", trec_data(), clean=True), st.sampled_from([".sgml", ".sgm", "", ".txt"]))


# --- WARC --------------------------------------------------------------------------------------------


@st.composite
def warc_data(draw) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=draw(st.booleans()))
    for n in range(draw(st.integers(0, 4))):
        first = n == 0  # a crawl's first record is a page, as a real crawl's are: so some WARCs give articles
        ctype = "text/html; charset=utf-8" if first else draw(st.sampled_from(
            ["text/html; charset=utf-8", "text/html", "TEXT/HTML; charset=bogus", "text/plain", "image/png", ""]))
        status = "200 OK" if first else draw(st.sampled_from(["200 OK", "200 OK", "404 Not Found", "301 Moved", "2xx", "999 ?"]))
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        kind = "response" if first else draw(st.sampled_from(["response", "response", "resource", "request", "metadata"]))
        payload = draw(html_page()) if first else draw(st.one_of(html_page(), st.binary(max_size=256)))
        uri = draw(st.sampled_from([f"https://fuzz.example/{n}", "", "not a uri", "https://fuzz.example/\u202e"]))
        fixed = {"WARC-Date": "2024-03-05T10:00:00Z", "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>"}
        writer.write_record(writer.create_warc_record(
            uri, kind, payload=io.BytesIO(payload), warc_headers_dict=fixed,
            http_headers=headers if kind in ("response", "request") else None))
    return buf.getvalue()


def binary_format_file(name: str, structured, magic: bytes = b"", clean: bool = False) -> st.SearchStrategy[FuzzFile]:
    """A file of a binary format: half well-formed, a quarter cut or flipped, a quarter noise
    (after the format's ``magic``). ``clean``: the reader promises no markup in a well-formed one."""
    kind = st.sampled_from(["structured", "structured", "mutated", "bytes"])
    return st.builds(
        lambda k, data, noise, cut: FuzzFile(
            name, data if k == "structured" else magic + noise if k == "bytes" else cut, clean and k == "structured"),
        kind, structured, st.binary(max_size=2048), structured.flatmap(mutated))


def warc_file() -> st.SearchStrategy[FuzzFile]:
    return binary_format_file("crawl.warc", warc_data(), clean=True)


# --- Parquet -----------------------------------------------------------------------------------------


@st.composite
def parquet_data(draw) -> bytes:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = draw(st.integers(0, 12))
    columns = {}
    for name in draw(st.lists(st.sampled_from(["id", "text", "title", "url", "source", "author", "published",
                                               "other"]), unique=True, min_size=1, max_size=8)):
        kind = draw(st.sampled_from(["string", "string", "string", "int", "binary", "list", "struct", "null",
                                     "timestamp", "date", "float", "dictionary"]))
        if kind == "string":
            values = draw(st.lists(st.one_of(st.none(), paragraph, safe_text), min_size=rows, max_size=rows))
            column = pa.array(values, type=pa.string())
        elif kind == "dictionary":
            column = pa.array(draw(st.lists(st.one_of(st.none(), safe_text), min_size=rows, max_size=rows)),
                              type=pa.string()).dictionary_encode()
        elif kind == "int":
            column = pa.array(draw(st.lists(st.integers(-2**63, 2**63 - 1), min_size=rows, max_size=rows)), type=pa.int64())
        elif kind == "float":
            column = pa.array(draw(st.lists(st.floats(), min_size=rows, max_size=rows)), type=pa.float64())
        elif kind == "binary":
            column = pa.array(draw(st.lists(st.binary(max_size=64), min_size=rows, max_size=rows)), type=pa.binary())
        elif kind == "list":
            column = pa.array(draw(st.lists(st.lists(safe_text, max_size=3), min_size=rows, max_size=rows)))
        elif kind == "struct":
            column = pa.array([{"a": draw(safe_text)} for _ in range(rows)], type=pa.struct([("a", pa.string())]))
        elif kind == "timestamp":
            unit = draw(st.sampled_from(["s", "ms", "us", "ns"]))
            reach = 2**62 // 1000 if unit == "s" else 2**62  # Parquet keeps seconds as milliseconds
            column = pa.array(draw(st.lists(st.integers(-reach, reach), min_size=rows, max_size=rows)),
                              type=pa.int64()).cast(pa.timestamp(unit, tz=draw(st.sampled_from([None, "UTC"]))))
        elif kind == "date":
            column = pa.array(draw(st.lists(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), min_size=rows,
                                            max_size=rows)), type=pa.date32())
        else:
            column = pa.nulls(rows)
        columns[name] = column
    buf = io.BytesIO()
    pq.write_table(pa.table(columns), buf, row_group_size=draw(st.sampled_from([1, 5, 1000])))
    return buf.getvalue()


def parquet_file() -> st.SearchStrategy[FuzzFile]:
    return binary_format_file("rows.parquet", parquet_data(), magic=b"PAR1")


# --- plain text --------------------------------------------------------------------------------------


@st.composite
def text_data(draw) -> bytes:
    control_inside = st.builds(lambda a, c, b: a + c + b, prose, st.sampled_from(CONTROLS), prose)
    lines = draw(st.lists(st.one_of(paragraph, paragraph, control_inside, st.sampled_from(
        ["", "   ", "Photo: Jane Doe/AP", "WASHINGTON (Reuters) - ", "\f", CONTROLS, ZERO_WIDTH * 3, BIDI])),
        min_size=1, max_size=8))
    return draw(st.sampled_from(["\n", "\r\n", "\r", "\u2028"])).join(lines).encode("utf-8", "surrogatepass")


def text_file() -> st.SearchStrategy[FuzzFile]:
    return st.builds(lambda f, suffix: FuzzFile(f.name.replace(".txt", suffix), f.data, False),
                     any_file("story.txt", text_data(), clean=False), st.sampled_from([".txt", ".md", ""]))


# --- news XML (NITF, NewsML-G2, TimeML, and XML of no news format) ----------------------------------

_XML_DOCTYPES = [
    "",
    "<!DOCTYPE {root} [" + LAUGHS + "]>",
    '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>',
    '<!DOCTYPE {root} [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>',
    '<!DOCTYPE {root} SYSTEM "file://{secret}">',
    '<!DOCTYPE {root} PUBLIC "-//IPTC//DTD NITF 3.4//EN" "http://example.invalid/nitf.dtd">',
    '<!DOCTYPE {root} [<!ENTITY a "&b;"><!ENTITY b "&a;">]>',
]
_XML_REFERENCES = ["", "", "&lol9;", "&xxe;", "&a;", "&undefined;", "&amp;", "&#x202E;", "&#0;", "&#x110000;"]


@st.composite
def xml_text(draw, references: list[str]) -> str:
    """Element text: prose or a huge line, with one of ``references`` after it."""
    return draw(paragraph) + draw(st.sampled_from(references))


@st.composite
def xml_data(draw, secret: str) -> bytes:
    flavour = draw(st.sampled_from(["nitf", "newsItem", "newsMessage", "timeml", "other"]))
    hostile = draw(st.booleans())  # a DOCTYPE and entity references; else a document that can be read
    references = _XML_REFERENCES if hostile else [""]
    paras = "".join(f"<p>{draw(xml_text(references))}</p>" for _ in range(draw(st.integers(0, 4))))
    if draw(st.integers(0, 4)) == 0:  # deep nesting, past the 256 levels the reader takes
        depth = draw(st.integers(50, 20_000))
        paras = "<block>" * depth + paras + "</block>" * draw(st.sampled_from([depth, 0]))
    title = draw(safe_text) + draw(st.sampled_from(references))
    if flavour == "nitf":
        root = "nitf"
        body = (f'<nitf><head><title>{title}</title><docdata><date.issue norm="{draw(st.sampled_from(["20240305", "2024-99-99", ""]))}"/>'
                f'</docdata><pubdata name="{draw(safe_text)}"/></head><body><body.head><hedline><hl1>{title}</hl1></hedline>'
                f"<byline>By {draw(safe_text)}</byline><dateline>{draw(safe_text)}</dateline></body.head>"
                f"<body.content>{paras}</body.content></body></nitf>")
    elif flavour in ("newsItem", "newsMessage"):
        hidden = f"<script>var {HIDDEN} = 1;</script><style>.{HIDDEN} {{}}</style>" if draw(st.booleans()) else ""
        inline = draw(st.sampled_from([
            f'<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>{hidden}{paras}</body></html></inlineXML>',
            f'<inlineData contenttype="text/plain">{draw(xml_text(references))}</inlineData>']))
        item = (f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:fuzz:{draw(safe_text)}">'
                f"<itemMeta><firstCreated>{draw(st.sampled_from(['2024-03-05T10:00:00Z', 'soon', '']))}</firstCreated>"
                f'<link rel="irel:canonical" href="https://x.example/{draw(safe_text)}"/></itemMeta>'
                f"<contentMeta><headline>{title}</headline></contentMeta><contentSet>{inline}</contentSet></newsItem>")
        root = flavour
        body = item if flavour == "newsItem" else (
            f'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>{item * draw(st.integers(0, 3))}</itemSet></newsMessage>')
    elif flavour == "timeml":
        root = "TimeML"
        sentences = "".join(f'<s>{draw(prose)} <EVENT eid="e{n}" class="OCCURRENCE">met</EVENT> '
                            f'<TIMEX3 tid="t{n}" type="DATE" value="2024-03-05">Tuesday</TIMEX3>.{draw(st.sampled_from(references))}</s>'
                            for n in range(draw(st.integers(0, 4))))
        body = (f'<TimeML><DOCID>fuzz</DOCID><DCT><TIMEX3 tid="t0" type="DATE" functionInDocument="CREATION_TIME" '
                f'value="{draw(st.sampled_from(["2024-03-05", "XXXX-XX-XX", ""]))}">x</TIMEX3></DCT>'
                f"<TITLE>{title}</TITLE><TEXT>{sentences}{paras}</TEXT></TimeML>")
    else:
        root = draw(st.sampled_from(["catalog", "svg", "html", "x:doc"]))
        namespace = ' xmlns:x="urn:x"' if ":" in root else ""
        body = f"<{root}{namespace}>{paras}</{root}>"
    doctype = draw(st.sampled_from(_XML_DOCTYPES if hostile else [""])).replace("{root}", root).replace("{secret}", secret)
    declaration = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>', "",
                                        '<?xml version="1.0" encoding="ISO-8859-1"?>', '<?xml version="1.1"?>']))
    return (declaration + doctype + body).encode("utf-8")


def xml_file(secret: str) -> st.SearchStrategy[FuzzFile]:
    return st.builds(lambda f, suffix: FuzzFile(f.name.replace(".xml", suffix), f.data, f.clean),
                     any_file("news.xml", xml_data(secret), clean=True), st.sampled_from([".xml", ".nitf", ".newsml", ".tml"]))


# --- the inputs every target starts from -------------------------------------------------------------

_PROSE = "The council met on Tuesday to approve the flood barrier along the river. " * 3


def _warc_page() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    page = f"<html><head><title>Barrier</title></head><body><article><p>{_PROSE}</p></article></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://fuzz.example/0", "response", payload=io.BytesIO(page.encode()), http_headers=headers,
        warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z",
                           "WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-000000000000>"}))
    return buf.getvalue()


def _parquet_rows() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table({"id": ["p1"], "text": [_PROSE], "published": ["2024-03-05"]}), buf)
    return buf.getvalue()


def sure_files(reader: str) -> tuple[FuzzFile, FuzzFile]:
    """One input the reader must store and one it must reject: every run tries both outcomes,
    whatever the generated inputs happen to be (so a short run's coverage is not left to its seed)."""
    page = f"<html><body><article><p>{_PROSE}</p></article></body></html>".encode()
    good, bad = {
        "text": (FuzzFile("story.txt", _PROSE.encode()), FuzzFile("story.txt", b"")),
        "html": (FuzzFile("page.html", page, True), FuzzFile("page.html", b"<html><body></body></html>", True)),
        "jsonl": (FuzzFile("a.jsonl", b'{"id": "j1", "text": "' + _PROSE.encode() + b'"}\n'),
                  FuzzFile("a.jsonl", b'{"id": "j1", "text": \n')),
        "feed": (FuzzFile("feed.xml", (f'<rss version="2.0"><channel><title>Fuzz</title><item><title>Barrier</title>'
                                       f"<guid>urn:fuzz:0</guid><description>{_PROSE}</description></item></channel></rss>").encode(), True),
                 FuzzFile("feed.xml", b'<rss version="2.0"><channel><item><title>cut', True)),
        "xml": (FuzzFile("news.xml", (f"<nitf><head><title>Barrier</title></head><body><body.content><p>{_PROSE}</p>"
                                      "</body.content></body></nitf>").encode(), True),
                FuzzFile("news.xml", b"<catalog><p>not news</p></catalog>", True)),
        "trec": (FuzzFile("news.sgml", f"<DOC>\n<DOCNO> FT921-1234 </DOCNO>\n<TEXT>\n{_PROSE}\n</TEXT>\n</DOC>\n".encode(), True),
                 FuzzFile("news.sgml", b"<DOC>\n<DOCNO> FT921-1234 </DOCNO>\n<TEXT>\n</TEXT>\n</DOC>\n", True)),
        "warc": (FuzzFile("crawl.warc", _warc_page(), True), FuzzFile("crawl.warc", b"WARC/1.0\r\nnot a record\r\n\r\n")),
        "parquet": (FuzzFile("rows.parquet", _parquet_rows()), FuzzFile("rows.parquet", b"PAR1 not parquet")),
    }[reader]
    return good, bad
