"""News XML read by content: NITF, NewsML-G2 and TimeML stored as dated articles without markup; any
other XML, malformed XML and entity bombs each one rejection naming the file."""

import time

import pytest
from pages import PARAGRAPHS

from storyline import open_store
from storyline.cli import EXIT_REJECTED

NITF = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf version="-//IPTC//DTD NITF 3.6//EN">
  <head>
    <title>Council approves barrier (document title)</title>
    <docdata>
      <doc-id id-string="wire-2012-0424-001"/>
      <date.issue norm="20120424T093000Z"/>
      <doc.copyright holder="Example Wire" year="2012"/>
    </docdata>
    <pubdata type="web" name="Example Wire Service" date.publication="20120425T000000Z"/>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Council approves flood barrier</hl1><hl2>A vote after years of floods</hl2></hedline>
      <byline>By <person>Jane Doe</person></byline>
      <dateline><location><city>RIVERTON</city></location></dateline>
    </body.head>
    <body.content>
      <p>{PARAGRAPHS[0]}</p>
      <media media-type="image"><media-caption>A photo we do not want in the body.</media-caption></media>
      <p>{PARAGRAPHS[1]} <em>Emphasis</em> stays as words.</p>
    </body.content>
    <body.end><tagline>Reporting by Jane Doe</tagline></body.end>
  </body>
</nitf>
"""

NEWSML = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:20201019:flood"
          version="2" standard="NewsML-G2" standardversion="2.29" conformance="power" xml:lang="en">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_36.xml"/>
  <rightsInfo><copyrightHolder literal="examplenews"><name>Example News</name></copyrightHolder></rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="examplenews"/>
    <versionCreated>2020-10-20T08:00:00Z</versionCreated>
    <firstCreated>2020-10-19T11:17:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <creator><name>John Roe</name></creator>
    <headline>River breaks its banks in Riverton</headline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>ignored</title></head>
      <body><h1>River breaks its banks</h1><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""

TIMEML = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>42</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2008-01-09">2008-01-09</TIMEX3></DCT>
<EXTRAINFO>Apple to lower UK iTunes prices</EXTRAINFO>
<TEXT><s id="0">Apple to lower UK iTunes prices</s><s id="1">The European Commission has forced Apple to lower its
prices , Apple <EVENT eid="e22">announced</EVENT> <TIMEX3 tid="t1" type="TIME" value="2008-01-09TMO">this
morning</TIMEX3> .</s><s id="2">The <EVENT eid="e21">change</EVENT> will occur within six months .</s></TEXT>
</TimeML>
"""

BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
        + ']><nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>')
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            '<nitf><body><body.content><p>Leak: &secret;</p></body.content></body></nitf>')


def stored(cli):
    return {a.id: a for a in open_store(cli.db).articles()}


def test_nitf_newsml_and_timeml_are_read_by_their_content(tmp_path, cli):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "story.nitf").write_text(NITF)
    (folder / "item").write_text(NEWSML)  # no extension at all
    (folder / "apple.txt").write_text(TIMEML)  # the wrong one
    result = cli("add", folder, "--quiet")
    assert result.exit_code == 0, result.output
    by_id = stored(cli)
    nitf, newsml, timeml = by_id["story.nitf"], by_id["item"], by_id["apple.txt"]
    assert (nitf.format, nitf.title, nitf.published.value, nitf.author) == (
        "nitf", "Council approves flood barrier", "2012-04-24", "Jane Doe")
    assert (nitf.source, nitf.dateline) == ("Example Wire Service", "RIVERTON")
    assert nitf.text.split("\n") == [PARAGRAPHS[0], PARAGRAPHS[1] + " Emphasis stays as words."]
    assert (newsml.format, newsml.title, newsml.published.value, newsml.author, newsml.source) == (
        "newsml", "River breaks its banks in Riverton", "2020-10-19", "John Roe", "Example News")
    assert newsml.text.split("\n") == ["River breaks its banks", PARAGRAPHS[2], PARAGRAPHS[3]]
    assert (timeml.format, timeml.title, timeml.published.value) == ("timeml", "Apple to lower UK iTunes prices",
                                                                      "2008-01-09")
    assert timeml.text.split("\n") == [  # the headline is not repeated; the tokenizer's spacing is undone
        "The European Commission has forced Apple to lower its prices, Apple announced this morning.",
        "The change will occur within six months."]
    for article in by_id.values():
        assert "<" not in article.text and "<" not in (article.title or "")


def test_a_newsml_message_is_one_article_per_item(tmp_path, cli):
    item = NEWSML.split("\n", 1)[1].replace(' xmlns="http://iptc.org/std/nar/2006-10-01/"', "")
    second = item.replace("urn:newsml:example.com:20201019:flood", "urn:newsml:example.com:20201019:empty")
    second = second.replace("<contentSet>", "<contentSet><!--").replace("</contentSet>", "--></contentSet>")
    (tmp_path / "message.xml").write_text(f'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/>'
                                          f"<itemSet>{item}{second}</itemSet></newsMessage>")
    result = cli("add", tmp_path / "message.xml", "--quiet")
    assert result.exit_code == EXIT_REJECTED
    assert set(stored(cli)) == {"urn:newsml:example.com:20201019:flood"}
    assert "message.xml: newsItem 2: no text" in result.output


