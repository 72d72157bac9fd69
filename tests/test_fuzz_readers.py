"""Fuzzing every reader: generated files (tests/fuzz_inputs.py) through the real entry points
(``plan`` and ``read_source``, and ``storyline.add`` into a SQLite store).

The properties: only articles and rejections come out (no exception), within a time limit; each
rejection names the file and a reason code on one line; an article's text is clean (NFC, no
invisible or control characters, storable as UTF-8) and, where the reader promises it, holds no
markup, script, style or comment of the input; nothing already stored changes when a bad file is
added.

The short run (60 inputs per reader, a fixed seed) is part of `make test`. The long run:
``STORYLINE_FUZZ_EXAMPLES=1000 pytest tests/test_fuzz_readers.py -s`` (random seeds; it prints how
many inputs each reader saw); with ``STORYLINE_FUZZ_SUMMARY=FILE`` either run writes, per reader,
the inputs, articles, rejections by reason code, the slowest input's seconds and the target's time
as JSON (the figures in docs/benchmarks.md). No example database is kept and Hypothesis's caches go to the
system's temporary folder, so a run leaves no files in the tree.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from fuzz_inputs import (HIDDEN, SECRET, FuzzFile, feed_data, feed_file, html_file, jsonl_file, mutated,
                         paragraph, parquet_file, sidecar_data, sure_files, text_file, trec_file, warc_file, xml_file)
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from storyline import Config, add, open_store
from storyline.ingest import MetadataSidecars, plan, read_source
from storyline.ingest.feed import read_feed
from storyline.ingest.stream import open_input
from storyline.model import Article, Rejection

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "storyline-hypothesis")  # its caches: out of the tree
EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "60"))
LONG = "STORYLINE_FUZZ_EXAMPLES" in os.environ
SHORT_SEED = 7  # a fixed seed, not one derived from the test's code: editing the harness keeps the inputs
SUMMARY = os.environ.get("STORYLINE_FUZZ_SUMMARY")
TIME_LIMIT_S = 5  # CPU seconds to read one input of up to a megabyte: a slower one is a hang
SECONDS_PER_MB = 5  # what a legitimately large input (a 2 MB feed of 9,000 entries) may add
HANG_S = 60  # past this, the input is stopped where it is
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # ``time_limit`` checks each input against a limit that grows with its size
    derandomize=False,  # the short run's inputs come from SHORT_SEED instead: the same every time
    database=None,  # no .hypothesis folder in the tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    print_blob=True,
)
CONFIGS = st.builds(Config, max_file_bytes=st.sampled_from([20_000_000, 20_000_000, 4_000]),
                    encoding_errors=st.sampled_from(["reject", "replace"]),
                    max_decompressed_bytes=st.sampled_from([32_000_000_000, 50_000]))
_CODE = re.compile(r"[a-z][a-z0-9_]*")
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff")
SEEN: dict[str, Counter] = {}  # per reader: inputs, articles, rejections, "rejected:CODE"
SLOWEST: dict[str, list[float]] = {}
TARGET_S: Counter = Counter()


class Hang(Exception):
    pass


class time_limit:
    """Stop the input with ``Hang`` after ``HANG_S`` seconds (restoring pytest-timeout's alarm);
    afterwards, fail an input of ``size`` bytes whose reading took more CPU time than its limit
    (CPU time, not wall time: other work on a shared machine does not make a reader fail), and
    keep the slowest in ``SLOWEST[reader]``."""

    def __init__(self, reader: str | None = None, size: int = 0):
        self.reader, self.size = reader, size

    def __enter__(self):
        def stop(signum, frame):
            raise Hang(f"reading took over {HANG_S} s")

        self.started, self.cpu = time.monotonic(), time.process_time()
        self.handler = signal.signal(signal.SIGALRM, stop)
        self.outer, _ = signal.setitimer(signal.ITIMER_REAL, HANG_S)

    def __exit__(self, *exc):
        took, cpu = time.monotonic() - self.started, time.process_time() - self.cpu
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.handler)
        if self.outer:
            signal.setitimer(signal.ITIMER_REAL, max(0.001, self.outer - took))
        if self.reader and exc[0] is None:
            slowest = SLOWEST.setdefault(self.reader, [0.0])
            slowest[0] = max(slowest[0], cpu)
            limit = TIME_LIMIT_S + SECONDS_PER_MB * max(0, self.size / 1e6 - 1)
            assert cpu <= limit, f"{self.size:,} bytes read in {cpu:.1f} s of CPU time (limit {limit:.1f} s)"


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "secret.txt").write_text(f"{SECRET}\n")
    return root


@pytest.fixture(scope="module", autouse=True)
def inputs_seen(request):
    """Print, after the long run, how many inputs each reader saw and what came out of them; write
    them to ``STORYLINE_FUZZ_SUMMARY`` when it names a file."""
    yield
    if SUMMARY:
        Path(SUMMARY).write_text(json.dumps({reader: {
            "inputs": seen["inputs"], "articles": seen["articles"], "rejections": seen["rejections"],
            "rejected": {k.split(":", 1)[1]: n for k, n in sorted(seen.items()) if k.startswith("rejected:")},
            "slowest_s": round(SLOWEST.get(reader, [0.0])[0], 2), "target_s": round(TARGET_S[reader], 1),
        } for reader, seen in sorted(SEEN.items())}, indent=1) + "\n")
    if LONG:
        for reader, seen in sorted(SEEN.items()):
            print(f"\nfuzz {reader}: {seen['inputs']} inputs, {seen['articles']} articles, "
                  f"{seen['rejections']} rejections")


def write(root: Path, files: dict[str, bytes]) -> Path:
    folder = Path(tempfile.mkdtemp(dir=root))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def read_folder(folder: Path, config: Config, reader: str | None = None) -> list:
    """Everything the readers make of a folder, as ``add`` reads it."""
    sidecars = MetadataSidecars()
    size = sum(f.stat().st_size for f in folder.iterdir())
    with time_limit(reader, size):
        items = [item for source in plan([folder]) for item in read_source(source, config, sidecars)]
    return items + sidecars.problems


def check_rejection(r: Rejection, paths: list[str]) -> None:
    assert any(r.path == p or r.path.startswith(p + "#") for p in paths), (r, paths)
    assert _CODE.fullmatch(r.code), r
    assert r.message.strip() and "\n" not in str(r) and "\r" not in str(r), r
    assert SECRET not in r.message


def check_clean(value: str, what: str) -> None:
    """Stored text: NFC, no zero-width or control characters (a line break aside), valid UTF-8."""
    value.encode("utf-8")  # no lone surrogates: SQLite and PostgreSQL would refuse the row
    assert unicodedata.is_normalized("NFC", value), what
    bad = [c for c in value if c in _INVISIBLE or (unicodedata.category(c) == "Cc" and c != "\n")]
    assert not bad, (what, bad[:5])


def check_article(a: Article, paths: list[str], clean: bool) -> None:
    assert a.origin in paths and a.id, a.origin
    assert a.text.strip() and a.text == a.text.strip(), repr(a.text[:80])
    for name in ("text", "title", "url", "source", "author", "captions", "dateline"):
        value = getattr(a, name)
        assert value is None or isinstance(value, str), (name, value)
        if value:
            check_clean(value, name)
    assert a.title is None or "\n" not in a.title
    assert a.published.value is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", a.published.value)
    shown = "\n".join(v for v in (a.text, a.title, a.captions) if v)
    assert SECRET not in shown
    if clean:
        assert "<" not in shown and ">" not in shown, "markup in the article: " + repr(shown[:200])
        assert HIDDEN not in shown, "script, style or a comment in the article"


def check_items(reader: str, items: list, paths: list[str], clean: bool, at_least_one: bool = True) -> None:
    assert items or not at_least_one, "a file gives at least one article or rejection"
    seen = SEEN.setdefault(reader, Counter())
    seen["inputs"] += 1
    for item in items:
        assert isinstance(item, (Article, Rejection)), type(item)
        if isinstance(item, Rejection):
            seen["rejections"] += 1
            seen["rejected:" + item.code] += 1
            check_rejection(item, paths)
        else:
            seen["articles"] += 1
            check_article(item, paths, clean)


def timed(reader: str, run) -> None:
    """Run a target, adding its time to ``TARGET_S[reader]``."""
    started = time.monotonic()
    run()
    TARGET_S[reader] += time.monotonic() - started


def fuzz_reader(reader: str, files, root: Path, expect_articles: bool = True) -> None:
    """Read each generated file as `add` would and check what comes out, starting from the reader's
    two sure inputs (one stored, one rejected: ``sure_files``); afterwards, that some inputs gave
    articles and some rejections (so both properties were tried)."""
    sure = sure_files(reader) if expect_articles else ()

    @FUZZ
    @given(files, CONFIGS)
    def run(f: FuzzFile, config: Config) -> None:
        folder = write(root, {f.name: f.data})
        try:
            check_items(reader, read_folder(folder, config, reader), [str(folder / f.name)], f.clean)
        finally:
            shutil.rmtree(folder)

    for f in sure:
        run = example(f, Config())(run)
    before = Counter(SEEN.get(reader, Counter()))
    timed(reader, run if LONG else seed(SHORT_SEED)(run))
    seen = SEEN[reader] - before
    assert (seen["articles"] or not expect_articles) and seen["rejections"], seen


def test_text_reader(fuzz_root):
    fuzz_reader("text", text_file(), fuzz_root)


def test_html_reader(fuzz_root):
    fuzz_reader("html", html_file(), fuzz_root)


def test_jsonl_reader(fuzz_root):
    fuzz_reader("jsonl", jsonl_file(), fuzz_root)


def test_feed_reader(fuzz_root):
    fuzz_reader("feed", feed_file(str(fuzz_root / "secret.txt")), fuzz_root)


def test_xml_reader(fuzz_root):
    """NITF, NewsML-G2, TimeML and XML of no news format: entity bombs, external entities and
    DTDs, undefined references, deep nesting, huge text, cut or flipped bytes."""
    fuzz_reader("xml", xml_file(str(fuzz_root / "secret.txt")), fuzz_root)


def test_trec_reader(fuzz_root):
    fuzz_reader("trec", trec_file(), fuzz_root)


def test_warc_reader(fuzz_root):
    fuzz_reader("warc", warc_file(), fuzz_root)


def test_parquet_reader(fuzz_root):
    fuzz_reader("parquet", parquet_file(), fuzz_root)


def test_gzip_wrapped_inputs(fuzz_root):
    """Gzip streams cut, flipped, nested or concatenated, around any format's name."""
    names = st.sampled_from(["a.txt.gz", "a.jsonl.gz", "a.xml.gz", "a.sgml.gz", "a.html.gz", "a.warc.gz", "a.gz"])

    @st.composite
    def gzip_file(draw) -> FuzzFile:
        import gzip

        inner = draw(st.one_of(paragraph.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=1024)))
        packed = gzip.compress(inner, mtime=0)
        shape = draw(st.sampled_from(["mutated", "twice", "members", "magic"]))
        if shape == "twice":
            packed = gzip.compress(packed, mtime=0)
        elif shape == "members":
            packed = packed + draw(st.sampled_from([packed, b"", b"\x1f\x8b", b"trailing junk"]))
        elif shape == "magic":
            packed = b"\x1f\x8b" + draw(st.binary(max_size=512))
        else:
            packed = draw(mutated(packed))
        return FuzzFile(draw(names), packed)

    fuzz_reader("gzip", gzip_file(), fuzz_root, expect_articles=False)  # mostly broken on purpose


