import json

from pages import PARAGRAPHS, article_page, atom_feed, rss_feed, warc_bytes

from storyline import Config
from storyline.ingest import plan, read_paths
from storyline.model import Article, Rejection


def articles(paths, config=None):
    items = list(read_paths(paths, config))
    return [a for a in items if isinstance(a, Article)], [r for r in items if isinstance(r, Rejection)]


def test_text_folder_recursive_ids_and_path_dates(tmp_path):
    (tmp_path / "2010-01-21").mkdir()
    (tmp_path / "2010-01-21" / "1538.htm.txt").write_text("An earthquake struck Haiti on Tuesday.\n")
    (tmp_path / "notes.txt").write_text("Undated text here.\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden\n")
    found, rejected = articles([tmp_path])
    assert rejected == []
    by_id = {a.id: a for a in found}
    assert set(by_id) == {"2010-01-21/1538.htm.txt", "notes.txt"}
    assert by_id["2010-01-21/1538.htm.txt"].published.value == "2010-01-21"
    assert by_id["notes.txt"].published.precision == "unknown"


def test_single_file_id_is_its_name(seeds):
    found, _ = articles([seeds / "000_8218b4d8405101c4.txt"])
    assert [a.id for a in found] == ["000_8218b4d8405101c4.txt"]


def test_sidecar_metadata(seeds):
    found, rejected = articles([seeds])
    assert rejected == []
    by_id = {a.id: a for a in found}
    afp = by_id["000_8218b4d8405101c4.txt"]
    assert afp.published.value == "2018-12-02" and afp.published.origin == "metadata"
    assert afp.source == "BusinessLive (AFP wire copy)"
    assert afp.url.startswith("https://www.businesslive.co.za/")
    assert by_id["004_3d8a99a2a312c321.txt"].published.precision == "month"


def test_jsonl(tmp_path):
    lines = [
        {"id": "a1", "text": PARAGRAPHS[0], "title": "Flood barrier", "url": "https://x.org/a1", "source": "X", "published": "2024-03-05"},
        {"text": PARAGRAPHS[1], "url": "https://x.org/a2"},
        {"text": PARAGRAPHS[2]},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    found, rejected = articles([path])
    assert rejected == []
    assert [a.id for a in found] == ["a1", "https://x.org/a2", "batch.jsonl:3"]
    assert found[0].title == "Flood barrier" and found[0].published.value == "2024-03-05"
    assert found[0].format == "jsonl"


def _parquet(path, rows, **kwargs):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path, **kwargs)


def test_parquet_rows_are_the_jsonl_records(tmp_path):
    import datetime as dt

    rows = [
        {"id": "a1", "text": PARAGRAPHS[0], "title": "Flood barrier", "url": "https://x.org/a1",
         "published": dt.date(2024, 3, 5)},
        {"id": None, "text": PARAGRAPHS[1], "title": None, "url": "https://x.org/a2", "published": None},
        {"id": None, "text": "  ", "title": None, "url": None, "published": None},  # no text: this row alone
        {"id": None, "text": PARAGRAPHS[2], "title": None, "url": None, "published": None},
    ]
    _parquet(tmp_path / "batch.parquet", rows, row_group_size=2)  # rows in two groups
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "batch.jsonl").write_text("\n".join(json.dumps(
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items() if v is not None}) for r in rows))
    found, rejected = articles([tmp_path / "batch.parquet"])
    assert [a.id for a in found] == ["a1", "https://x.org/a2", "batch.parquet:4"]
    assert found[0].published.value == "2024-03-05" and found[0].format == "parquet"
    assert [(r.code, r.line) for r in rejected] == [("no_text", 3)]
    as_jsonl, _ = articles([tmp_path / "j" / "batch.jsonl"])
    assert [a.content_hash for a in found[:2]] == [a.content_hash for a in as_jsonl[:2]]


def test_bad_parquet_files_are_one_rejection_each(tmp_path):
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really" * 10)
    (tmp_path / "empty.parquet").write_bytes(b"")
    _parquet(tmp_path / "notext.parquet", [{"id": "x", "body": "words"}])
    _parquet(tmp_path / "big.parquet", [{"id": "x", "text": "word " * 100}, {"id": "y", "text": PARAGRAPHS[0]}])
    found, rejected = articles([tmp_path], Config(max_file_bytes=200))
    assert [a.id for a in found] == ["y"]
    assert sorted((r.path.rsplit("/", 1)[1], r.code) for r in rejected) == [
        ("big.parquet", "too_large"), ("empty.parquet", "empty"), ("junk.parquet", "malformed_parquet"),
        ("notext.parquet", "no_text")]


def test_html(tmp_path):
    page = tmp_path / "flood.html"
    page.write_text(article_page())
    found, rejected = articles([page])
    assert rejected == []
    (a,) = found
    assert a.title == "Council approves flood barrier"
    assert a.author == "Ana Lopez"
    assert a.source == "River Times"
    assert a.published.value == "2024-03-05"
    assert "flood barrier along the river" in a.text
    assert "Copyright" not in a.text and "Home" not in a.text


def test_rss_and_atom(tmp_path):
    (tmp_path / "news.rss").write_text(rss_feed())
    (tmp_path / "atom.xml").write_text(atom_feed())
    found, rejected = articles([tmp_path])
    assert rejected == []
    by_id = {a.id: a for a in found}
    assert set(by_id) == {"https://example.org/news/1", "https://example.org/news/2", "urn:atom-news:1"}
    one = by_id["https://example.org/news/1"]
    assert one.title == "Story 1" and one.source == "Example News"
    assert one.published.value == "2018-10-01"
    assert PARAGRAPHS[1] in one.text and "<p>" not in one.text
    assert by_id["urn:atom-news:1"].author == "Kim Lee"


def test_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes({"https://rivertimes.example/flood": article_page()}))
    assert plan([path])[0].kind == "warc"
    found, rejected = articles([path])
    assert rejected == []
    (a,) = found
    assert a.id == a.url == "https://rivertimes.example/flood"
    assert a.format == "warc" and "flood barrier" in a.text


def test_unknown_suffix_is_sniffed(tmp_path):
    (tmp_path / "page.php").write_text(article_page())
    (tmp_path / "feed.cgi").write_text(rss_feed())
    kinds = {s.relpath: s.kind for s in plan([tmp_path])}
    assert kinds == {"page.php": "html", "feed.cgi": "feed"}
