"""Timelines, cited summaries and developments: on the seeds, on small made-up collections, and
through the `timeline`, `summarize` and `export stories` commands."""

from __future__ import annotations

import json

import pytest
from conftest import AFP, ASIA_TIMES, SEEDS

from storyline import Collection
from storyline.export import story_record
from storyline.ingest.article import make_article
from storyline.model import Citation
from storyline.stories.sentences import query_terms
from storyline.stories.summarize import _query_boosts


@pytest.fixture(scope="module")
def seeds_collection() -> Collection:
    return Collection.read([SEEDS])


def _cited_text(collection: Collection, c: Citation) -> str:
    article = collection.corpus.article(c.article_id)
    return (article.text if c.field == "text" else article.captions)[c.start:c.end]


def _articles(*items: tuple[str, str, str], source: str | None = None):
    """Articles from (id, published, text) triples, made the way the readers make them."""
    return [make_article(id=aid, raw_text=text, origin=aid, format="jsonl", published=published,
                         source=source or aid.split("-")[0]) for aid, published, text in items]


# -- timeline ---------------------------------------------------------------------------------------

def test_seed_timeline_has_the_issue_dates_with_offsets_that_point_at_the_text(seeds_collection):
    entries = seeds_collection.timeline(dates=12)
    dates = {e.date for e in entries}
    assert {"2018-06-12", "2018-11-06"} <= dates
    assert any(e.date.startswith("2019") and len(e.date) <= 7 for e in entries)  # "January or February"
    for e in entries:
        assert e.citations
        assert _cited_text(seeds_collection, e.citations[0]) == e.text
        for c in e.citations:
            assert _cited_text(seeds_collection, c).strip()
    assert [e.earliest for e in entries] == sorted(e.earliest for e in entries)


def test_timeline_window_precision_and_size(seeds_collection):
    entries = seeds_collection.timeline(dates=20, per_date=2, day_only=True, since="2018-06-01", until="2018-11-30")
    assert entries and all(len(e.date) == 10 and "2018-06-01" <= e.date <= "2018-11-30" for e in entries)
    counts = {}
    for e in entries:
        counts[e.date] = counts.get(e.date, 0) + 1
    assert max(counts.values()) <= 2
    assert len(seeds_collection.timeline(dates=2)) <= 2


def test_a_date_many_outlets_report_wins_and_one_entry_cites_them_all():
    quake = "A powerful earthquake struck the capital on Tuesday, killing hundreds of people and flattening homes."
    items = [(f"wire{i}-{n}", "2010-01-13", quake + f" Rescuers in district {n} searched the rubble all night.")
             for i, n in enumerate("abcd")]
    items.append(("local-x", "2010-01-20", "Aid workers said on Monday that fuel was running short in the camps."))
    collection = Collection.of(_articles(*items))
    entries = collection.timeline(dates=1)
    assert [e.date for e in entries] == ["2010-01-12"]
    assert len({c.article_id for c in entries[0].citations}) == 4


def test_query_prefers_sentences_about_it():
    text = ("The central bank raised interest rates on Monday to fight inflation. "
            "Fishermen on the coast reported on Monday that the oil slick had reached the marshes.")
    collection = Collection.of(_articles(("a-1", "2010-05-04", text)))
    (entry,) = collection.timeline(dates=1, query="oil spill")
    assert "oil" in entry.text
    (entry,) = collection.timeline(dates=1, query="interest rates inflation")
    assert "interest" in entry.text


def test_empty_and_dateless_collections_give_empty_views():
    collection = Collection.of(_articles(("a-1", None, "No dates here at all, only words without any time in them.")))
    assert collection.timeline(dates=5) == []
    assert Collection.of([]).summary(words=50) == []


# -- summary ----------------------------------------------------------------------------------------

def test_seed_summary_fits_the_word_budget_and_cites_its_sentences(seeds_collection):
    summary = seeds_collection.summary(words=60)
    assert summary
    assert sum(len(s.text.split()) for s in summary) <= 60
    for s in summary:
        assert _cited_text(seeds_collection, s.citations[0]) == s.text
    assert len(seeds_collection.summary(sentences=3)) == 3


def test_query_focuses_the_summary(seeds_collection):
    summary = seeds_collection.summary(sentences=1, query="Yongbyon nuclear complex")
    assert "Yongbyon" in summary[0].text


def test_a_topic_statement_asks_about_its_subject_not_its_request_words():
    text = ("Details of the plan include examples of new pumps and levees for the delta. "
            "Dock workers at the harbour began a long strike on Monday over pay and hours. "
            "The delta levees held during the storm, officials said on Monday.")
    collection = Collection.of(_articles(("a-1", "2010-05-04", text)))
    (sentence,) = collection.summary(sentences=1, query="Describe the strike. Include details and examples.")
    assert "strike" in sentence.text  # the other sentence holds three of the request words
    assert query_terms("Describe the strike. Include details, and give examples!") == "the strike. and"


