"""Large inputs read as streams: each record limited on its own, gzip read as it decompresses."""

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

from pages import PARAGRAPHS, article_page, atom_feed, rss_feed, warc_bytes

from storyline import Config, add, build, open_store
from storyline.ingest import plan, read_source
from storyline.ingest.feed import read_feed
from storyline.ingest.trec import _documents

GB = 1 << 30


def _record(i: int) -> str:
    return json.dumps({"id": f"r{i}", "text": f"{PARAGRAPHS[i % len(PARAGRAPHS)]} Report number {i}."})


def _read(path: Path, config: Config) -> list:
    return list(read_source(plan([path])[0], config))


def _ids_and_rejections(items) -> tuple[list[str], list[str]]:
    ids = [x.id for x in items if hasattr(x, "id")]
    return ids, [str(x) for x in items if not hasattr(x, "id")]


def test_jsonl_record_over_the_limit_is_rejected_by_line_and_the_rest_stored(tmp_path, store):
    lines = [_record(0), _record(1), "{broken", json.dumps({"id": "big", "text": "x" * 5000}), _record(2)]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = add(store, [path], Config(max_file_bytes=2000))
    assert sorted(report.stored) == ["r0", "r1", "r2"]
    rejected = {r.line: (r.code, r.message) for r in report.rejected}
    assert rejected[3][0] == "malformed_json"
    assert rejected[4][0] == "too_large" and "2,000-byte limit" in rejected[4][1]
    assert len(rejected) == 2


def test_invalid_utf8_rejects_only_its_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes((_record(0) + "\n").encode() + b'{"id": "bad", "text": "caf\xe9"}\n' + (_record(1) + "\n").encode())
    ids, rejections = _ids_and_rejections(_read(path, Config()))
    assert ids == ["r0", "r1"]
    assert len(rejections) == 1 and "mixed.jsonl:2: invalid UTF-8" in rejections[0]


def test_gzipped_jsonl_trec_and_text_are_read(tmp_path):
    with gzip.open(tmp_path / "batch.jsonl.gz", "wt") as f:
        f.write("\n".join(_record(i) for i in range(3)) + "\n")
    with gzip.open(tmp_path / "nyt_eng_199407", "wt") as f:  # Gigaword: a gzipped SGML file, no suffix
        f.write("".join(f'<DOC id="NYT{i}" type="story">\n<TEXT>\n<P>\n{PARAGRAPHS[i]}\n</P>\n</TEXT>\n</DOC>\n'
                        for i in range(2)))
    with gzip.open(tmp_path / "note.txt.gz", "wt") as f:
        f.write(PARAGRAPHS[3])
    kinds = {s.relpath: s.kind for s in plan([tmp_path])}
    assert kinds == {"batch.jsonl.gz": "jsonl", "nyt_eng_199407": "trec", "note.txt.gz": "text"}
    items = [x for s in plan([tmp_path]) for x in read_source(s, Config())]
    ids, rejections = _ids_and_rejections(items)
    assert rejections == []
    assert sorted(ids) == ["NYT0", "NYT1", "note.txt.gz", "r0", "r1", "r2"]


