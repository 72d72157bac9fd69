"""Cleaning that knows web pages: reader comments, promos, bylines and related links out of the
body, Penn Treebank escapes and spacing undone, all before offsets are taken, and the same file
always giving the same text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from storyline import Config, add, build, open_store
from storyline.ingest import read_paths
from storyline.ingest.boilerplate import is_signature, strip_furniture
from storyline.ingest.clean import clean_text
from storyline.ingest.ptb import is_tokenized, restore, restore_title, unescape, untokenize
from storyline.model import Article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
WAPO = SHARED / "t17" / "Finan_washingtonpost" / "InputDocs"

ARTICLE = [
    "McCain suspended his campaign on Wednesday to return to Washington.",
    "Obama said he would go ahead with the debate in Oxford, Miss.",
    "Congressional leaders met at the White House on Thursday.",
]


def test_a_comment_signature_is_a_time_stamp_next_to_a_comment_action():
    assert is_signature("Posted by: kt | September 19, 2008 4:19 PM | Report abuse")
    assert is_signature("Great point. May 4, 2011 at 10:40 am | Reply")
    assert is_signature("9:32 am ET February 11, 2013 RETWEET Five leaders speak")
    assert is_signature("Posted by kiwidave | Report as abusive Here you will find")
    assert is_signature("kt says: March 3, 2010 at 4:19 pm")
    assert is_signature("Jane Doe • 3 hours ago")
    assert is_signature("Reply • Share ›") and is_signature("Like Reply Report 12")
    assert not is_signature("The vote was set for September 19, 2008 at 4 pm, officials said.")
    assert not is_signature("Gates said on March 3, 2010 that the plan would be shelved.")
    assert not is_signature("LONDON | Thu Apr 29, 2010 11:29am EDT")  # a page's dateline stamp
    assert not is_signature("Share") and not is_signature("Reply to the letter came on Monday.")
    assert not is_signature("Victims were urged to report abuse to the police on May 4, 2011.")


def test_the_comment_thread_is_cut_from_the_posts_closing_byline_to_the_end():
    page = ARTICLE + [
        "By Web Politics Editor | September 25, 2008; 11:19 AM ET Well it looks like McCain is going to debate.",
        "So I suggest you liberals start crossing whatever you have.",
        "Obama needs to call in sick Posted by: mthomps71 | September 26, 2008 11:57 AM | Report abuse I see it.",
        "McCain is going to lose and Obama is looking presidential.",
    ]
    kept, removed = strip_furniture(page)
    assert kept == ARTICLE
    assert [why for why, _ in removed] == ["comments"] * 4


def test_without_an_opener_the_thread_starts_at_its_first_signature():
    page = ARTICLE + ["Really poor judgement Posted by: kirk | September 19, 2008 11:00 AM | Report abuse Trust him.",
                      "I can't remember now."]
    assert strip_furniture(page)[0] == ARTICLE


def test_a_comment_form_in_the_pages_second_half_starts_the_comment_section():
    page = ARTICLE + ["(required, but will not be displayed) The site welcomes a lively discussion.",
                      "Carnival in Merida seems like they favor throwing candy instead of beads!"]
    assert strip_furniture(page)[0] == ARTICLE
    near_top = [ARTICLE[0], "Comments are closed.", *ARTICLE[1:]]  # a link to the comments, not the comments
    assert strip_furniture(near_top)[0] == ARTICLE


def test_a_page_that_opens_with_a_signature_loses_only_the_signed_lines():
    page = ["Posted by: kt | September 19, 2008 4:19 PM | Report abuse"] + ARTICLE
    assert strip_furniture(page)[0] == ARTICLE


def test_promo_lines_go_and_the_article_around_them_stays():
    for promo in ["Get Wonkbook delivered to your inbox or mobile device every morning.",
                  "Sign up for our free e-mail news alerts.", "Follow us on Twitter.", "Share this article",
                  "Click here for the latest updates.", "Copyright 2010 Fox News Network, Inc. All rights reserved.",
                  "42 comments", "Leave a comment"]:
        kept, removed = strip_furniture([ARTICLE[0], promo, ARTICLE[1]])
        assert kept == ARTICLE[:2], promo
        assert removed and removed[0][1] == promo
    for body in ["Subscribers fled the service after the price rose, the company said.",
                 "The Fed said it would share more data with Congress on Tuesday."]:
        assert strip_furniture([body])[0] == [body]


def test_a_byline_is_taken_off_the_line_it_opens():
    kept, removed = strip_furniture(["By Shailagh Murray and Paul Kane TOLEDO, Ohio -- Obama added $60 billion."])
    assert kept == ["TOLEDO, Ohio -- Obama added $60 billion."]
    assert removed == [("byline", "By Shailagh Murray and Paul Kane")]
    for body in ["By now, Bush would have been upstairs.", "By Raines's own account, he took two calls."]:
        assert strip_furniture([body])[0] == [body]


def test_a_blog_posts_footer_is_taken_off_the_next_post():
    kept, removed = strip_furniture(["Motorola launched a games service.",
                                     "Posted by Keith Stuart at 10:48 AM | Comments (2) | Permalink EA announced titles."])
    assert kept == ["Motorola launched a games service.", "EA announced titles."]
    assert removed == [("byline", "Posted by Keith Stuart at 10:48 AM | Comments (2) | Permalink")]
    index = ["First post tells of the launch.", "Posted by Jane at 3:45 PM | 2 comments",
             "Second post tells of the sale.", "Posted by Jane at 1:15 PM | 0 comments"]
    assert strip_furniture(index)[0] == ["First post tells of the launch.", "Second post tells of the sale."]


def test_a_related_links_list_goes_with_its_heading():
    page = [ARTICLE[0], "Related stories:", "Banks brace for more losses", "Dow falls 500 points", "",
            ARTICLE[1]]
    assert strip_furniture(page)[0] == [ARTICLE[0], "", ARTICLE[1]]


def test_ptb_escapes_become_their_characters():
    assert unescape("a -LRB- b -RRB- -LSB- c -RSB- -lcb- d -rcb- e\\/f") == "a ( b ) [ c ] { d } e/f"
    assert unescape("he said `` no '' twice") == 'he said " no " twice'
    assert untokenize("Summers -LRB- the adviser -RRB- said : `` It 's fine . ''") == \
        'Summers (the adviser) said: "It\'s fine."'


def test_tokenizer_spacing_is_rejoined_only_on_a_tokenized_page():
    tokenized = ["How did we get here ?", "On Wednesday , Apple said it do n't know .", "A $ 14 billion plan ."]
    assert is_tokenized(tokenized)
    assert restore(tokenized) == ["How did we get here?", "On Wednesday, Apple said it don't know.",
                                  "A $14 billion plan."]
    written = ["He asked: why ?", "On Wednesday, Apple said it didn't know.", "It's done, isn't it?"]
    assert not is_tokenized(written)
    assert restore(written) == written


def test_clean_text_undoes_tokenization_before_the_dateline_is_taken():
    cleaned = clean_text("WASHINGTON -LRB- Reuters -RRB- - The Fed cut rates on Tuesday , '' he said .\n"
                         "It was the `` biggest '' cut .\nMarkets rose .")
    assert cleaned.dateline == "WASHINGTON (Reuters)"
    assert cleaned.text == 'The Fed cut rates on Tuesday," he said.\nIt was the "biggest" cut.\nMarkets rose.'


def _page(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


WAPO_LIKE = [
    "Get Wonkbook delivered to your inbox or mobile device every morning .",
    "Treasury Secretary Henry Paulson asked Congress for $ 700 billion on Saturday , '' officials said .",
    "The plan -LRB- the largest since the 1930s -RRB- would buy bad mortgage debt from banks .",
    "Lawmakers said they would vote on it next week .",
    "By Ezra Klein | September 20 , 2008 ; 2:00 PM ET What a disaster .",
    "McCain is going to lose Posted by : kt | September 20 , 2008 4:19 PM | Report abuse He is right .",
]


def test_stored_sentences_slice_the_cleaned_text_and_hold_no_comment(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _page(inputs, "wapo.txt", WAPO_LIKE)
    store = open_store(tmp_path / "s.db")
    try:
        assert add(store, [inputs]).stored == ["wapo.txt"]
        build(store)
        article = store.article("wapo.txt")
        assert article.text == ("Treasury Secretary Henry Paulson asked Congress for $700 billion on Saturday,\" "
                                "officials said.\nThe plan (the largest since the 1930s) would buy bad mortgage debt "
                                "from banks.\nLawmakers said they would vote on it next week.")
        sentences = list(store.sentences(["wapo.txt"]))
        assert len(sentences) >= 3
        for s in sentences:
            piece = article.text[s.start:s.end]
            assert piece and piece == piece.strip() and "Report abuse" not in piece
        assert {article.text[s.start:s.end].split()[0] for s in sentences} >= {"Treasury", "The", "Lawmakers"}
    finally:
        store.close()


def test_the_same_file_gives_the_same_text_and_hash_in_any_batch_and_when_added_again(tmp_path):
    alone, crowd = tmp_path / "alone", tmp_path / "crowd"
    alone.mkdir()
    crowd.mkdir()
    _page(alone, "wapo.txt", WAPO_LIKE)
    _page(crowd, "wapo.txt", WAPO_LIKE)
    for i in range(3):  # other pages of the same outlet carrying the same promo and the same lines
        _page(crowd, f"other{i}.txt", WAPO_LIKE[:1] + [f"Story number {i} is told here ."] + WAPO_LIKE[3:4])
    one = [a for a in read_paths([alone]) if isinstance(a, Article)]
    many = {a.id: a for a in read_paths([crowd]) if isinstance(a, Article)}
    assert (one[0].text, one[0].content_hash) == (many["wapo.txt"].text, many["wapo.txt"].content_hash)
    store = open_store(tmp_path / "s.db")
    try:
        add(store, [crowd])
        again = add(store, [crowd])
        assert again.stored == [] and len(again.unchanged) == 4
        assert store.article("wapo.txt").text == one[0].text
    finally:
        store.close()


COMMENT_LINE = re.compile(r"\bReport abuse\b|\bPosted by\b.{0,60}\|\s*\w+ \d")
ESCAPE = re.compile(r"-[LR][RSC]B-|(?:^|\s)(?:``|'')(?=\s|$)")


@pytest.fixture
def wapo_files() -> list[Path]:
    """The shared Timeline17 Washington Post pages that carry a comment thread."""
    if not WAPO.is_dir():
        pytest.skip(f"the shared data is not at {WAPO} (see docs/benchmarks.md, Issue 25: cleaning)")
    files = sorted(p for p in WAPO.glob("*/*") if "Report abuse" in p.read_text(encoding="utf-8", errors="replace"))
    assert len(files) >= 10  # the topic's known comment threads: a lost glob would otherwise pass
    return files


def test_real_washington_post_pages_keep_no_comment_line_and_no_escape(wapo_files, tmp_path):
    for path in wapo_files:
        shutil.copy(path, tmp_path / f"{path.parent.name}_{path.name}")
    articles = [a for a in read_paths([tmp_path], Config()) if isinstance(a, Article)]
    assert len(articles) == len(wapo_files)
    for article in articles:
        assert not COMMENT_LINE.search(article.text), article.id
        assert not ESCAPE.search(article.text), article.id
        assert len(article.text.split()) >= 100, article.id  # the post itself stays


def test_a_page_of_nothing_but_signed_comments_is_rejected_naming_why(tmp_path):
    _page(tmp_path, "comments.txt", ["Posted by: kt | September 19, 2008 4:19 PM | Report abuse",
                                     "Posted by: jm | September 19, 2008 4:20 PM | Report abuse"])
    rejection, = list(read_paths([tmp_path]))
    assert (rejection.code, rejection.message) == ("no_text", "no text left after removing comments")


def test_a_given_title_loses_its_escapes_and_tokenizer_spacing(tmp_path):
    _page(tmp_path, "a.txt", ARTICLE)
    (tmp_path / "meta.jsonl").write_text('{"file": "a.txt", "title": "How did we get here ? -LRB- update -RRB-"}\n')
    article, = list(read_paths([tmp_path]))
    assert article.title == "How did we get here? (update)"
    assert restore_title("What now ?") == "What now ?"  # one space before a mark is not a tokenizer's