def test_the_summary_tells_what_most_articles_report():
    fillers = ["A local bakery reopened its doors with a new menu of breads, cakes and seasonal pastries for visitors.",
               "The city council debated parking fees, bus lanes and a new bicycle path along the old canal.",
               "Schools in the district will close early next week for the annual teacher training days.",
               "A retired sailor shared stories of storms, distant harbours and long voyages across the ocean."]
    items = [(f"wire{n}-1", "2010-05-04",
              f"The Blue River dam burst on Sunday night and flood water reached the valley towns, report {n} said. "
              + filler) for n, filler in enumerate(fillers)]
    (sentence,) = Collection.of(_articles(*items)).summary(sentences=1)
    assert "Blue River dam burst" in sentence.text
    assert len({c.article_id for c in sentence.citations}) == 4  # every article that says it


def test_a_query_word_the_story_seldom_uses_counts_more():
    text = ("The oil spill reached the marshes on Monday. Oil covered the beaches and the oil slick grew. "
            "Crews tried to stop the oil leaking from the well. Fishermen near Grand Isle lost their catch to the oil.")
    collection = Collection.of(_articles(("a-1", "2010-05-04", text)))
    ss = collection.sentences("oil Grand Isle")
    boosts = _query_boosts(ss.query, [set(t.lower().replace(".", "").split()) for t in ss.texts])
    assert boosts["isle"] == boosts["grand"] > boosts["oil"] == 1.0  # "oil" is in every sentence
    assert _query_boosts(collection.sentences(None).query, [{"oil"}]) == {}


def test_summaries_are_deterministic(seeds_collection):
    first = seeds_collection.summary(words=120, query="summit")
    assert first == seeds_collection.summary(words=120, query="summit")


def test_summarize_keeps_solver_prints_off_standard_output(capfd):
    import ctypes
    import os

    from storyline.cli import _stdout_to_stderr

    with _stdout_to_stderr():
        os.write(1, b"written to descriptor 1\n")
        ctypes.CDLL(None).printf(b"printed by the C library\n")
    print("after")
    out, err = capfd.readouterr()
    assert out == "after\n"
    assert "written to descriptor 1" in err and "printed by the C library" in err


def test_summary_is_chronological_and_not_redundant():
    same = "The government announced a new stimulus package worth billions to rescue the banks on Friday."
    collection = Collection.of(_articles(
        ("a-1", "2008-10-03", same + " Markets rose sharply after the announcement in early trading."),
        ("b-1", "2008-10-03", same + " Critics in parliament called the rescue a gift to bankers."),
        ("c-1", "2008-09-15", "Lehman Brothers filed for bankruptcy on Monday after failing to find a buyer for the bank."),
    ))
    summary = collection.summary(sentences=3)
    texts = [s.text for s in summary]
    assert texts.count(same) <= 1
    assert texts[0].startswith("Lehman")
    stimulus = next(s for s in summary if s.text == same)
    assert {c.article_id for c in stimulus.citations} == {"a-1", "b-1"}


# -- developments -----------------------------------------------------------------------------------

def test_seed_summit_timing_development_in_the_export(seed_store):
    (story,) = seed_store.stories()
    record = story_record(story)
    (timing,) = [d for d in record["developments"] if d["subject"] == "summit timing"]
    assert timing["kind"] == "schedule" and timing["changed"] is True
    first, last = timing["claims"]
    assert "November mid-term elections" in first["text"] and first["date"] == "2018-10"
    assert "January or February" in last["text"] and last["date"] == "2018-12-02"
    assert first["sources"][0]["article"] == ASIA_TIMES and last["sources"][0]["article"] == AFP
    for claim in timing["claims"]:
        source = claim["sources"][0]
        assert seed_store.article(source["article"]).text[source["start"]:source["end"]] == claim["sentence"]
        assert claim["text"] in claim["sentence"]
    assert "summit timing: after the upcoming November mid-term elections" in story.developments[0].summary


def test_seed_development_in_the_report(seed_store, tmp_path):
    from storyline.render import write_report

    html = write_report(seed_store, tmp_path / "r.html").read_text()
    assert "summit timing" in html and "January or February" in html


