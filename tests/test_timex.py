import random

import pytest

from storyline.annotate.timex import tag
from storyline.model import PublishedDate

DEC_2 = PublishedDate("2018-12-02", "day", "metadata")
OCT_10 = PublishedDate("2018-10-10", "day", "metadata")


def values(text, published):
    return {t.text: (t.value, t.earliest, t.latest) for t in tag(text, published)}


@pytest.mark.parametrize("text,published,surface,value,earliest,latest", [
    ("during their meeting in Singapore, June 12 2018.", DEC_2, "June 12 2018", "2018-06-12", "2018-06-12", "2018-06-12"),
    ("Trump held talks with Xi on Saturday that focused on trade.", DEC_2, "Saturday", "2018-12-01", "2018-12-01", "2018-12-01"),
    ("Pompeo was due to meet an official in early November.", DEC_2, "early November", "2018-11", "2018-11-01", "2018-11-10"),
    ("perhaps as soon as January or February.", DEC_2, "January or February", "2019-01", "2019-01-01", "2019-02-28"),
    ('"we are going to do one, into January, February, I think," said Trump.', DEC_2, "January, February", "2019-01", "2019-01-01", "2019-02-28"),
    ("a second summit in early 2019", DEC_2, "early 2019", "2019", "2019-01-01", None),
    ("following Pompeo's trip to Pyongyang last Sunday", OCT_10, "last Sunday", "2018-10-07", "2018-10-07", "2018-10-07"),
    ("US President Donald Trump said Tuesday that he would hold", OCT_10, "Tuesday", "2018-10-09", "2018-10-09", "2018-10-09"),
    ("Election day is November 6.", OCT_10, "November 6", "2018-11-06", "2018-11-06", "2018-11-06"),
    ("to end the 1950-53 Korean War", OCT_10, "1950-53", "1950", "1950-01-01", "1953-12-31"),
])
def test_seed_expressions(text, published, surface, value, earliest, latest):
    found = values(text, published)
    assert surface in found, found
    got_value, got_earliest, got_latest = found[surface]
    assert got_value == value
    assert got_earliest == earliest
    if latest:
        assert got_latest == latest


def test_durations_and_present():
    found = {t.text: (t.type, t.value) for t in tag("It lasted a decade; two years of talks. Now it is over.", DEC_2)}
    assert found["a decade"] == ("DURATION", "P10Y")
    assert found["two years"] == ("DURATION", "P2Y")
    assert found["Now"] == ("DATE", "PRESENT_REF")


def test_unknown_or_month_publication_date_never_invents_a_day():
    month_only = PublishedDate("2018-10", "month", "metadata")
    value, earliest, _ = values("He said Tuesday it was fine.", month_only)["Tuesday"]
    assert earliest is None and (value is None or value.startswith("XXXX"))
    assert values("He will go in June.", PublishedDate.unknown())["June"][0] == "XXXX-06"
    assert values("Election day is November 6.", month_only)["November 6"][0] == "2018-11-06"


@pytest.mark.parametrize("text", ["We may go.", "Protesters march to the square.", "A second summit was held.",
                                  "The 2010 Year of the Tiger.", "We will win", "2,000 people came; 2000 people left."])
def test_things_that_look_like_dates_but_are_not(text):
    assert [t for t in tag(text, DEC_2) if t.type == "DATE" or t.value and t.value.startswith("P20")] == []


def test_never_crashes_on_any_text():
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-–,./:;'\"()\n\u00e9\u4e2d\ufffd"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        for t in tag(text, DEC_2):
            assert text[t.start:t.end] == t.text
    big = "On Tuesday, June 12 2018, they met. " * 5000
    assert [t.text for t in tag(big, DEC_2)] == ["Tuesday, June 12 2018"] * 5000


def test_offsets_point_at_the_text(seeds):
    text = (seeds / "000_8218b4d8405101c4.txt").read_text()
    for t in tag(text, DEC_2):
        assert text[t.start:t.end] == t.text


OCT_26_1989 = PublishedDate("1989-10-26", "day", "metadata")  # a Thursday