def test_a_gzip_bomb_is_one_rejection_and_what_came_before_is_kept(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as f:
        f.write((_record(0) + "\n").encode())
        f.write(b" " * 50_000_000)  # compresses to about 50 kB
    items = _read(path, Config(max_decompressed_bytes=10_000_000))
    ids, rejections = _ids_and_rejections(items)
    assert ids == ["r0"]
    assert len(rejections) == 1 and "decompresses to over 10,000,000 bytes" in rejections[0]


def test_a_cut_off_gzip_file_keeps_its_complete_records(tmp_path):
    whole = gzip.compress("\n".join(_record(i) for i in range(200)).encode() + b"\n")
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    items = _read(path, Config())
    ids, rejections = _ids_and_rejections(items)
    assert 0 < len(ids) < 200
    assert len(rejections) == 1 and "corrupt or cut-off gzip data" in rejections[0]


def test_trec_documents_are_found_across_read_pieces_and_a_long_one_is_rejected(tmp_path):
    docs = [f"<DOC>\n<DOCNO> D{i} </DOCNO>\n<TEXT>\n{PARAGRAPHS[i % 3][:80]}\n</TEXT>\n</DOC>\n" for i in range(6)]
    docs[3] = docs[3].replace("<TEXT>\n", "<TEXT>\n" + "word " * 100 + "\n")
    text = "".join(docs)
    whole = list(_documents(iter([text]), 300))
    pieces = list(_documents(iter(text[i:i + 7] for i in range(0, len(text), 7)), 300))
    assert pieces == whole
    assert [d is None for _, _, d in whole] == [False, False, False, True, False, False]
    (tmp_path / "wire.sgml").write_text(text)
    ids, rejections = _ids_and_rejections(_read(tmp_path / "wire.sgml", Config(max_file_bytes=300)))
    assert ids == ["D0", "D1", "D2", "D4", "D5"]
    assert rejections == [f"{tmp_path / 'wire.sgml'}:19: document 4 is over the 300-byte limit for one article "
                          "(raise it with --max-size)"]


def test_warc_record_over_the_limit_is_rejected_by_number(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    small, large = article_page(), article_page(body=PARAGRAPHS * 20)
    path.write_bytes(warc_bytes({"https://example.org/small": small, "https://example.org/large": large}))
    items = _read(path, Config(max_file_bytes=len(small.encode()) + 1000))
    ids, rejections = _ids_and_rejections(items)
    assert ids == ["https://example.org/small"]
    assert rejections == [f"{path}#https://example.org/large: record 2 is over the "
                          f"{len(small.encode()) + 1000:,}-byte limit for one article (raise it with --max-size)"]


def test_a_streamed_feed_reads_as_the_whole_one_does():
    for feed in (rss_feed(), atom_feed()):
        data = feed.encode()
        whole = [(a.id, a.title, a.source, a.published, a.text) for a in read_feed("f", "f", io.BytesIO(data), Config())]
        streamed = [(a.id, a.title, a.source, a.published, a.text)
                    for a in read_feed("f", "f", io.BytesIO(data), Config(), in_memory=100)]
        assert whole and streamed == whole


ADD_AND_MEASURE = """
import sys
from storyline import Config, add, open_store
report = add(open_store(sys.argv[1]), [sys.argv[2]], Config(max_file_bytes=1_000_000))
print(len(report.stored), [(r.line, r.code) for r in report.rejected])
# VmHWM: this program's peak (ru_maxrss would count the forked test runner's image before exec)
print(next(int(line.split()[1]) // 1024 for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""


def test_a_1_gb_jsonl_is_added_in_flat_memory(tmp_path):
    """1 GB: good records, a broken line and a 1 GB-long record among them; `add` stays small."""
    path = tmp_path / "huge.jsonl"
    with path.open("w") as f:
        for i in range(300):
            f.write(_record(i) + "\n")
        f.write('{"id": "broken", "text": \n')
        f.write('{"id": "huge", "text": "')
        chunk = "all work and no play " * 50_000
        for _ in range(GB // len(chunk) + 1):
            f.write(chunk)
        f.write('"}\n')
        for i in range(300, 600):
            f.write(_record(i) + "\n")
    assert path.stat().st_size > GB
    run = subprocess.run([sys.executable, "-c", ADD_AND_MEASURE, str(tmp_path / "s.db"), str(path)],
                         capture_output=True, text=True, check=True)
    stored, peak_mb = run.stdout.splitlines()
    assert stored == "600 [(301, 'malformed_json'), (302, 'too_large')]"
    assert int(peak_mb) < 250, f"add of a 1 GB file peaked at {peak_mb} MB"
    store = open_store(tmp_path / "s.db")
    assert store.counts()["articles"] == 600


def test_an_article_that_cannot_be_annotated_is_rejected_and_the_others_are_annotated(tmp_path, monkeypatch, seeds):
    import storyline.annotate as annotate

    real = annotate._annotate_full

    def out_of_memory_on_huge(articles):  # what numpy raises when an array does not fit
        if any(a.id == "huge" for a in articles):
            raise MemoryError("Unable to allocate 7.3 GiB")
        return real(articles)

    monkeypatch.setattr(annotate, "_annotate_full", out_of_memory_on_huge)
    (tmp_path / "huge.jsonl").write_text(json.dumps({"id": "huge", "text": PARAGRAPHS[0] * 3}) + "\n")
    s = open_store(tmp_path / "s.db")
    add(s, [seeds, tmp_path / "huge.jsonl"])
    report = build(s, Config(annotate_processes=1))
    assert report.annotated == 3
    assert [(r.path, r.code) for r in report.failed] == [("huge", "annotation_failed")]
    assert "out of memory" in report.failed[0].message
    assert ("huge", "annotation_failed") in {(r.path, r.code) for r in s.rejections()}
    annotated = {sent.article_id for sent in s.sentences()}
    assert len(annotated) == 2 and "huge" not in annotated  # both seeds, in the same batch as it
    assert build(s, Config(annotate_processes=1)).annotated == 0  # not tried again
