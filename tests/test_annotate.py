"""How annotation is shared among worker processes: balanced batches, and the same annotations
whatever the batching."""

from storyline import Config
from storyline.annotate import Annotator, balanced_batch
from storyline.demo import example_inputs
from storyline.ingest import read_paths
from storyline.model import Article


def test_a_small_set_gives_every_worker_four_batches():
    assert balanced_batch(32, 2, 100) == 13  # 8 batches, not 32 + 32 + 32 + 4
    assert balanced_batch(32, 2, 1000) == 32
    assert balanced_batch(32, 2, 3) == 1
    assert balanced_batch(32, 1, 100) == 32  # one process: nothing to balance
    assert balanced_batch(32, 2, None) == 32  # an unknown count keeps the configured size


def test_two_workers_in_small_batches_annotate_as_one_process_does():
    articles = [a for a in read_paths([str(p) for p in example_inputs()], Config()) if isinstance(a, Article)][:12]
    one = list(Annotator(Config(annotate_processes=1)).annotate(articles))
    two = list(Annotator(Config(annotate_processes=2)).annotate(iter(articles), len(articles)))
    assert [a.article_id for a in two] == [a.id for a in articles]
    assert one == two


def test_the_first_batches_are_small_so_the_first_results_come_soon():
    from storyline.annotate import _batches

    articles = [a for a in read_paths([str(p) for p in example_inputs()], Config()) if isinstance(a, Article)][:20]
    assert [len(b) for b in _batches(articles, 8)] == [1, 2, 4, 8, 5]


def test_a_stop_ends_the_batches_and_their_workers():
    import multiprocessing
    import threading

    articles = [a for a in read_paths([str(p) for p in example_inputs()], Config()) if isinstance(a, Article)][:12]
    stop = threading.Event()
    got = []
    for batch in Annotator(Config(annotate_processes=2)).annotate_batches(iter(articles), len(articles), stop):
        got.append([a.article_id for a in batch])
        stop.set()
    assert got == [[articles[0].id]]  # the first batch, of one article; none after the stop
    assert multiprocessing.active_children() == []