@pytest.mark.parametrize("text,surface,type_,value", [
    ("Net income rose in the third quarter.", "the third quarter", "DATE", "1989-Q3"),
    ("Net income rose in the third quarter, up from $2 million a year earlier.", "a year earlier", "DATE", "1988-Q3"),
    ("Sales fell in the fourth quarter of 1988.", "the fourth quarter of 1988", "DATE", "1988-Q4"),
    ("The deal closes in the first half of 1990.", "the first half of 1990", "DATE", "1990-H1"),
    ("The plant will reopen this summer.", "this summer", "DATE", "1989-SU"),
    ("Prices soared in the 1970s.", "the 1970s", "DATE", "197"),
    ("Shoppers crowded stores on Christmas Eve.", "Christmas Eve", "DATE", "1988-12-24"),
    ("The vote is on Election Day.", "Election Day", "DATE", "1989-11-07"),
    ("The market closed at 4 p.m. EDT Tuesday.", "4 p.m. EDT Tuesday", "TIME", "1989-10-24T16:00"),
    ("Police arrived this morning.", "this morning", "TIME", "1989-10-26TMO"),
    ("Shares fell until mid-afternoon yesterday.", "mid-afternoon yesterday", "TIME", "1989-10-25TAF"),
    ("He appeared in court at midday.", "midday", "TIME", "1989-10-26T12:00"),
    ("The market opened at 9:30 EDT.", "9:30 EDT", "TIME", "1989-10-26T09:30"),
    ("The riots began on Oct. 3. Police arrived at 10 p.m.", "10 p.m.", "TIME", "1989-10-03T22:00"),
    ("The talks lasted 2 1/2 hours.", "2 1/2 hours", "DURATION", "PT2H30M"),
    ("He waited a year and a half.", "a year and a half", "DURATION", "P1Y6M"),
    ("The paper is published daily.", "daily", "SET", "P1D"),
    ("They meet every Tuesday.", "every Tuesday", "SET", "XXXX-WXX-2"),
    ("Talks resumed Sun. after a pause.", "Sun.", "DATE", "1989-10-22"),
    ("The vote was on Thurs. Oct. 19, 1989.", "Thurs. Oct. 19, 1989", "DATE", "1989-10-19"),
    ("Flights leave on Tuesday nights.", "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
    ("The shop closes on Sundays.", "Sundays", "SET", "XXXX-WXX-7"),
    ("Marchers parade each July.", "each July", "SET", "XXXX-07"),
    ("The plant closed in June last year.", "June last year", "DATE", "1988-06"),
    ("He was elected in 1980. The following year he resigned.", "The following year", "DATE", "1981"),
    ("Revenue will rise next year.", "next year", "DATE", "1990"),
    ("The firm was founded ten years ago.", "ten years ago", "DATE", "1979"),
    ("It happened recently.", "recently", "DATE", "PAST_REF"),
    ("The unit was sold in nineteen eighty-seven.", "nineteen eighty-seven", "DATE", "1987"),
    # the verb cue: "as soon as" looks ahead; "had been due" is the future seen from the past;
    # a passive participle ("will be named") is no past tense; "the plan" is a noun, no plan to act
    ("The father could arrive as soon as Tuesday.", "Tuesday", "DATE", "1989-10-31"),
    ("The offer had been due to expire Friday.", "Friday", "DATE", "1989-10-20"),
    ("He will be named ambassador in May.", "May", "DATE", "1990-05"),
    ("The board announced the plan Aug. 21.", "Aug. 21", "DATE", "1989-08-21"),
    ("The bid will expire Friday. It was set on the previous Friday.", "the previous Friday", "DATE", "1989-10-20"),
    ("It happened in January nineteen ninety-seven.", "January nineteen ninety-seven", "DATE", "1997-01"),
    ("Profit was in the company's 1988 operating results.", "1988", "DATE", "1988"),
    ("Troops will stay for at least 20 more years.", "at least 20 more years", "DURATION", "P20Y"),
    ("It has been so for almost a hundred years.", "almost a hundred years", "DURATION", "P100Y"),
    ("The spin-off could be effective as early as next year's first quarter.", "next year's first quarter", "DATE", "1990-Q1"),
    ("Rules should be in place by year's end.", "year's end", "DATE", "1989"),
    ("It was a hastily planned trip on Friday.", "Friday", "DATE", "1989-10-20"),
    ("They planned to leave Nairobi on Friday.", "Friday", "DATE", "1989-10-27"),
    ("He was seen on Oct. 3 and left the day before.", "the day before", "DATE", "1989-10-02"),
    ("Shares hit a high for the year of $42 in June.", "the year", "DATE", "1989"),
    ("It pays interest every quarter.", "every quarter", "SET", "P1Q"),
    ("Losses will cut tax payments in future quarters.", "future quarters", "DATE", "FUTURE_REF"),
    ("Talks began. A few days later, they failed.", "A few days later", "DURATION", "PXD"),
    ("The summit is on Nov. 14 and 15.", "15", "DATE", "1989-11-15"),
    ("The March accession will admit three members.", "March", "DATE", "1990-03"),
    ("The post-1959 politics split families.", "1959", "DATE", "1959"),
    ("Holders may buy shares at the then current market price.", "then current", "DATE", "PAST_REF"),
    ("The rest will be sold at a later date.", "a later date", "DATE", "FUTURE_REF"),
    ("The option may be extended for an additional year.", "an additional year", "DURATION", "P1Y"),
    ("Losses will go on through the first two quarters of 1990.", "the first two quarters of 1990", "DATE", "1990-H1"),
    ("Sales were flat in the last half of the '80s.", "the last half of the '80s", "DATE", "198"),
    ("Islam will one day be the second largest religion here.", "one day", "DATE", "FUTURE_REF"),
    ("He had been in the job only one day.", "only one day", "DURATION", "P1D"),
    # TIMEX3 writes a decade with three digits and a century with two
    ("Rock music changed in the 20th century.", "the 20th century", "DATE", "19"),
    ("The fund was set up a decade ago.", "a decade ago", "DATE", "1979"),
    # "for the full year" is this year; "the year ended March 31" is a twelve-month span
    ("The company expects a loss for the full year.", "the full year", "DATE", "1989"),
    ("Profit for the year ended March 31 fell.", "the year", "DURATION", "P1Y"),
])
def test_more_expressions(text, surface, type_, value):
    found = {t.text: (t.type, t.value) for t in tag(text, OCT_26_1989)}
    assert found.get(surface) == (type_, value), found


def test_ages_and_fractions_are_not_durations():
    assert tag("a 6-year-old boy and a 44-year-old man", OCT_26_1989) == []
    assert [t.text for t in tag("three-quarters of the vote", OCT_26_1989)] == []


def test_ranges_follow_modifiers_and_precision():
    (t,) = tag("late 2019", DEC_2)
    assert (t.value, t.mod, t.earliest, t.latest) == ("2019", "END", "2019-09-01", "2019-12-31")
    (q,) = tag("the fourth quarter of 2018", DEC_2)
    assert (q.earliest, q.latest, q.precision) == ("2018-10-01", "2018-12-31", "quarter")


@pytest.mark.parametrize("text", ["Due on February 30, 2018.", "Filed 2/30/2018.", "On 2018-02-30 it rained.",
                                  "By June 31 they left.", "A few days later they met.", "Half a year later, peace."])
def test_impossible_or_vague_dates_resolve_to_nothing_exact(text):
    assert all(t.earliest is None for t in tag(text, DEC_2) if "few" in t.text or "alf" in t.text)
    assert not any(t.value and "-02-30" in t.value for t in tag(text, DEC_2))


@pytest.mark.parametrize("text,surface,value", [
    ("Profit rose in the third quarter. In the year-ago quarter, it fell.", "the year-ago quarter", "1988-Q3"),
    ("Profit rose in the quarter ended Sept. 30, up from $2 million a year earlier.", "a year earlier", "1988-Q3"),
    ("Profit rose in the third quarter. Sales were $5 million in the 1988 quarter.", "the 1988 quarter", "1988-Q3"),
    ("In the first nine months, net rose, compared with a loss in the 1988 period.", "the 1988 period", "1988"),
    ("U.K. sales for last year's quarter were $3 million.", "last year's quarter", "1988-Q3"),
    ("Net fell in the second quarter from the corresponding period last year.", "the corresponding period last year", "1988-Q2"),
    ("Profit rose in the second quarter. Sales in the latest period were flat.", "the latest period", "1989-Q2"),
    ("A year ago, the bank had a profit of $1.8 million.", "A year ago", "1988"),
    ("A year earlier UniFirst earned $2.4 million.", "A year earlier", "1988"),
    ("The loss was C$2 million a year ago. Sales were C$348 million against C$307 million a year earlier.",
     "a year earlier", "1988"),
])
def test_a_financial_report_compares_with_the_quarter_in_play(text, surface, value):
    found = {t.text: t.value for t in tag(text, OCT_26_1989)}
    assert found.get(surface) == value, found


def test_soon_is_a_future_reference_only_as_an_adverb_of_the_future():
    assert [(t.text, t.value) for t in tag("Kellogg will soon begin selling boxes.", OCT_26_1989)] == [("soon", "FUTURE_REF")]
    assert [(t.text, t.value) for t in tag("Do it as soon as possible.", OCT_26_1989)] == [("as soon as possible", "FUTURE_REF")]
    for text in ["He will leave as soon as he can.", "He was killed soon after his capture.", "He was soon released."]:
        assert tag(text, OCT_26_1989) == [], text


def test_a_day_anchored_on_an_event_or_on_nothing_is_not_resolved():
    assert [t.text for t in tag("He was seen the day before authorities issued a warrant.", OCT_26_1989)] == []
    assert [t.text for t in tag("Traders made huge losses that day.", OCT_26_1989)] == []


def test_a_clock_time_with_a_zone_is_no_year():
    assert not [t for t in tag("At 2032 GMT the conference opened.", PublishedDate("2010-01-15", "day", "metadata"))
                if t.value == "2032"]