def test_counts_that_differ_between_similar_reports_are_a_development():
    collection = Collection.of(_articles(
        ("bbc-1", "2010-01-13", "Officials said at least 50 people were killed when the earthquake struck Port-au-Prince."),
        ("cnn-1", "2010-01-20", "Officials said 75,000 people were killed when the earthquake struck Port-au-Prince."),
        ("cnn-2", "2010-01-21", "The football team won its match in the rain on Sunday evening in the capital."),
    ))
    from storyline.stories.developments import build_developments

    devs = build_developments(collection.corpus, collection.sentences(), collection.config)
    (deaths,) = [d for d in devs if d.kind == "number"]
    assert deaths.subject == "deaths" and deaths.changed
    assert [c.citation.article_id for c in deaths.claims] == ["bbc-1", "cnn-1"]
    assert "50" in deaths.claims[0].value and "75,000" in deaths.claims[1].value


def test_a_denial_is_paired_with_the_claim_it_denies():
    collection = Collection.of(_articles(
        ("reuters-1", "2011-03-01", "Rebels said government troops shelled the town of Zawiya overnight with heavy artillery."),
        ("afp-1", "2011-03-02", "The government denied that its troops shelled the town of Zawiya with heavy artillery."),
    ))
    from storyline.stories.developments import build_developments

    devs = build_developments(collection.corpus, collection.sentences(), collection.config)
    (denial,) = [d for d in devs if d.kind == "denial"]
    assert [c.citation.article_id for c in denial.claims] == ["reuters-1", "afp-1"]


def test_the_same_timing_said_twice_is_no_development():
    collection = Collection.of(_articles(
        ("a-1", "2018-10-10", "The two leaders will hold a summit in January, officials said."),
        ("b-1", "2018-10-20", "Officials said the summit would take place in January in Vietnam."),
    ))
    from storyline.stories.developments import build_developments

    assert build_developments(collection.corpus, collection.sentences(), collection.config) == []


# -- the commands -----------------------------------------------------------------------------------

