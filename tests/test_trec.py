"""TREC-style SGML newswire (DUC, AQUAINT, TREC disks): one article per <DOC>, bad documents alone rejected."""

from storyline.ingest import plan, read_paths
from storyline.ingest.trec import _date
from storyline.model import Article, Rejection
from storyline.pipeline import add
from storyline.store import open_store

AQUAINT_DOC = """<DOC>
<DOCNO> APW19990421.0284 </DOCNO>
<DOCTYPE> NEWS STORY </DOCTYPE>
<DATE_TIME> 1999-04-21 15:05:29 </DATE_TIME>
<BODY>
<SLUG> BC-Flood-Barrier </SLUG>
<HEADLINE>
Engineers close the river barrier &AMP;&HT; wait
</HEADLINE>
<TEXT>
<P>
   ROTTERDAM, Netherlands (AP) -- Engineers closed the storm barrier
on Wednesday as the river rose to its highest level in fifty years.
</P>
<P>
   The barrier, finished in 1997, protects more than a million people &amp; their homes.
</P>
</TEXT>
</BODY>
<TRAILER>
AP-NY-04-21-99 1505EDT
</TRAILER>
</DOC>
"""

AP_WIRE_FILE = """<DOC>
<DOCNO> AP880217-0100 </DOCNO>
<FILEID>AP-NR-02-17-88 2349EST</FILEID>
<HEAD>Levee Holds After Week of Rain</HEAD>
<TEXT>
   The levee south of the town held on Wednesday after a week of rain,
officials said.
   Crews worked through the night to fill sandbags along the
river bank.
</TEXT>
</DOC>
<DOC>
<DOCNO> AP880217-0101 </DOCNO>
<HEAD>Only a headline</HEAD>
</DOC>
<DOC>
<DOCNO> AP880218-0002 </DOCNO>
<TEXT>
   The file was cut off in the middle of this document
"""

LA_TIMES_DOC = """<DOC>
<DOCNO> LA010189-0001 </DOCNO>
<DATE><P>January 1, 1989, Sunday, Home Edition</P></DATE>
<HEADLINE><P>NEW YEAR BRINGS NEW RULES FOR THE HARBOR</P></HEADLINE>
<TEXT><P>The harbor commission's new rules take effect today, officials said.</P>
<P>Ships longer than 300 meters must now wait for a pilot.</P></TEXT>
</DOC>
"""


def read(paths):
    items = list(read_paths(paths))
    return [a for a in items if isinstance(a, Article)], [r for r in items if isinstance(r, Rejection)]


def test_aquaint_document_id_title_date_and_paragraphs(tmp_path):
    (tmp_path / "APW19990421.0284").write_text(AQUAINT_DOC)
    assert plan([tmp_path])[0].kind == "trec"
    (a,), rejected = read([tmp_path])
    assert rejected == []
    assert a.id == "APW19990421.0284" and a.format == "trec"
    assert a.title == "Engineers close the river barrier & wait"  # TREC's &HT; (a tab) dropped
    assert (a.published.value, a.published.precision) == ("1999-04-21", "day")
    assert a.dateline and a.dateline.startswith("ROTTERDAM")
    paragraphs = [p for p in a.text.split("\n") if p]
    assert paragraphs[0].startswith("Engineers closed the storm barrier on Wednesday as the river rose")
    assert paragraphs[1] == "The barrier, finished in 1997, protects more than a million people & their homes."
    assert "<" not in a.text and "AP-NY" not in a.text  # no markup, no trailer


def test_wire_file_keeps_good_documents_and_names_the_bad_ones(tmp_path):
    path = tmp_path / "ap880217.txt"  # a .txt that holds SGML is read as TREC, not as text
    path.write_text(AP_WIRE_FILE)
    found, rejected = read([path])
    assert [a.id for a in found] == ["AP880217-0100"]
    a = found[0]
    assert a.title == "Levee Holds After Week of Rain" and a.published.value == "1988-02-17"
    assert a.text.split("\n\n") == [
        "The levee south of the town held on Wednesday after a week of rain, officials said.",
        "Crews worked through the night to fill sandbags along the river bank.",
    ]
    reasons = {(r.code, r.line): r.message for r in rejected}
    assert all(r.path == str(path) for r in rejected)
    assert reasons[("no_text", 12)] == "AP880217-0101 has no <TEXT> element with text in it"
    assert "AP880218-0002" in reasons[("truncated_trec", 16)] and "</DOC>" in reasons[("truncated_trec", 16)]


def test_la_times_date_in_words_and_tagged_headline(tmp_path):
    (tmp_path / "la010189.sgml").write_text(LA_TIMES_DOC)
    (a,), rejected = read([tmp_path])
    assert rejected == []
    assert a.published.value == "1989-01-01" and a.title == "NEW YEAR BRINGS NEW RULES FOR THE HARBOR"
    for written, day in (("JANUARY 2, 1989, MONDAY", "1989-01-02"), ("Mayor 12, 2000; May 3, 2000", "2000-05-03")):
        assert _date(written) == day
    assert a.text.split("\n\n")[1] == "Ships longer than 300 meters must now wait for a pilot."


def test_text_indented_throughout_splits_at_blank_lines_only(tmp_path):
    doc = ("<DOC>\n<DOCNO> XIE19980601.0001 </DOCNO>\n<TEXT>\n"
           "   The port reopened on Monday after\n   the storm had passed.\n\n"
           "   Ships waited\n   offshore for two days.\n</TEXT>\n</DOC>\n")
    (tmp_path / "XIE19980601.0001").write_text(doc)
    (a,), _ = read([tmp_path])
    assert a.published.value == "1998-06-01"
    assert a.text.split("\n\n") == ["The port reopened on Monday after the storm had passed.",
                                      "Ships waited offshore for two days."]


def test_gigaword_id_attribute_and_date_from_the_document_id(tmp_path):
    doc = ('<?xml version="1.0"?>\n<DOCSTREAM>\n<DOC id="AFP_ENG_20050101.0001" type="story" >\n<HEADLINE>\n'
           "Quake aid arrives\n</HEADLINE>\n<TEXT>\n<P>\nThe first aid flights landed on Saturday.\n</P>\n</TEXT>\n"
           "</DOC >\n</DOCSTREAM>\n")
    (tmp_path / "afp_eng_200501.xml").write_text(doc)  # AQUAINT-2 style: .xml, a wrapper, "</DOC >"
    assert plan([tmp_path])[0].kind == "trec"
    (a,), rejected = read([tmp_path])
    assert rejected == []
    assert (a.id, a.title, a.published.value) == ("AFP_ENG_20050101.0001", "Quake aid arrives", "2005-01-01")


def test_sgml_file_without_documents_is_rejected(tmp_path):
    path = tmp_path / "empty.sgml"
    path.write_text("<HEADER>nothing here</HEADER>\n")
    found, (rejection,) = read([path])
    assert found == [] and rejection.code == "no_text" and "no <DOC>" in rejection.message


def test_re_adding_a_wire_file_changes_nothing(tmp_path):
    path = tmp_path / "ap880217.txt"
    path.write_text(AP_WIRE_FILE)
    store = open_store(tmp_path / "s.db")
    first = add(store, [path])
    again = add(store, [path])
    assert first.stored == ["AP880217-0100"] and again.stored == [] and again.unchanged == ["AP880217-0100"]
    assert store.counts()["articles"] == 1