def test_html_written_as_text_inside_xml_is_read_as_html(tmp_path, cli):
    escaped = f"&lt;p&gt;{PARAGRAPHS[0]}&lt;/p&gt;&lt;p&gt;{PARAGRAPHS[1]}&lt;/p&gt;"
    (tmp_path / "data.xml").write_text(NEWSML.replace(NEWSML[NEWSML.index("<inlineXML"):NEWSML.index("</contentSet>")],
                                                      f'<inlineData contenttype="text/html">{escaped}</inlineData>'))
    assert cli("add", tmp_path / "data.xml", "--quiet").exit_code == 0
    (article,) = stored(cli).values()
    assert article.text.split("\n") == [PARAGRAPHS[0], PARAGRAPHS[1]]


def test_a_feed_named_xml_is_still_a_feed(tmp_path, cli):
    from pages import rss_feed
    (tmp_path / "news.xml").write_text(rss_feed())
    assert cli("add", tmp_path / "news.xml", "--quiet").exit_code == 0
    assert {a.format for a in stored(cli).values()} == {"feed"}


@pytest.mark.parametrize("name, content, reason", [
    ("config.xml", '<?xml version="1.0"?><project><name>build</name></project>',
     "XML with root element <project>, not a news format storyline reads"),
    ("svg", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>hello</text></svg>',
     "root element <svg>"),
    ("broken.xml", '<?xml version="1.0"?><nitf><body><p>cut off', "malformed XML"),
    ("bomb.xml", BOMB, "entity"),
    ("external.xml", EXTERNAL, "declares entities"),
    ("timeml.tml", "<TimeML><DCT/></TimeML>", "TimeML without a <TEXT> element"),
])
def test_other_xml_is_one_rejection_naming_it(tmp_path, cli, name, content, reason):
    (tmp_path / name).write_text(content)
    (tmp_path / "good.txt").write_text(PARAGRAPHS[0] + "\n")
    started = time.monotonic()
    result = cli("add", tmp_path, "--quiet")
    assert time.monotonic() - started < 30
    assert result.exit_code == EXIT_REJECTED
    rejected = [line for line in result.output.splitlines() if line.startswith("rejected ")]
    assert len(rejected) == 1 and f"{name}:" in rejected[0] and reason in rejected[0], result.output
    assert set(stored(cli)) == {"good.txt"}


def test_an_xml_file_over_max_size_is_rejected(tmp_path, cli):
    (tmp_path / "story.nitf").write_text(NITF)
    result = cli("add", tmp_path / "story.nitf", "--max-size", "1kB", "--quiet")
    assert result.exit_code == EXIT_REJECTED and "over the 1,000-byte limit" in result.output


@pytest.mark.parametrize("value, date_line, expected", [
    ("03-02-2009", "February 03 , 2009", "2009-02-03"),  # day first, as the text's date line says
    ("03-02-2009", "March 2, 2009", "2009-03-02"),  # month first
    ("25-02-2009", "", "2009-02-25"),  # only one reading
    ("03-02-2009", "", None),  # either: no guess
])
def test_a_timeml_creation_time_in_numbers_is_read_as_its_text_confirms(tmp_path, cli, value, date_line, expected):
    sentences = f'<s id="1">{date_line}</s>' if date_line else ""
    (tmp_path / "doc.tml").write_text(
        f'<TimeML><DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="{value}">{value}'
        f"</TIMEX3></DCT><TEXT>{sentences}<s id=\"2\">{PARAGRAPHS[0]}</s></TEXT></TimeML>")
    assert cli("add", tmp_path / "doc.tml", "--quiet").exit_code == 0
    (article,) = stored(cli).values()
    assert article.published.value == expected


def test_a_feed_after_a_long_prolog_is_still_a_feed(tmp_path, cli):
    from pages import rss_feed
    feed = rss_feed()
    declaration, rest = feed.split("?>", 1)
    (tmp_path / "news.xml").write_text(declaration + "?><!--" + "x" * 70_000 + "-->" + rest)
    assert cli("add", tmp_path / "news.xml", "--quiet").exit_code == 0
    assert {a.format for a in stored(cli).values()} == {"feed"}


def test_xml_that_is_not_utf8_is_rejected_unless_replaced(tmp_path, cli):
    path = tmp_path / "latin1.xml"
    path.write_bytes(NITF.replace("Jane Doe", "Jos\u00e9 D\u00edaz").encode("latin-1"))  # declares UTF-8
    result = cli("add", path, "--quiet")
    assert result.exit_code == EXIT_REJECTED and "--encoding-errors replace" in result.output
    assert cli("add", path, "--encoding-errors", "replace", "--quiet").exit_code == 0
    (article,) = stored(cli).values()
    assert article.author == "Jos\ufffd D\ufffdaz"
    assert open_store(cli.db).rejections() == []


def test_an_item_id_that_comes_again_with_other_content_is_named_with_the_file(tmp_path, cli):
    item = NEWSML.split("\n", 1)[1].replace(' xmlns="http://iptc.org/std/nar/2006-10-01/"', "")
    changed = item.replace(PARAGRAPHS[3], PARAGRAPHS[0])
    (tmp_path / "message.xml").write_text(f'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">'
                                          f"<itemSet>{item}{changed}</itemSet></newsMessage>")
    result = cli("add", tmp_path / "message.xml", "--quiet")
    assert result.exit_code == EXIT_REJECTED
    assert "message.xml#urn:newsml:example.com:20201019:flood: article" in result.output