def test_timeline_command_json_shape(cli, seeds):
    result = cli("timeline", seeds, "--dates", "5", "--per-date", "1", "--query", "summit", "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert 0 < len(record["timeline"]) <= 5
    for item in record["timeline"]:
        assert item["date"] and item["sentences"] and item["sources"]
        assert all(s["article"] in (AFP, ASIA_TIMES) for s in item["sources"])


def test_summarize_command_json_shape(cli, seeds):
    result = cli("summarize", seeds, "--words", "80", "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary and sum(len(s["text"].split()) for s in summary) <= 80
    assert all(s["sources"] and "start" in s["sources"][0] for s in summary)


def test_views_report_bad_inputs_and_go_on(cli, seeds, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage\x80")
    result = cli("timeline", seeds, bad, "--quiet")
    assert result.exit_code == 3
    assert "bad.txt" in result.stderr
    assert json.loads(result.stdout)["timeline"]
    result = cli("summarize", tmp_path / "missing", "--quiet")
    assert result.exit_code == 3 and "missing" in result.stderr
    result = cli("timeline", seeds, "--since", "yesterday", "--quiet")
    assert result.exit_code == 2 and "--since" in result.stderr


def test_worker_processes_give_the_same_views(seeds_collection):
    from storyline import Config

    parallel = Collection.read([SEEDS], Config(annotate_processes=2))
    assert parallel.corpus.sentences == seeds_collection.corpus.sentences
    assert parallel.timeline(dates=8) == seeds_collection.timeline(dates=8)
    assert parallel.summary(words=100) == seeds_collection.summary(words=100)


def test_counts_are_precise_numbers_never_vague_words_or_pieces():
    from storyline.stories.developments import _counts

    assert [(k, v) for k, _, v in _counts("Officials said 50 000 people were killed.")] == [("deaths", 50000.0)]
    assert _counts("Thousands of people are feared dead.") == []
    assert [v for _, _, v in _counts("The death toll has risen to at least 75,000.")] == [75000.0]
    assert [(k, v) for k, _, v in _counts("BP said the cost of the spill had reached $ 6.1 bn.")] == [("cost", 6.1e9)]


def test_a_far_off_year_is_no_plan():
    collection = Collection.of(_articles(
        ("a-1", "2010-01-15", "The donor summit will be held in March in Montreal, officials said."),
        ("b-1", "2010-01-16", "A summit on rebuilding the island's schools is planned for 2035, officials said."),
    ))
    from storyline.stories.developments import build_developments

    assert build_developments(collection.corpus, collection.sentences(), collection.config) == []


def test_a_date_only_a_list_of_dates_names_is_left_out():
    listing = "Key dates: 3 March: talks open 5 March: talks stall 9 March: talks end."
    collection = Collection.of(_articles(("a-1", "2011-03-20", listing),
                                         ("b-1", "2011-03-21", "The talks ended on 9 March without a deal, diplomats said.")))
    entries = collection.timeline(dates=3)
    assert [e.date for e in entries] == ["2011-03-09"] and "diplomats" in entries[0].text


def test_a_sparse_timeline_does_not_spend_its_dates_on_one_busy_week():
    from storyline.config import Config
    from storyline.stories.timeline import _spread

    weight = {"2010-05-01": 10.0, "2010-05-03": 9.0, "2010-09-01": 6.0, "2010-05-02": 8.0}
    span = ("2010-01-01", "2010-12-31")  # 365 days, 2 dates: neighbours within 18 days weigh half
    assert list(_spread(weight, span, 2, Config()))[:2] == ["2010-05-01", "2010-09-01"]
    # a dense timeline (many dates for its span) keeps neighbouring days
    assert list(_spread(weight, ("2010-05-01", "2010-05-10"), 2, Config()))[:2] == ["2010-05-01", "2010-05-03"]


def test_a_day_still_recalled_weeks_later_outweighs_one_mentioned_only_that_week():
    # two articles each for 1 and 5 March, none published on either day or the day after:
    # the one that recalls 5 March two weeks later tips it
    collection = Collection.of(_articles(
        ("a-1", "2010-03-04", "Police said on 1 March that a bridge had closed for repairs in the north."),
        ("b-1", "2010-03-04", "Traffic was diverted on 1 March after the bridge closed, drivers said."),
        ("c-1", "2010-03-04", "Unions said workers would march through the capital on 5 March."),
        ("d-1", "2010-03-20", "The march through the capital on 5 March ended in riots, witnesses recalled."),
    ))
    assert collection.timeline(dates=1, day_only=True)[0].date == "2010-03-05"


def test_a_date_is_told_by_the_days_reports_rather_than_a_later_recollection():
    collection = Collection.of(_articles(
        ("a-1", "2010-01-13", "A powerful earthquake struck Haiti on 12 January, flattening much of the capital."),
        ("b-1", "2010-03-15", "Aid groups recalled the earthquake of 12 January in Haiti as they rebuilt schools in the capital."),
        ("c-1", "2010-03-16", "Aid groups said schools in the capital of Haiti were rebuilt after the earthquake."),
    ))
    (entry,) = collection.timeline(dates=1, day_only=True)
    assert entry.date == "2010-01-12" and entry.text.startswith("A powerful earthquake")


def test_a_date_whose_sentences_are_all_told_gives_way_to_the_next():
    collection = Collection.of(_articles(
        ("a-1", "2010-02-01", "Ministers will meet on 5 March and again on 9 March to agree the budget, officials said."),
        ("b-1", "2010-02-02", "Farmers protested on Monday against the new tax on diesel in the capital."),
    ))
    dates = [e.date for e in collection.timeline(dates=2, day_only=True)]
    assert len(dates) == 2 and "2010-02-01" in dates


def test_a_sentence_naming_a_date_left_out_is_no_lead_for_its_day():
    collection = Collection.of(_articles(
        ("a-1", "2010-01-13", "Elections are planned for March 2010, the electoral council said.\n"
                              "Rescuers searched the rubble on Tuesday for survivors of the earthquake."),
    ))
    entries = collection.timeline(dates=3, day_only=True)
    assert entries and not any("March" in e.text for e in entries)


def test_counts_read_the_count_not_a_date_or_a_measure():
    from storyline.stories.developments import _counts

    assert [v for _, _, v in _counts("The bombing on 12 March killed 30 people.")] == [30.0]
    assert [v for _, _, v in _counts("A 7.0 magnitude quake killed 230,000 people.")] == [230000.0]
    assert _counts("Talks on 12 March were held in Geneva.") == []


def test_a_claim_phrase_stays_inside_its_sentence():
    collection = Collection.of(_articles(
        ("a-1", "2010-02-01", "The summit will be held on 5 March\nthree sources said on Friday."),
        ("b-1", "2010-02-10", "The summit will be held in June, officials said."),
    ))
    from storyline.stories.developments import build_developments

    (timing,) = build_developments(collection.corpus, collection.sentences(), collection.config)
    for claim in timing.claims:
        assert claim.value in claim.sentence


def test_a_repeated_id_is_reported_and_the_first_article_kept():
    collection = Collection.of(_articles(("a-1", "2010-01-13", "The first article about the summit on Monday."),
                                         ("a-1", "2010-01-14", "A wholly different article body about a storm on Tuesday.")))
    assert [a.text for a in collection.articles] == ["The first article about the summit on Monday."]
    assert [r.code for r in collection.rejections] == ["id_conflict"]
    for e in collection.timeline(dates=3):
        assert _cited_text(collection, e.citations[0]) == e.text


def test_an_impossible_window_date_is_a_clear_error(cli, seeds, seeds_collection):
    with pytest.raises(ValueError, match="since"):
        seeds_collection.timeline(since="2018-02-30")
    result = cli("timeline", seeds, "--until", "2018-02-30", "--quiet")
    assert result.exit_code == 2 and "--until" in result.stderr and "Traceback" not in result.output