def test_metadata_sidecars(fuzz_root):
    """A meta.jsonl of any shape beside a text file and a page: the files are still read, each
    problem of the sidecar one rejection naming it."""
    page = b"<html><body><article><p>" + b"The council met on Tuesday to approve the barrier. " * 8 + b"</p></article></body></html>"

    @FUZZ
    @given(sidecar_data(), CONFIGS)
    def run(sidecar: bytes, config: Config) -> None:
        folder = write(fuzz_root, {"a.txt": b"The council met on Tuesday to approve the flood barrier.\n",
                                   "b.html": page, "meta.jsonl": sidecar})
        try:
            items = read_folder(folder, config, "meta.jsonl")
            check_items("meta.jsonl", items, [str(folder / n) for n in ("a.txt", "b.html", "meta.jsonl")], True)
            assert {item.id for item in items if isinstance(item, Article)} == {"a.txt", "b.html"}
        finally:
            shutil.rmtree(folder)

    timed("meta.jsonl", run if LONG else seed(SHORT_SEED)(run))


def test_large_feed_streamed(fuzz_root):
    """The streamed path a feed over 32 MB takes (lxml's iterparse, an entry at a time), on the
    same generated feeds, read from the file through ``open_input`` as ``read_source`` does."""
    secret = str(fuzz_root / "secret.txt")

    @FUZZ
    @given(st.one_of(feed_data(secret), feed_data(secret).flatmap(mutated)), CONFIGS)
    def run(data: bytes, config: Config) -> None:
        folder = write(fuzz_root, {"big.xml": data})
        path = str(folder / "big.xml")
        try:
            with time_limit("feed (streamed)", len(data)), open_input(path, config.max_decompressed_bytes) as fh:
                try:
                    items = list(read_feed(path, "big.xml", fh, config, in_memory=16))
                except Exception as exc:  # read_source turns InputRejected into a rejection
                    from storyline.errors import InputRejected
                    assert isinstance(exc, InputRejected), repr(exc)
                    items = [Rejection(exc.path, exc.code, exc.message, exc.line)]
            check_items("feed (streamed)", items, [path], clean=False)
        finally:
            shutil.rmtree(folder)

    timed("feed (streamed)", run if LONG else seed(SHORT_SEED)(run))


