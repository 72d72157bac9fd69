import time

from storyline.ingest.published import from_path, from_url, parse_published, resolve_published


def test_metadata_formats():
    assert parse_published("2018-12-02").value == "2018-12-02"
    assert parse_published("2018-10").precision == "month"
    assert parse_published("2018").precision == "year"
    assert parse_published("2018-12-02T10:11:12Z").value == "2018-12-02"
    assert parse_published("Sun, 02 Dec 2018 10:00:00 GMT").value == "2018-12-02"
    assert parse_published(time.strptime("2018-12-02", "%Y-%m-%d")).value == "2018-12-02"
    assert parse_published("not a date") is None
    assert parse_published("2018-13-45") is None
    assert parse_published("03-02-2009") is None


def test_path_component():
    assert from_path("InputDocs/2010-01-21/1538.htm.txt").value == "2010-01-21"
    assert from_path("InputDocs/2010-01-21/1538.htm.txt").origin == "path"
    assert from_path("2010-13-21/x.txt") is None
    assert from_path("x.txt") is None


def test_url_dates():
    assert from_url("https://asiatimes.com/2018/10/north-korea-us-summit/").value == "2018-10"
    assert from_url("https://www.businesslive.co.za/bd/world/asia/2018-12-02-trump-says/").value == "2018-12-02"
    assert from_url("https://example.com/story") is None


def test_precedence_and_unknown():
    assert resolve_published("2018-10", "2010-01-21/a.txt", None).value == "2018-10"
    assert resolve_published(None, "2010-01-21/a.txt", None).origin == "path"
    unknown = resolve_published(None, "a.txt", None)
    assert unknown.value is None and unknown.precision == "unknown"


def test_a_date_folder_given_directly_still_dates_its_files(tmp_path):
    from storyline.ingest import read_paths

    folder = tmp_path / "2018-10-09"
    folder.mkdir()
    (folder / "a.txt").write_text("The council met.")
    for given in (folder, folder / "a.txt"):
        (article,) = list(read_paths([given]))
        assert article.published.value == "2018-10-09" and article.published.origin == "path"


def test_a_dateline_that_is_a_date_dates_the_article():
    from storyline.ingest.article import make_article

    a = make_article(id="w", raw_text="November 24, 2004\nEmails were released.", origin="w", format="jsonl")
    assert (a.published.value, a.published.origin, a.dateline) == ("2004-11-24", "text", "November 24, 2004")
