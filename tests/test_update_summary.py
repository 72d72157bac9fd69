"""Update summaries: what a collection adds to what the reader has read, in the library and through
`summarize NEW --seen OLD`."""

from __future__ import annotations

import json

from storyline import Collection, Config
from storyline.ingest.article import make_article
from storyline.stories.summarize import Seen, build_summary, near_repeats

DAM = "The Blue River dam burst on Sunday night and flood water reached the valley towns downstream."
EVACUATION = "Soldiers began moving families from the valley towns to school halls on higher ground on Monday."
FILLERS = ["A local bakery reopened its doors with a new menu of breads, cakes and seasonal pastries.",
           "The city council debated parking fees, bus lanes and a bicycle path along the old canal.",
           "Schools in the district will close early next week for the annual teacher training days.",
           "A retired sailor shared stories of storms, distant harbours and long voyages at sea."]


def _articles(*items: tuple[str, str, str]):
    return [make_article(id=aid, raw_text=text, origin=aid, format="jsonl", published=published,
                         source=aid.split("-")[0]) for aid, published, text in items]


def _old() -> Collection:
    return Collection.of(_articles(*[(f"old{n}-1", "2010-05-02", f"{DAM} {filler}") for n, filler in enumerate(FILLERS)]))


def _new() -> list:
    """Four articles that retell the dam burst; two of them also report the evacuation."""
    return _articles(*[(f"new{n}-1", "2010-05-04", f"{DAM} {EVACUATION if n < 2 else filler}")
                       for n, filler in enumerate(FILLERS)])


def test_the_update_leaves_out_what_the_reader_read_and_tells_what_is_new():
    new = Collection.of(_new())
    (plain,) = new.summary(sentences=1)
    assert plain.text == DAM  # what most articles say, when nothing has been read
    (update,) = new.summary(sentences=1, seen=_old())
    assert update.text == EVACUATION
    assert {c.article_id for c in update.citations} == {"new0-1", "new1-1"}


def test_a_near_repeat_of_a_seen_sentence_is_never_taken():
    """Even one that adds a new detail every new article reports, so its new word pairs are worth
    the most."""
    retold = DAM.replace("downstream.", "downstream, killing three farmers.")
    assert near_repeats([retold, EVACUATION], [DAM], Config().redundancy_similarity) == [True, False]
    others = ["Engineers inspected the cracked spillway walls with drones and divers on Tuesday afternoon.",
              "Insurers expect claims from shop owners whose ground floors filled with mud and debris.",
              "Volunteers handed out bottled water, blankets and hot meals at the sports stadium.",
              "The regional governor promised an inquiry into how the old dam had been maintained."]
    new = Collection.of(_articles(*[(f"new{n}-1", "2010-05-04", f"{retold} {other}") for n, other in enumerate(others)]))
    assert new.summary(sentences=1)[0].text == retold
    update = new.summary(words=60, seen=_old())
    assert update and retold not in [s.text for s in update]


def test_what_is_dated_after_the_reader_last_read_comes_first():
    """With room for one candidate and a bonus larger than the gap in centrality, the sentence that
    names a day after the newest seen article wins over one more articles share."""
    inspection = "Engineers inspected the broken walls of the dam and counted the damage to the turbines."
    later = "Soldiers will move families from the valley towns to school halls on higher ground on Thursday."
    config = Config(summary_pool=1, update_recent_bonus=1.0)
    old = Collection.of(_old().articles, config)
    new = Collection.of(_articles(*[(f"new{n}-1", "2010-05-04", f"{inspection} {later if n < 2 else filler}")
                                    for n, filler in enumerate(FILLERS)]), config)
    assert new.summary(sentences=1)[0].text == inspection
    assert new.summary(sentences=1, seen=old)[0].text == later
    assert Seen.of(old.corpus, [a.id for a in old.articles]).last_published == "2010-05-02"


def test_an_article_read_before_is_never_cited_even_when_it_is_in_the_new_set():
    old = _old()
    both = Collection.of(old.articles + _new())
    for summary in (both.summary(words=80, seen=old),
                    build_summary(both.corpus, both.sentences(), both.config, words=80,
                                  seen=Seen.of(old.corpus, [a.id for a in old.articles]))):
        assert summary
        assert all(c.article_id.startswith("new") for s in summary for c in s.citations)


def test_nothing_new_gives_an_empty_summary():
    old = _old()
    assert old.summary(words=80, seen=old) == []
    assert Collection.of([]).summary(words=80, seen=old) == []
    assert Collection.of(_new()).summary(words=80, seen=Collection.of([]))  # nothing read: a plain summary


def test_summarize_seen_command(cli, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    for n, filler in enumerate(FILLERS):
        (old / f"old{n}.txt").write_text(f"Flood\n\n{DAM} {filler}\n", encoding="utf-8")
        (new / f"new{n}.txt").write_text(f"Flood\n\n{DAM} {EVACUATION if n < 2 else filler}\n", encoding="utf-8")
    result = cli("summarize", new, "--seen", old, "--sentences", "1", "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    (sentence,) = json.loads(result.stdout)["summary"]
    assert sentence["text"] == EVACUATION
    assert {s["article"] for s in sentence["sources"]} == {"new0.txt", "new1.txt"}
    result = cli("summarize", old, "--seen", old, "--format", "json", "--quiet")
    assert result.exit_code == 0 and json.loads(result.stdout) == {"summary": []}
    assert "nothing new" in result.stderr
