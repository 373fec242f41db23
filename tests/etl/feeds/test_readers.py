"""Documents as they come: PDF with and without a text layer, DOCX, HTML, TXT and Markdown."""

from __future__ import annotations

import pytest

from etl.feeds.documents import canonical_url, pick_canonical, web_doc_id
from etl.feeds.readers import Extracted, ReadError, detect_format, read_content
from tests.etl.feeds.conftest import fixture_bytes


def _read(name: str) -> Extracted:
    content = fixture_bytes(name)
    return read_content(content, detect_format(name, "", content))


@pytest.mark.parametrize("name", ["state_designation_mkrtychev.pdf", "state_designation_mkrtychev.docx"])
def test_pdf_and_docx_give_their_text_and_metadata(name: str) -> None:
    extracted = _read(name)
    assert "Ashot Mkrtychev for arms-related activities" in extracted.text
    assert extracted.title == "Designation of Facilitator Pursuing DPRK Arms Deal"
    assert str(extracted.published_on) == "2023-03-30"


def test_a_scanned_pdf_without_text_is_refused_saying_so() -> None:
    with pytest.raises(ReadError, match="no text layer"):
        _read("scanned_statement.pdf")


def test_a_real_treasury_release_page_keeps_its_text_and_leaves_the_site_chrome_out() -> None:
    # A capture of the live page with home.treasury.gov's template around it (fixtures README).
    extracted = _read("treasury_release_sinbad.html")
    text = extracted.text
    assert text.startswith("Mixing services that enable cybercriminals continue to face consequences\n")
    assert (
        text.count("WASHINGTON — Today, the U.S. Department of the Treasury’s Office of Foreign Assets") == 1
    )
    assert "\nSINBAD: A PREFERRED MIXING SERVICE FOR DPRK CYBER ACTORS\n" in text
    assert "to generate revenue for its unlawful weapons of mass destruction and ballistic missile" in text
    assert text.endswith("OFAC’s FAQs on virtual currency.\n###\n")  # the release's last line
    chrome = (
        "Skip to main content",
        "Here’s how you know",  # government banner
        "Countdown to America's 250th Anniversary",  # site banner
        "About Treasury",  # main menu
        "Role of the Treasury",
        "Featured Stories",  # the menu's news panel
        "Economic Fury",  # latest news beside the release, and in the menu
        "Press Releases",  # breadcrumbs, side menu, category label
        "Latest News",
        "Use featured image",
        "Enter Search Term",
        "Bureau of Engraving and Printing",  # footer
        "No FEAR Act",
        "Privacy Policy",
    )
    for words in chrome:
        assert words not in text, words
    assert extracted.title == "Treasury Sanctions Mixer Used by the DPRK to Launder Stolen Virtual Currency"
    assert str(extracted.published_on) == "2023-11-29"
    assert extracted.canonical_url == "https://home.treasury.gov/news/press-releases/jy1933"
    assert extracted.publisher == "U.S. Department of the Treasury"


def test_a_page_keeps_its_article_and_leaves_the_site_chrome_out() -> None:
    # The State Department statement in chrome rebuilt from state.gov's template.
    extracted = _read("state_designation_mkrtychev.html")
    text = extracted.text
    # The whole statement, first paragraph to last, once.
    assert text.count("Today, the United States is designating Ashot Mkrtychev") == 1
    assert "please see the Department of the Treasury’s press release." in text
    chrome = (
        "Skip to content",  # skip link
        "Here's how you know",  # government banner
        "Countries & Areas",  # main menu
        "Home >",  # breadcrumbs
        "Bureau of Economic and Business Affairs",  # tags
        "Related Articles",  # related links
        "No FEAR Act",  # footer
        "Connect with us",
    )
    for words in chrome:
        assert words not in text
    assert extracted.title == "Designation of Facilitator Pursuing DPRK Arms Deal"
    assert str(extracted.published_on) == "2023-03-30"


def test_markdown_front_matter_and_plain_text() -> None:
    note = b"---\ntitle: A note\npublisher: Desk\npublished: 2024-06-19\n---\nThe treaty was signed.\n"
    extracted = read_content(note, detect_format("note.md", "", note))
    assert (extracted.title, extracted.publisher, str(extracted.published_on)) == (
        "A note",
        "Desk",
        "2024-06-19",
    )
    assert extracted.text == "The treaty was signed.\n"
    statement = (
        "Today’s action is a clear message that the United States will not relent in targeting those who "
        "provide support to Russia’s aggression and brutal war against Ukraine.\n"
    )
    latin = statement.encode("cp1252")  # a text file saved on Windows
    assert read_content(latin, detect_format("a.txt", "", latin)).text == statement


@pytest.mark.parametrize(
    ("name", "content_type", "content"),
    [("photo.png", "image/png", b"\x89PNG\r\n\x1a\n"), ("clip", "video/mp4", b"\x00\x00\x00 ftyp")],
)
def test_what_is_not_text_is_refused(name: str, content_type: str, content: bytes) -> None:
    with pytest.raises(ReadError, match="accepted are HTML, PDF, DOCX, TXT and Markdown"):
        detect_format(name, content_type, content)


def test_one_article_under_two_addresses_has_one_id() -> None:
    assert canonical_url("HTTPS://www.State.gov:443/a/?utm_source=x#top") == "https://www.state.gov/a/"
    assert web_doc_id("https://www.state.gov/a/?utm_medium=rss") == web_doc_id("https://www.state.gov/a/")
    # A canonical link to another host (or to the home page) is not trusted.
    assert (
        pick_canonical("https://elsewhere.example/a", "https://www.state.gov/a/")
        == "https://www.state.gov/a/"
    )
    assert pick_canonical("https://www.state.gov/", "https://www.state.gov/a/") == "https://www.state.gov/a/"


def test_a_page_of_menus_and_links_only_is_refused_saying_so() -> None:
    page = (
        b"<html><head><title>Press releases</title></head><body><nav><a href='/'>Home</a> "
        b"<a href='/news'>News</a></nav><footer><a href='/privacy'>Privacy Policy</a></footer></body></html>"
    )
    with pytest.raises(ReadError, match="no main text found in the page"):
        read_content(page, detect_format("list.html", "text/html", page))