GOOD = {"keep.txt": b"The council met on Tuesday to approve the flood barrier along the river.\n",
        "keep.jsonl": b'{"id": "j1", "text": "Engineers say the barrier will protect 40,000 homes.", "published": "2024-03-05"}\n'}


@pytest.fixture(scope="module")
def good_store(fuzz_root) -> Path:
    """A SQLite store holding the good articles, made once and copied for each input."""
    path = fuzz_root / "good.db"
    with open_store(path) as store:
        report = add(store, [write(fuzz_root, GOOD)])
    assert len(report.stored) == 2 and not report.rejected
    return path


def test_bad_files_change_nothing_stored(fuzz_root, good_store):
    """`add` a generated file of any kind (ids may clash with the stored ones) to a store with good
    articles: those stay as they were, what is new is what the report says, and each rejection is
    recorded in the store."""
    secret = str(fuzz_root / "secret.txt")
    any_kind = st.one_of(text_file(), html_file(), jsonl_file(), feed_file(secret), xml_file(secret), trec_file(), warc_file(),
                         parquet_file(), st.builds(lambda d: FuzzFile("keep.jsonl", d), jsonl_file().map(lambda f: f.data)))

    @settings(FUZZ, max_examples=max(20, EXAMPLES // 3))
    @given(any_kind)
    def run(f: FuzzFile) -> None:
        folder = write(fuzz_root, {f.name: f.data})
        db = folder.with_suffix(".db")
        shutil.copy(good_store, db)
        try:
            with open_store(db) as store:
                before = {a.id: a for a in store.articles()}
                with time_limit("store", len(f.data)):
                    report = add(store, [folder])
                after = {a.id: a for a in store.articles()}
                assert {i: after.get(i) for i in before} == before
                assert set(after) - set(before) == set(report.stored)
                read: dict[str, Article] = {}
                for a in read_folder(folder, Config()):
                    if isinstance(a, Article):
                        read.setdefault(a.id, a)  # the first of an id is the one stored
                for i in report.stored:  # the text offsets will point into is the reader's, char for char
                    assert (after[i].text, after[i].title) == (read[i].text, read[i].title)
                recorded = {(r.path, r.code, r.line) for r in store.rejections()}
                assert {(r.path, r.code, r.line) for r in report.rejected} <= recorded
                check_items("store", [*after.values(), *report.rejected], [str(folder / f.name)] + [
                    a.origin for a in before.values()], False, at_least_one=False)
        finally:
            shutil.rmtree(folder)
            for leftover in folder.parent.glob(folder.name + ".db*"):
                leftover.unlink()

    timed("store", run if LONG else seed(SHORT_SEED)(run))
