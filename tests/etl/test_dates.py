"""Dates found in English sentences: their span, the days they stand for, precision, role and qualifier."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from etl.errors import ConfigError
from etl.extract.dates import DATES_FILE, DateMention, find_dates, load_date_words

REF = date(2024, 6, 21)  # publication date of the seed article (a Friday)
SEED = Path(__file__).parents[2] / "datasets" / "sources" / "chatham-house-kim-putin-partnership-2024-06.md"
D = date


def only(text: str, reference: date | None = REF) -> DateMention:
    found = find_dates(text, reference)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "written", "start", "end", "precision"),
    [
        # the seed article's own phrases
        ("Putin went to Pyongyang on 17–18 June.", "17–18 June", "2024-06-17", "2024-06-18", "range"),
        ("Kim visited Russia in September 2023.", "September 2023", "2023-09-01", "2023-09-30", "month"),
        ("Next month’s NATO Summit in Washington.", "Next month", "2024-07-01", "2024-07-31", "month"),
        ("A meeting later this year is possible.", "later this year", "2024-06-21", "2024-12-31", "range"),
        ("In May South Korea's president spoke.", "May", "2024-05-01", "2024-05-31", "month"),
        ("In May this year Yoon spoke.", "May this year", "2024-05-01", "2024-05-31", "month"),
        ("A treaty signed in 1961 during the Cold War.", "1961", "1961-01-01", "1961-12-31", "year"),
        ("And another in 2000, the latter.", "2000", "2000-01-01", "2000-12-31", "year"),
        # days
        ("Signed on 17 June 2024 in Pyongyang.", "17 June 2024", "2024-06-17", "2024-06-17", "day"),
        ("Signed on June 17, 2024 in Pyongyang.", "June 17, 2024", "2024-06-17", "2024-06-17", "day"),
        ("Delivered on 2024-02-18 to his sister.", "2024-02-18", "2024-02-18", "2024-02-18", "day"),
        ("Dated 17/06/2024 in the file.", "17/06/2024", "2024-06-17", "2024-06-17", "day"),
        ("The treaty was signed on 19 June.", "19 June", "2024-06-19", "2024-06-19", "day"),
        ("Reported on 13 Oct. 2023 by the White House.", "13 Oct. 2023", "2023-10-13", "2023-10-13", "day"),
        ("Said on Monday, 28 October 2024.", "Monday, 28 October 2024", "2024-10-28", "2024-10-28", "day"),
        ("Talks ended on the 17th of June 2024.", "the 17th of June 2024", "2024-06-17", "2024-06-17", "day"),
        # day ranges
        ("Talks on 17-18 June 2024 went well.", "17-18 June 2024", "2024-06-17", "2024-06-18", "range"),
        ("Talks from 17 to 18 June went well.", "from 17 to 18 June", "2024-06-17", "2024-06-18", "range"),
        ("Talks on June 17–18 went well.", "June 17–18", "2024-06-17", "2024-06-18", "range"),
        ("Shoigu was there on 25–27 Jul 2023.", "25–27 Jul 2023", "2023-07-25", "2023-07-27", "range"),
        ("Talks between 17 and 18 June.", "between 17 and 18 June", "2024-06-17", "2024-06-18", "range"),
        ("Talks on 17 and 18 June.", "17 and 18 June", "2024-06-17", "2024-06-18", "range"),
        (
            "Went from 30 June — 2 July 2024.",
            "from 30 June — 2 July 2024",
            "2024-06-30",
            "2024-07-02",
            "range",
        ),
        # months and month ranges
        ("Kim's trip in Sept. 2023 was telling.", "Sept. 2023", "2023-09-01", "2023-09-30", "month"),
        ("Kim's trip in Sep 2023 was telling.", "Sep 2023", "2023-09-01", "2023-09-30", "month"),
        ("Elections are due in September.", "September", "2024-09-01", "2024-09-30", "month"),
        (
            "Sent between March and October 2024.",
            "between March and October 2024",
            "2024-03-01",
            "2024-10-31",
            "range",
        ),
        ("Deliveries (Mar–Oct 2024) doubled.", "Mar–Oct 2024", "2024-03-01", "2024-10-31", "range"),
        ("Deliveries March–October 2024 doubled.", "March–October 2024", "2024-03-01", "2024-10-31", "range"),
        ("Notes cover Jul 2023 - May 2025.", "Jul 2023 - May 2025", "2023-07-01", "2025-05-31", "range"),
        ("An index for 2024-06 was issued.", "2024-06", "2024-06-01", "2024-06-30", "month"),
        # quarters and halves
        ("Growth in 2024Q1 slowed.", "2024Q1", "2024-01-01", "2024-03-31", "quarter"),
        ("Growth in Q1 2024 slowed.", "Q1 2024", "2024-01-01", "2024-03-31", "quarter"),
        (
            "At the close of the first quarter of 2024.",
            "the first quarter of 2024",
            "2024-01-01",
            "2024-03-31",
            "quarter",
        ),
        (
            "Shipments in the last quarter of 2023.",
            "the last quarter of 2023",
            "2023-10-01",
            "2023-12-31",
            "quarter",
        ),
        (
            "Output fell in the first half of 2024.",
            "the first half of 2024",
            "2024-01-01",
            "2024-06-30",
            "range",
        ),
        # years and parts of years
        ("It replaces the 2000 treaty.", "2000", "2000-01-01", "2000-12-31", "year"),
        ("Shipments grew in 2024 alone.", "2024", "2024-01-01", "2024-12-31", "year"),
        ("Deliveries began in early 2024.", "early 2024", "2024-01-01", "2024-04-30", "range"),
        ("Deliveries peaked in mid-2024.", "mid-2024", "2024-05-01", "2024-08-31", "range"),
        ("Deliveries slowed in late 2023.", "late 2023", "2023-09-01", "2023-12-31", "range"),
        ("Deliveries slowed at the end of 2023.", "the end of 2023", "2023-09-01", "2023-12-31", "range"),
        (
            "About 1,500 soldiers in mid-October 2024.",
            "mid-October 2024",
            "2024-10-11",
            "2024-10-20",
            "range",
        ),
        ("Russia fired them late last month.", "late last month", "2024-05-21", "2024-05-31", "range"),
        ("Trade from 2019–2021 rose.", "from 2019–2021", "2019-01-01", "2021-12-31", "range"),
        ("Trade in the 1990s fell.", "1990s", "1990-01-01", "1999-12-31", "range"),
        # relative to the reference
        ("Prices rose last month.", "last month", "2024-05-01", "2024-05-31", "month"),
        ("Prices rose this month.", "this month", "2024-06-01", "2024-06-30", "month"),
        ("Prices will rise next year.", "next year", "2025-01-01", "2025-12-31", "year"),
        ("Prices rose last year.", "last year", "2023-01-01", "2023-12-31", "year"),
        ("Prices rose this year.", "this year", "2024-01-01", "2024-12-31", "year"),
        ("Prices rose earlier this year.", "earlier this year", "2024-01-01", "2024-06-21", "range"),
        ("The ministry spoke last week.", "last week", "2024-06-10", "2024-06-16", "range"),
        ("The ministry spoke this week.", "this week", "2024-06-17", "2024-06-23", "range"),
        ("The ministry speaks next week.", "next week", "2024-06-24", "2024-06-30", "range"),
        ("The ministry spoke yesterday.", "yesterday", "2024-06-20", "2024-06-20", "day"),
        ("No deal was announced today.", "today", "2024-06-21", "2024-06-21", "day"),
        ("The ministry speaks tomorrow.", "tomorrow", "2024-06-22", "2024-06-22", "day"),
        ("The Council voted this afternoon.", "this afternoon", "2024-06-21", "2024-06-21", "day"),
        ("Putin visited Pyongyang last March.", "March", "2024-03-01", "2024-03-31", "month"),
        ("A missile was fired last night.", "last night", "2024-06-20", "2024-06-20", "day"),
        ("Seoul's spy agency said on Tuesday.", "Tuesday", "2024-06-18", "2024-06-18", "day"),
        ("Seoul's spy agency said on Friday.", "Friday", "2024-06-21", "2024-06-21", "day"),
        ("Reports since last autumn.", "last autumn", "2023-09-01", "2023-11-30", "range"),
        ("It happened two weeks ago.", "two weeks ago", "2024-06-03", "2024-06-09", "range"),
        ("It ended half a year ago.", "half a year ago", "2023-12-01", "2023-12-31", "month"),
        # stretches that end at the reference
        ("Exports grew over the past year.", "the past year", "2023-06-21", "2024-06-21", "range"),
        ("Exports grew in the last two months.", "the last two months", "2024-04-21", "2024-06-21", "range"),
        ("Talks for the previous 3 weeks.", "the previous 3 weeks", "2024-05-31", "2024-06-21", "range"),
        # weekends (the reference is a Friday)
        ("Troops arrived over the weekend.", "the weekend", "2024-06-15", "2024-06-16", "range"),
        ("Troops arrived last weekend.", "last weekend", "2024-06-15", "2024-06-16", "range"),
        ("Troops will arrive over the weekend.", "the weekend", "2024-06-22", "2024-06-23", "range"),
        ("Troops arrive next weekend.", "next weekend", "2024-06-22", "2024-06-23", "range"),
    ],
)
def test_date_forms(sentence: str, written: str, start: str, end: str, precision: str) -> None:
    mention = only(sentence)
    assert (mention.text, mention.date_start, mention.date_end, mention.precision) == (
        written,
        date.fromisoformat(start),
        date.fromisoformat(end),
        precision,
    )
    assert sentence[mention.start : mention.end] == mention.text
    assert mention.resolved


@pytest.mark.parametrize(
    ("sentence", "relative"),
    [
        ("Signed on 17 June 2024.", False),
        ("Signed on 19 June.", True),
        ("In May he spoke.", True),
        ("Next month’s summit.", True),
        ("In September 2023 he went.", False),
        ("The 1961 treaty.", False),
    ],
)
def test_relative_flag(sentence: str, relative: bool) -> None:
    assert only(sentence).relative is relative


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("Next month’s NATO Summit in Washington.", "Next month"),
        ("A meeting later this year is possible.", "later this year"),
        ("In May South Korea's president spoke.", "May"),
        ("Signed on 19 June in Pyongyang.", "19 June"),
        ("Putin went to Pyongyang on 17–18 June.", "17–18 June"),
        ("Seoul's spy agency said on Tuesday.", "Tuesday"),
        ("The ministry spoke last week.", "last week"),
        ("No deal was announced today.", "today"),
    ],
)
def test_relative_dates_without_reference_stay_unresolved(sentence: str, written: str) -> None:
    mention = only(sentence, reference=None)
    assert mention.text == written
    assert (mention.relative, mention.resolved, mention.precision) == (True, False, "unknown")
    assert mention.date_start is None and mention.date_end is None


def test_absolute_dates_need_no_reference() -> None:
    mention = only("Kim visited Russia in September 2023.", reference=None)
    assert (mention.resolved, mention.relative, mention.precision) == (True, False, "month")
    assert mention.date_start == D(2023, 9, 1)


@pytest.mark.parametrize(
    ("sentence", "reference", "start"),
    [
        # a day or month far from the reference's month belongs to the neighbouring year
        ("Missiles were fired on 30 December and again on 2 January.", D(2024, 1, 4), D(2023, 12, 30)),
        ("Talks resume in January.", D(2024, 11, 20), D(2025, 1, 1)),
        # "since" looks back: December in an April text is last December
        ("The treaty, in force since December, was invoked.", D(2025, 4, 28), D(2024, 12, 1)),
        ("The elections are in September.", D(2024, 2, 1), D(2024, 9, 1)),
    ],
)
def test_year_of_a_date_written_without_one(sentence: str, reference: date, start: date) -> None:
    assert find_dates(sentence, reference)[0].date_start == start


@pytest.mark.parametrize(
    ("sentence", "written", "qualifier"),
    [
        ("Shipped since September 2023.", "September 2023", "since"),
        ("Expected by August 2024.", "August 2024", "by"),
        ("Expected by the end of the year.", "the end of the year", "by"),
        ("Valid until 2025.", "2025", "until"),
        ("Sanctions imposed before 2020.", "2020", "before"),
        ("Sanctions imposed after June 2021.", "June 2021", "after"),
        ("Built around 2019.", "2019", "around"),
        ("The pre-2014 order.", "2014", "before"),
        ("Since the 1990s.", "1990s", "since"),
        ("Deliveries began in early 2024.", "early 2024", "early"),
        ("Deliveries peaked in mid-2024.", "mid-2024", "mid"),
        ("Deliveries slowed in late 2023.", "late 2023", "late"),
        ("Kim visited Russia in September 2023.", "September 2023", None),
    ],
)
def test_qualifiers(sentence: str, written: str, qualifier: str | None) -> None:
    mention = only(sentence)
    assert (mention.text, mention.qualifier) == (written, qualifier)


@pytest.mark.parametrize(
    ("sentence", "cited"),
    [
        ("It breaches resolution 2397 (2017) on vehicles.", "2017"),
        ("It breaches UNSCR 1718 (2006) on arms.", "2006"),
        ("It breaches Resolution 2231 (2015).", "2015"),
        ("It breaches S/RES/2094(2013).", "2013"),
        ("It breaches Regulation (EU) 2017/1509.", "2017"),
        ("It breaches resolution 2397 of 22 December 2017.", "22 December 2017"),
    ],
)
def test_citation_years(sentence: str, cited: str) -> None:
    mention = only(sentence)
    assert (mention.text, mention.role) == (cited, "citation")


def test_resolution_numbers_are_not_dates() -> None:
    found = find_dates("Resolutions 1718 (2006) and 2094 (2013), resolution 2094 and S/RES/2270 apply.", REF)
    assert [(m.text, m.role) for m in found] == [("2006", "citation"), ("2013", "citation")]
    assert find_dates("Resolution 2397 bans vehicles; UNSCR 2087 too.", REF) == []
    # The acronym in brackets between the word and the list ("Resolutions (UNSCR) 1718 (2006), …").
    listed = find_dates("Imposed by UNSC Resolutions (UNSCR) 1718 (2006), 2087 (2013) and 2094 (2013).", REF)
    assert [(m.text, m.role) for m in listed] == [
        ("2006", "citation"),
        ("2013", "citation"),
        ("2013", "citation"),
    ]


def test_a_year_that_names_a_resolution_is_an_event() -> None:
    assert only("The 2013 resolution listed cars.").role == "event"


@pytest.mark.parametrize(
    "sentence",
    [
        "It was a 2019 model.",
        "The ship was built in 2018.",
        "A 2020-made limousine.",
        "Manufactured in 2021.",
    ],
)
def test_manufacture_years(sentence: str) -> None:
    assert only(sentence).role == "manufacture"


@pytest.mark.parametrize(
    "sentence",
    [
        "About 5,000 containers were shipped.",
        "Over 3 million 152 mm shells were sent.",
        "Seoul counted 2024 shells in one depot.",
        "A range of 2000 km.",
        "It cost $2000.",
        "A 1,500-strong unit and 13,000 containers.",
        "This may cause South Korea to re-evaluate its position.",
        "Troops will march on the capital.",
        "The May summit was cancelled.",
        "For the third consecutive year.",
        "Closely watched, 05/06/2024 is ambiguous.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, REF) == []


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        ("Strikes on 5 and 9 June.", ["9 June"]),  # two separate days, not a range; the second is kept
        ("Talks on 30–2 July.", ["2 July"]),  # a range running backwards is no range
        ("Fired on 30 December 2023 and 2 January 2024.", ["30 December 2023", "2 January 2024"]),
    ],
)
def test_what_is_not_a_range(sentence: str, texts: list[str]) -> None:
    assert [m.text for m in find_dates(sentence, REF)] == texts


def test_a_month_listed_after_another_is_a_date_too() -> None:
    found = find_dates("Strikes in July and August, and in May, June or July.", REF)
    assert [m.text for m in found] == ["July", "August", "May", "June", "July"]
    assert find_dates("Kim may and June may not.", REF) == []


def test_the_last_year_of_something_is_not_a_stretch_up_to_the_reference() -> None:
    assert [m.text for m in find_dates("In the last year of the war.", REF)] == ["last year"]


def test_longest_match_wins_and_mentions_do_not_overlap() -> None:
    found = find_dates("From 30 June – 2 July 2024 and in May this year, then next month.", REF)
    assert [m.text for m in found] == ["From 30 June – 2 July 2024", "May this year", "next month"]


def test_unicode_spaces_and_dashes() -> None:
    text = "Putin was in Pyongyang on 17\u201118\u00a0June\u202f2024 and in mid\u20112024."
    found = find_dates(text, REF)
    assert [(m.date_start, m.date_end) for m in found] == [
        (D(2024, 6, 17), D(2024, 6, 18)),
        (D(2024, 5, 1), D(2024, 8, 31)),
    ]


def test_seed_article_offsets_and_order() -> None:
    body = SEED.read_text(encoding="utf-8").split("---", 2)[2]
    found = find_dates(body, REF)
    assert all(body[m.start : m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    texts = [m.text for m in found]
    for phrase in ("17–18 June", "September 2023", "1961", "2000", "later this year", "May", "Next month"):
        assert phrase in texts


def test_malformed_vocabulary_is_reported_with_its_file(tmp_path: Path) -> None:
    broken = tmp_path / "dates.yml"
    broken.write_text(DATES_FILE.read_text(encoding="utf-8").replace('"on": {pick', "on: {pick"), "utf-8")
    with pytest.raises(ConfigError, match="dates.yml"):
        load_date_words(broken)
    (tmp_path / "bad.yml").write_text("months: [unclosed", "utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_date_words(tmp_path / "bad.yml")


_TOKEN_TEXT = (
    "on in since the end of mid- early late last next this later year month week quarter first half Q4 H1 "
    "May June Sept. Dec Feb Tuesday autumn ago two between and to – — - / , ( ) 1 17 31 29 02 12 1961 2000 "
    "2024 2099 2397 1990s mm resolution built model today 2024-02-30 2023/24"
)
_TOKENS = [*_TOKEN_TEXT.split(), " ", "\u00a0"]


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_TOKENS), max_size=14),
    reference=st.one_of(st.none(), st.dates(min_value=D(1901, 1, 1), max_value=D(2098, 12, 31))),
)
def test_any_text_gives_consistent_mentions(words: list[str], reference: date | None) -> None:
    text = " ".join(words)
    found = find_dates(text, reference)
    assert all(text[m.start : m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    for m in found:
        if m.date_start is None or m.date_end is None:
            assert (m.resolved, m.relative, m.precision, reference) == (False, True, "unknown", None)
        else:
            assert m.resolved and m.date_start <= m.date_end
